import Testing

@testable import KpiqEngine

@Suite("CSV syntax")
struct CSVSyntaxTests {
    @Test func quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws {
        let table = try loadCSV(
            "id,name,note\n1,\"Choice Recovery, Inc.\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\"crlf\r\nkept\"\n3,plain,\"\"\n")
        #expect(table.names == ["id", "name", "note"])
        #expect(table.rowCount == 3)
        #expect(table.values("name") == [.text("Choice Recovery, Inc."), .text("two\nlines"), .text("plain")])
        // A quoted empty field is the empty string, and "" is a null marker.
        #expect(table.values("note") == [.text("say \"hi\""), .text("crlf\r\nkept"), .null])
        #expect(table.values("id") == [.integer(1), .integer(2), .integer(3)])
    }

    @Test func lineNumbersCountLineBreaksInsideQuotes() {
        let error = csvError("a,b\n1,\"x\ny\nz\"\n2,3,4\n")
        #expect(error?.line == 5)
        #expect(error?.message == "line 5: expected 2 fields, found 3")
    }

    @Test func textAfterAClosingQuoteAndStrayQuotesAreKept() throws {
        let table = try loadCSV("a,b\n\"x\"y,5\" screen\n")
        #expect(table.values("a") == [.text("xy")])
        #expect(table.values("b") == [.text("5\" screen")])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ ending: String) throws {
        let text = ["x,y", "1,a", "2,b"].joined(separator: ending) + ending
        let table = try loadCSV(text)
        #expect(table.names == ["x", "y"])
        #expect(table.values("x") == [.integer(1), .integer(2)])
        #expect(table.values("y") == [.text("a"), .text("b")])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let table = try loadCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n1,a\n".utf8))
        #expect(table.names == ["id", "name"])
        #expect(table.values("id") == [.integer(1)])
    }

    @Test(arguments: [
        ("a,b\n1,2\n3,4\n", "newline at the end"),
        ("a,b\n1,2\n3,4", "no newline at the end"),
        ("a,b\r\n1,2\r\n3,4", "CRLF, no newline at the end"),
        ("a,b\n1,2\n3,4\n\n\n", "blank lines at the end"),
        ("a,b\r\n1,2\r\n3,4\r\n\r\n\r\n", "blank CRLF lines at the end"),
        ("\n\na,b\n1,2\n\n3,4\n", "blank lines before and between"),
    ])
    func endsOfFile(_ text: String, _ label: String) throws {
        let table = try loadCSV(text)
        #expect(table.rowCount == 2, "\(label)")
        #expect(table.values("a") == [.integer(1), .integer(3)], "\(label)")
        #expect(table.values("b") == [.integer(2), .integer(4)], "\(label)")
    }

    @Test(arguments: [
        (UInt8(ascii: ","), "id,name,amount\n1,a b,2.5\n2,c,3\n"),
        (UInt8(ascii: ";"), "id;name;amount\n1;a, b;2,5\n2;c;3\n"),
        (UInt8(ascii: "\t"), "id\tname\tamount\n1\ta, b; c\t2.5\n2\tc\t3\n"),
        (UInt8(ascii: "|"), "id|name|amount\n1|a, b|2.5\n2|c;d|3\n"),
    ])
    func delimiterIsDetected(_ delimiter: UInt8, _ text: String) throws {
        let table = try loadCSV(text)
        #expect(table.delimiter == delimiter)
        #expect(table.names == ["id", "name", "amount"])
        #expect(table.values("id") == [.integer(1), .integer(2)])
    }

    @Test func delimiterDetectionIgnoresDelimitersInsideQuotes() throws {
        let table = try loadCSV("a;b\n\"x,y,z\";1\n\"p,q\";2\n")
        #expect(table.delimiter == UInt8(ascii: ";"))
        #expect(table.values("a") == [.text("x,y,z"), .text("p,q")])
    }

    @Test func givenDelimiterIsUsed() throws {
        let table = try loadCSV("a,b;c\n1,2;3\n") { $0.delimiter = UInt8(ascii: ";") }
        #expect(table.names == ["a,b", "c"])
        #expect(table.values("a,b") == [.text("1,2")])
    }

    @Test func singleColumnFile() throws {
        let table = try loadCSV("amount\n1\n2\n3\n")
        #expect(table.delimiter == UInt8(ascii: ","))
        #expect(table.names == ["amount"])
        #expect(table.values("amount") == [.integer(1), .integer(2), .integer(3)])
    }

    @Test(arguments: [
        ("id,name\n1,a\n2,b\n", true, "a text cell over integers"),
        ("name,city\nbob,paris\nann,rome\n", true, "all text: assume a header"),
        ("date,amount\n2020-01-01,5\n", true, "names over a date and a number"),
        ("1,a\n2,b\n3,c\n", false, "an integer over integers"),
        ("2020-01-01,5.5\n2020-01-02,6\n", false, "a date and a decimal over the same"),
        ("1.5,x\n2,y\n", false, "a decimal over integers"),
        ("true,x\nfalse,y\n", false, "a boolean over booleans"),
    ])
    func headerIsDetected(_ text: String, _ expected: Bool, _ label: String) throws {
        let table = try loadCSV(text)
        #expect(table.hasHeader == expected, "\(label)")
    }

    @Test func withoutHeaderColumnsAreNumbered() throws {
        let table = try loadCSV("1,a\n2,b\n")
        #expect(!table.hasHeader)
        #expect(table.names == ["column1", "column2"])
        #expect(table.rowCount == 2)
        #expect(table.values("column1") == [.integer(1), .integer(2)])
    }

    @Test func headerOptionOverridesDetection() throws {
        let forcedOff = try loadCSV("id,name\n1,a\n") { $0.header = false }
        #expect(forcedOff.names == ["column1", "column2"])
        #expect(forcedOff.values("column1") == [.text("id"), .text("1")])
        let forcedOn = try loadCSV("1,2\n3,4\n") { $0.header = true }
        #expect(forcedOn.names == ["1", "2"])
        #expect(forcedOn.values("1") == [.integer(3)])
    }

    @Test func emptyAndDuplicateHeaderNames() throws {
        let table = try loadCSV("id,,name,name,id,,name_2\n1,2,3,4,5,6,7\n")
        #expect(table.names == ["id", "column2", "name", "name_2", "id_2", "column6", "name_2_2"])
    }

    @Test func headerNamesAreKeptAsWritten() throws {
        let table = try loadCSV(" Total Charges ,\"a,b\",Timely response?\n1,2,3\n")
        #expect(table.names == [" Total Charges ", "a,b", "Timely response?"])
    }

    @Test func headerOnlyFileHasNoRowsAndTextColumns() throws {
        for text in ["id,amount,when\n", "id,amount,when", "id,amount,when\r\n\r\n"] {
            let table = try loadCSV(text)
            #expect(table.hasHeader)
            #expect(table.rowCount == 0)
            #expect(table.names == ["id", "amount", "when"])
            #expect(table.types == [.text, .text, .text])
            #expect(table.columns.allSatisfy { $0.count == 0 })
        }
    }

    @Test(arguments: ["", "\n", "\r\n\r\n", "\u{FEFF}", "\u{FEFF}\n\n"])
    func emptyFileIsAnError(_ text: String) {
        #expect(csvError(text) == CSVError(message: "file is empty"))
    }
}
