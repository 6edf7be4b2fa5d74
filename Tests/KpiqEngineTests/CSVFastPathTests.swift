import Foundation
import Testing

@testable import KpiqEngine
import KpiqLanguage

/// The loops that store a batch of cells per column type, and what makes them hand a cell to the
/// general path: they must read every file exactly as one cell at a time does.
@Suite("CSV fast paths")
struct CSVFastPathTests {
    /// `count` rows of one column `v`, `cell(row)` each (an empty cell is written `""`: an empty
    /// line is no row).
    func file(_ count: Int, _ cell: (Int) -> String) -> String {
        "v\n" + (0..<count).map(cell).joined(separator: "\n") + "\n"
    }

    @Test func isoDatesMatchTheGeneralDateParser() {
        var cells: [String] = []
        for year in [1, 999, 1600, 1899, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 9999] {
            for month in 0...13 {
                for day in [0, 1, 9, 10, 28, 29, 30, 31, 32] {
                    cells.append(String(format: "%04d-%02d-%02d", year, month, day))
                }
            }
        }
        cells += ["2020-1-05", "2020-01-5", "2020/01/05", "20200-01-05", "2020-01-05 ", "2020-0a-05", "202a-01-05", "2020-01-0:"]
        for cell in cells {
            let bytes = Array(cell.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let p = buffer.baseAddress!, n = buffer.count
                let general = CSVScalar.parseTemporal(p, n).flatMap { value -> Int32? in
                    guard value.orders == .ymd, !value.hasTime else { return nil }
                    return CSVScalar.days(packed: value.packed, format: .ymd)
                }
                // Exactly `YYYY-MM-DD`: read alike; anything else is left to the general parser.
                let canonical = n == 10 && cell.utf8.enumerated().allSatisfy { index, byte in
                    index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (byte >= 0x30 && byte <= 0x39)
                }
                if canonical {
                    #expect(CSVScalar.parseISODate(p, n) == general, "\(cell)")
                    if let days = general {
                        let parts = cell.split(separator: "-").map { Int($0)! }
                        #expect(Int(days) == CivilDate.days(year: parts[0], month: parts[1], day: parts[2]), "\(cell)")
                    }
                } else {
                    #expect(CSVScalar.parseISODate(p, n) == nil, "\(cell)")
                }
            }
        }
    }

    @Test func isoDateColumnsWithNullsAndPaddingAreDates() throws {
        let text = file(5_000) { row in
            switch row % 13 {
            case 0: return "\"\""  // an empty cell (an empty line would be no row)
            case 1: return "NA"
            case 2: return " 2021-03-04 "
            case 3: return "\"2021-03-05\""
            default: return String(format: "2020-%02d-%02d", row % 12 + 1, row % 28 + 1)
            }
        }
        for chunks in [1, 3] {
            let table = try loadCSV(text, chunks: chunks)
            #expect(table.column("v").type == .date)
            let values = table.values("v")
            for row in [0, 1, 2, 3, 4, 1_029, 4_999] {
                switch row % 13 {
                case 0, 1: #expect(values[row] == .null)
                case 2: #expect(values[row] == date(2021, 3, 4))
                case 3: #expect(values[row] == date(2021, 3, 5))
                default: #expect(values[row] == date(2020, row % 12 + 1, row % 28 + 1))
                }
            }
        }
    }

    /// One cell that is not a date, late in the file: the column is text, every cell as written.
    @Test(arguments: ["2020-02-30", "2020-13-01", "x", "3/4/2020", "2020-01-01 10:00x"])
    func aDateColumnWithOneOtherValueIsText(_ odd: String) throws {
        let text = file(4_000) { $0 == 3_500 ? odd : ($0 % 7 == 0 ? "\"\"" : String(format: "2019-%02d-15", $0 % 12 + 1)) }
        for chunks in [1, 2, 3] {
            let table = try loadCSV(text, chunks: chunks)
            #expect(table.column("v").type == .text)
            let values = table.values("v")
            #expect(values[3_500] == .text(odd))
            #expect(values[1] == .text("2019-02-15"))
            #expect(values[7] == .null)
        }
    }

    /// ISO dates, then one with a time of day: a timestamp column, the dates at midnight.
    @Test func isoDatesThenATimeWidenToTimestamps() throws {
        let text = file(3_000) { $0 == 2_999 ? "2020-05-06 07:08:09" : "2020-05-06" }
        for chunks in [1, 2] {
            let table = try loadCSV(text, chunks: chunks)
            #expect(table.column("v").type == .timestamp)
            #expect(table.values("v")[0] == timestamp(2020, 5, 6, 0, 0))
            #expect(table.values("v")[2_999] == timestamp(2020, 5, 6, 7, 8, 9))
        }
    }

    /// Slash dates are stored as written until their order is settled; ISO dates as days.
    @Test func slashDatesStillSettleTheirOrder() throws {
        let text = file(3_000) { $0 == 2_500 ? "25/12/2020" : "\($0 % 12 + 1)/\($0 % 12 + 1)/2020" }
        for chunks in [1, 2] {
            let table = try loadCSV(text, chunks: chunks)
            #expect(table.column("v").type == .date)
            #expect(table.values("v")[2_500] == date(2020, 12, 25))
            #expect(table.values("v")[4] == date(2020, 5, 5))
        }
    }

    @Test func integerAndDecimalBatchesHandOddCellsOn() throws {
        let integers = file(3_000) { row in
            switch row % 11 {
            case 0: return " \(row) "
            case 1: return "NA"
            case 2: return "\"\(row)\""
            case 3: return "\"\""
            default: return "\(row)"
            }
        }
        let table = try loadCSV(integers, chunks: 2)
        #expect(table.column("v").type == .integer)
        #expect(table.values("v")[0] == .integer(0))
        #expect(table.values("v")[1] == .null)
        #expect(table.values("v")[2] == .integer(2))
        #expect(table.values("v")[3] == .null)
        #expect(table.values("v")[2_999] == .integer(2_999))

        let decimals = file(3_000) { $0 == 1_500 ? "1.5" : ($0 == 2_000 ? " 2.25" : "\($0)") }
        let widened = try loadCSV(decimals, chunks: 1)
        #expect(widened.column("v").type == .decimal)
        #expect(widened.values("v")[1_499] == .decimal(1_499))
        #expect(widened.values("v")[1_500] == .decimal(1.5))
        #expect(widened.values("v")[2_000] == .decimal(2.25))
        #expect(widened.values("v")[2_999] == .decimal(2_999))

        let texts = file(3_000) { $0 == 2_100 ? "12a" : "\($0)" }
        let text = try loadCSV(texts, chunks: 1)
        #expect(text.column("v").type == .text)
        #expect(text.values("v")[2_099] == .text("2099"))
        #expect(text.values("v")[2_100] == .text("12a"))
    }

    /// Short values are found by their first and last eight bytes and their length: values that
    /// differ anywhere, including only in the bytes one of the two words covers, stay distinct.
    @Test func shortValuesStayDistinct() throws {
        var values: [String] = [""]
        for length in 1...20 {
            let base = String(repeating: "a", count: length)
            values.append(base)
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                values.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        for index in 0..<3_000 { values.append("v\(index % 1_500)-\(index)") }
        var dictionary = ByteDictionary()
        let storage = dictionary.uniqueStorage()
        // Twice over, in two orders, so that values meet in the cache and push each other out.
        for order in [values, Array(values.reversed()), values] {
            for value in order {
                var value = value
                let (short, general) = value.withUTF8 { utf8 -> (UInt32, UInt32) in
                    let p = utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!
                    let short = utf8.count <= 16 ? storage.internShort(p, utf8.count) : storage.intern(p, utf8.count, hash: ByteDictionary.hash(p, utf8.count))
                    return (short, storage.intern(p, utf8.count, hash: ByteDictionary.hash(p, utf8.count)))
                }
                #expect(short == general, "\(value)")
            }
        }
        #expect(dictionary.count == Set(values).count)

        // And as a column.
        let cells = (0..<6_000).map { values[($0 * 7) % values.count] }
        let table = try loadCSV("v\n" + cells.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: "\n") + "\n", chunks: 2) {
            $0.nullMarkers = []
        }
        #expect(table.column("v").type == .text)
        #expect(table.values("v") == cells.map { Value.text($0) })
    }

    /// The plain-decimal and short-integer fast paths read what they take as the general parsers do.
    @Test func plainNumbersMatchTheGeneralParsers() {
        var cells = ["0", "-0", "+0", "0.0", "-0.00", "00", "01.5", "0.05", ".5", "-.5", "2.", "-", ".", "+", "1e3", "1.5e2",
                     "123456789012345", "1234567890123456", "12345678901234567", "0.123456789012345", "9007199254740993",
                     "99999999999999.9", "-99999999999999.9", "1.2.3", "1,5", " 1", "1 ", "007", "-007.5",
                     "999999999999999999", "-999999999999999999", "9999999999999999999", "9223372036854775807",
                     "-9223372036854775808", "9223372036854775808"]
        var seed: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        for _ in 0..<20_000 {
            let integer = String(next() % 10_000_000_000)
            let fraction = String(next() % 1_000_000)
            let sign = ["", "-", "+"][Int(next() % 3)]
            cells.append(sign + integer + "." + String(repeating: "0", count: Int(next() % 3)) + fraction)
            cells.append(sign + integer)
        }
        for cell in cells {
            let bytes = Array(cell.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let p = buffer.baseAddress!, n = buffer.count
                if let fast = CSVScalar.parsePlainDecimal(p, n) {
                    let general = strtod(cell, nil)
                    #expect(fast.bitPattern == general.bitPattern, "\(cell)")
                }
                for strict in [true, false] {
                    let decimal = CSVScalar.parseDecimal(p, n, strict: strict)
                    if let decimal {
                        #expect(decimal.bitPattern == strtod(cell, nil).bitPattern, "\(cell)")
                    }
                }
                if case .value(let value) = CSVScalar.parseInteger(p, n, strict: false) {
                    #expect(Int64(cell.hasPrefix("+") ? String(cell.dropFirst()) : cell) == value, "\(cell)")
                }
            }
        }
        #expect(CSVScalar.parsePlainDecimal(Array("01.5".utf8), 4) == nil)
        let overflow = Array("9223372036854775808".utf8)
        guard case .overflow = CSVScalar.parseInteger(overflow, overflow.count, strict: true) else {
            Issue.record("9223372036854775808 is not an overflow")
            return
        }
    }

    /// Large dictionaries have their strings made in parts on all cores: in order of first
    /// appearance, ASCII or not.
    @Test(arguments: ["k", "ké"])
    func largeDictionariesKeepFirstAppearanceOrder(_ prefix: String) throws {
        let cells = (0..<150_000).map { "\(prefix)-\(($0 * 7_919) % 90_000)" }
        for chunks in [1, 3] {
            let table = try loadCSV("v,n\n" + cells.enumerated().map { "\($1),\($0)" }.joined(separator: "\n") + "\n", chunks: chunks)
            #expect(table.values("v") == cells.map { Value.text($0) })
            guard case .text(_, let dictionary) = table.column("v").vector.data else {
                Issue.record("not text")
                continue
            }
            #expect(dictionary.count == 90_000)
            #expect(dictionary.values.prefix(3) == ["\(prefix)-0", "\(prefix)-7919", "\(prefix)-15838"])
        }
    }
}
