import Testing

@testable import KpiqEngine

@Suite("CSV malformed rows and files")
struct CSVMalformedTests {
    static let skipHint = "add with (on_error = skip) to skip malformed rows"

    @Test(arguments: [
        ("a,b,c\n1,2,3\n4,5\n", 3, "expected 3 fields, found 2"),
        ("a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n", 4, "expected 3 fields, found 4"),
        ("a,b,c\r\n1,2,3\r\n\r\n4,5\r\n", 4, "expected 3 fields, found 2"),
        // The truncated last row of the CFPB export.
        ("a,b,c\n1,2,3\n4,5", 3, "expected 3 fields, found 2"),
    ])
    func wrongFieldCountIsAnError(_ text: String, _ line: Int, _ reason: String) {
        let error = csvError(text)
        #expect(error == CSVError(message: "line \(line): \(reason)", line: line, hint: Self.skipHint))
    }

    @Test func unclosedQuoteIsAnError() {
        let error = csvError("a,b\n1,2\n3,\"never\nends\n4,5\n")
        #expect(error == CSVError(
            message: "line 3: unclosed quote (the field starting here never ends)", line: 3, hint: Self.skipHint))
    }

    @Test func unclosedQuoteInTheHeaderIsAnError() {
        let error = csvError("a,\"b\n1,2\n") { $0.skipMalformedRows = true }
        #expect(error?.line == 1)
        #expect(error?.message.contains("unclosed quote") == true)
    }

    @Test func malformedRowsAreSkippedAndListed() throws {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n16,17"
        let table = try loadCSV(text) { $0.skipMalformedRows = true }
        #expect(table.rowCount == 3)
        #expect(table.values("a") == [.integer(1), .integer(6), .integer(13)])
        #expect(table.skippedRows == [
            SkippedRow(line: 3, reason: "expected 3 fields, found 2"),
            SkippedRow(line: 5, reason: "expected 3 fields, found 4"),
            SkippedRow(line: 7, reason: "expected 3 fields, found 2"),
        ])
    }

    @Test func unclosedQuoteIsSkippedAndReadingGoesOnAtTheNextLine() throws {
        let table = try loadCSV("a,b\n1,x\n2,\"oops\n3,y\n4,z\n") { $0.skipMalformedRows = true }
        #expect(table.skippedRows == [SkippedRow(line: 3, reason: "unclosed quote (the field starting here never ends)")])
        #expect(table.values("a") == [.integer(1), .integer(3), .integer(4)])
        #expect(table.values("b") == [.text("x"), .text("y"), .text("z")])
    }

    @Test func skippedRowsDoNotShiftValuesOfColumnsThatTurnText() throws {
        // Column b is integer until row 4, so rows 1...3 are read again as text, leaving out the bad rows.
        let text = "a,b\n1,10\nbad\n2,20\n3,\"x\",9\n4,abc\n5,30\n"
        let table = try loadCSV(text) { $0.skipMalformedRows = true }
        #expect(table.skippedRows.map(\.line) == [3, 5])
        #expect(table.values("a") == [.integer(1), .integer(2), .integer(4), .integer(5)])
        #expect(table.values("b") == [.text("10"), .text("20"), .text("abc"), .text("30")])
    }

    @Test func missingFile() {
        #expect(throws: CSVError.self) { try CSVReader.read(path: "/nonexistent/nowhere.csv", options: CSVOptions()) }
        do {
            _ = try CSVReader.read(path: "/nonexistent/nowhere.csv", options: CSVOptions())
        } catch {
            #expect(error.message == "cannot open \"/nonexistent/nowhere.csv\": no such file")
            #expect(error.line == nil)
        }
    }

    @Test func directoryIsNotAFile() {
        let directory = TemporaryDirectory()
        do {
            _ = try CSVReader.read(path: directory.path, options: CSVOptions())
            Issue.record("a directory was read")
        } catch {
            #expect(error.message == "cannot open \"\(directory.path)\": it is a directory")
        }
    }

    @Test func fileIsRead() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("sales.csv", Array("id,amount\n1,2.5\n2,3\n".utf8))
        let table = try CSVReader.read(path: path, options: CSVOptions())
        #expect(table.values("amount") == [.decimal(2.5), .decimal(3)])
        let empty = directory.write("empty.csv", [])
        #expect(throws: CSVError(message: "file is empty")) { try CSVReader.read(path: empty, options: CSVOptions()) }
        // Not a regular file: read to its end rather than mapped.
        #expect(throws: CSVError(message: "file is empty")) { try CSVReader.read(path: "/dev/null", options: CSVOptions()) }
    }
}
