import Testing

@testable import KpiqEngine

@Suite("CSV robustness and chunking")
struct CSVRobustnessTests {
    /// A deterministic byte generator (xorshift).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func bytes(_ count: Int, from alphabet: [UInt8]? = nil) -> [UInt8] {
            (0..<count).map { _ in
                let value = next()
                return alphabet.map { $0[Int(value % UInt64($0.count))] } ?? UInt8(truncatingIfNeeded: value)
            }
        }
    }

    /// Reading terminates with a table or an error, whatever the bytes.
    func terminates(_ bytes: [UInt8], skip: Bool) {
        do {
            let table = try loadCSV(bytes: bytes) { $0.skipMalformedRows = skip }
            #expect(table.columns.allSatisfy { $0.count == table.rowCount })
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomBytesTerminate(_ seed: UInt64) {
        var random = Random(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        terminates(random.bytes(20_000), skip: false)
        terminates(random.bytes(20_000), skip: true)
        // Mostly CSV punctuation, which exercises quotes and line ends.
        let punctuation = Array("\",;\t|\n\r a1.-/:0\u{0}".utf8)
        terminates(random.bytes(20_000, from: punctuation), skip: false)
        terminates(random.bytes(20_000, from: punctuation), skip: true)
    }

    @Test func nulBytesAreText() throws {
        let table = try loadCSV(bytes: Array("a,b\n".utf8) + [0, 0x31, 0x2C, 0x32, 0, 0x0A])
        #expect(table.rowCount == 1)
        #expect(table.values("a") == [.text("\u{0}1")])
        #expect(table.values("b") == [.text("2\u{0}")])
    }

    @Test func invalidUTF8IsRepairedWithoutMergingDistinctValues() throws {
        let table = try loadCSV(bytes: Array("a\n".utf8) + [0xFF, 0x0A, 0xFE, 0x0A, 0xFF, 0x0A, 0x78, 0x0A])
        let values = table.values("a")
        #expect(values.count == 4)
        #expect(values[0] == values[1])
        #expect(values[0] == values[2])
        #expect(values[3] == .text("x"))
    }

    @Test func singleHugeLine() throws {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 5_000_000)
        let table = try loadCSV(bytes: line)
        #expect(table.rowCount == 0)
        #expect(table.columns.count == 1)
        let twoLines = try loadCSV(bytes: Array("h\n".utf8) + line)
        #expect(twoLines.rowCount == 1)
    }

    @Test func tenThousandColumns() throws {
        let header = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<10_000).map { "\($0)" }.joined(separator: ",")
        let table = try loadCSV(header + "\n" + row + "\n" + row + "\n")
        #expect(table.columns.count == 10_000)
        #expect(table.rowCount == 2)
        #expect(table.values("c9999") == [.integer(9999), .integer(9999)])
    }

    @Test func unterminatedQuoteAtTheEndOfALargeFileTerminates() throws {
        var text = "a,b\n"
        for row in 0..<50_000 { text += "\(row),\"x\"\n" }
        text += "1,\"never ends\n"
        let error = csvError(text)
        #expect(error?.line == 50_002)
    }

    /// A file whose chunk boundaries may fall inside quoted fields with line breaks.
    static func trickyFile(rows: Int) -> String {
        var text = "id,note,amount,when\r\n"
        for row in 0..<rows {
            let note = switch row % 5 {
            case 0: "\"multi\nline\n\(row)\""
            case 1: "\"quoted, with comma\""
            case 2: "plain \(row)"
            case 3: "\"\"\"\n\"\"\""
            default: ""
            }
            let amount = row % 11 == 0 ? "NA" : "\(row).\(row % 100)"
            text += "\(row),\(note),\(amount),2020-01-\(row % 28 + 1)\r\n"
        }
        return text
    }

    /// Reads `text` in one chunk and in each of `chunkCounts`, expecting the same table; returns
    /// the one-chunk read.
    @discardableResult
    func expectChunksAgree(
        _ text: String, _ chunkCounts: [Int], _ configure: (inout CSVOptions) -> Void = { _ in }
    ) throws -> LoadedTable {
        let sequential = try loadCSV(text, chunks: 1, configure)
        for chunks in chunkCounts {
            let chunked = try loadCSV(text, chunks: chunks, configure)
            #expect(chunked.types == sequential.types, "\(chunks) chunks")
            #expect(chunked.skippedRows == sequential.skippedRows, "\(chunks) chunks")
            #expect(chunked.rows == sequential.rows, "\(chunks) chunks")
        }
        return sequential
    }

    @Test func chunkedReadEqualsSequentialRead() throws {
        let table = try expectChunksAgree(Self.trickyFile(rows: 3_000), [2, 3, 7, 16])
        #expect(table.rowCount == 3_000)
        #expect(table.types == [.integer, .text, .decimal, .date])
    }

    @Test func chunksWithDifferentTypesAreJoined() throws {
        // The first chunk sees integers and dates only, the last decimals, text and timestamps.
        var lines = ["n,t,d,e"]
        for row in 0..<2_000 { lines.append("\(row),\(row),2020-01-01,") }
        lines.append("1.5,abc,2020-01-02 10:00,")
        let table = try expectChunksAgree(lines.joined(separator: "\n"), [2, 4])
        #expect(table.types == [.decimal, .text, .timestamp, .text])
    }

    @Test func chunkedErrorsAndSkipsHaveFileLineNumbers() throws {
        var lines = ["a,b"]
        for row in 0..<5_000 { lines.append(row == 4_000 ? "bad" : "\(row),x") }
        let text = lines.joined(separator: "\n")
        for chunks in [1, 2, 5] {
            do {
                _ = try loadCSV(text, chunks: chunks)
                Issue.record("no error")
            } catch {
                #expect(error.line == 4_002)
            }
            let skipped = try loadCSV(text, chunks: chunks) { $0.skipMalformedRows = true }
            #expect(skipped.skippedRows == [SkippedRow(line: 4_002, reason: "expected 2 fields, found 1")])
            #expect(skipped.rowCount == 4_999)
        }
    }

    @Test func dateOrderSettledInALaterChunkAppliesToAllRows() throws {
        var lines = ["d,n"]
        for row in 0..<3_000 { lines.append("\(row % 12 + 1)/\(row % 12 + 1)/2020,\(row)") }
        lines.append("13/4/2020,1")
        let text = lines.joined(separator: "\n")
        let table = try expectChunksAgree(text, [2, 3])
        #expect(table.column("d").type == .date)
        #expect(table.values("d").last == date(2020, 4, 13))
        // With the two orders in different chunks, the column is text in every chunk.
        let mixed = text + "\n1/13/2020,2\n"
        for chunks in [1, 2, 3] {
            let table = try loadCSV(mixed, chunks: chunks)
            #expect(table.column("d").type == .text)
            #expect(table.values("d").first == .text("1/1/2020"))
        }
    }

    @Test func skippingInChunksMatchesSkippingInOnePass() throws {
        var lines = ["id,amount,note"]
        for row in 0..<4_000 {
            switch row % 997 {
            case 10: lines.append("\(row),oops,x")
            case 20: lines.append("\(row),1")
            case 30: lines.append("\(row),2,x,extra")
            default: lines.append("\(row),\(row).5,\"n \(row)\"")
            }
        }
        lines.append("4000,1,\"never closed")
        let table = try expectChunksAgree(lines.joined(separator: "\n"), [2, 5]) {
            $0.skipMalformedRows = true
            $0.types = ["amount": .decimal]
        }
        #expect(table.skippedRows.count == 14)
        #expect(table.skippedRows.last == SkippedRow(line: 4_002, reason: CSVChunkParser.unclosedQuoteReason))
    }

    @Test func forcedDatesInDifferentOrdersInDifferentChunksFailAtTheFirstRow() throws {
        var lines = ["d"]
        for row in 0..<3_000 { lines.append(row < 1_500 ? "13/1/2020" : "1/13/2020") }
        let text = lines.joined(separator: "\n")
        for chunks in [1, 2, 3] {
            do {
                _ = try loadCSV(text, chunks: chunks) { $0.types = ["d": .date] }
                Issue.record("no error")
            } catch {
                #expect(error.line == 1_502)
            }
        }
        let skipped = try expectChunksAgree(text, [2, 3]) {
            $0.types = ["d": .date]
            $0.skipMalformedRows = true
        }
        #expect(skipped.rowCount == 1_500)
        #expect(skipped.skippedRows.count == 1_500)
    }

    @Test func largeFileIsReadInParallel() throws {
        // Over the parallel threshold, with the default chunking.
        let text = Self.trickyFile(rows: 120_000)
        #expect(text.utf8.count > CSVReader.parallelThreshold)
        let parallel = try loadCSV(text)
        let sequential = try loadCSV(text, chunks: 1)
        #expect(parallel.rowCount == 120_000)
        #expect(parallel.rows == sequential.rows)
    }
}
