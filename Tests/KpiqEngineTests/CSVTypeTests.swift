import Testing

@testable import KpiqEngine

@Suite("CSV type inference")
struct CSVTypeTests {
    /// Reads one column `v` holding `cells`.
    func column(_ cells: [String], _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> Column {
        try loadCSV("v\n" + cells.joined(separator: "\n") + "\n") {
            $0.header = true
            configure(&$0)
        }.column("v")
    }

    func values(_ column: Column) -> [Value] { (0..<column.count).map { column.vector.value(at: $0) } }

    @Test(arguments: [
        (["1", "-2", "+3", "0", "-0", "9223372036854775807", "-9223372036854775808"], DataType.integer,
         [Value.integer(1), .integer(-2), .integer(3), .integer(0), .integer(0), .integer(.max), .integer(.min)]),
        (["1.5", "-0.25", "1e3", ".5", "2.", "-1E-2", "0.1"], .decimal,
         [.decimal(1.5), .decimal(-0.25), .decimal(1000), .decimal(0.5), .decimal(2), .decimal(-0.01), .decimal(0.1)]),
        (["true", "FALSE", "True", "false"], .boolean, [.boolean(true), .boolean(false), .boolean(true), .boolean(false)]),
        (["2017-03-01", "2016-12-31", "2000-2-29"], .date, [date(2017, 3, 1), date(2016, 12, 31), date(2000, 2, 29)]),
        (["2010-12-01 08:26:00", "2010-12-01T08:26", "2011-01-02 23:59:59.5Z"], .timestamp,
         [timestamp(2010, 12, 1, 8, 26), timestamp(2010, 12, 1, 8, 26), timestamp(2011, 1, 2, 23, 59, 59, micros: 500_000)]),
        (["abc", "1-2", "\"1,5\"", "inf", "nan", "0x10", "1.2.3", "2017-02-30"], .text,
         [.text("abc"), .text("1-2"), .text("1,5"), .text("inf"), .text("nan"), .text("0x10"), .text("1.2.3"), .text("2017-02-30")]),
    ])
    func eachTypeIsInferred(_ cells: [String], _ type: DataType, _ expected: [Value]) throws {
        let column = try column(cells)
        #expect(column.type == type)
        #expect(values(column) == expected)
    }

    @Test func integersThenDecimalsWidenToDecimal() throws {
        let column = try column(["1", "2", "NA", "3.5", "4"])
        #expect(column.type == .decimal)
        #expect(values(column) == [.decimal(1), .decimal(2), .null, .decimal(3.5), .decimal(4)])
    }

    @Test func integerTooLargeForInt64IsDecimal() throws {
        let column = try column(["1", "123456789012345678901234"])
        #expect(column.type == .decimal)
        #expect(values(column) == [.decimal(1), .decimal(123456789012345678901234.0)])
    }

    @Test func datesThenTimestampsWidenToTimestamp() throws {
        let column = try column(["2020-01-02", "2020-01-03 10:30", "NA"])
        #expect(column.type == .timestamp)
        #expect(values(column) == [timestamp(2020, 1, 2, 0, 0), timestamp(2020, 1, 3, 10, 30), .null])
    }

    @Test(arguments: [
        ["1", "true"], ["1.5", "2020-01-01"], ["true", "2020-01-01"], ["2020-01-01", "1/2/2020"],
        ["2020-01-01", "x"], ["1", "x"], ["1", "2", "007"],
    ])
    func incompatibleValuesMakeText(_ cells: [String]) throws {
        let column = try column(cells)
        #expect(column.type == .text)
        #expect(values(column) == cells.map { Value.text($0) })
    }

    @Test func integerColumnTurningAlphanumericLateBecomesTextWithAllValues() throws {
        var lines = ["id,amount"]
        for row in 0..<100_000 { lines.append("\(row + 1),\(row % 7)") }
        lines.append("A-100001,3")
        lines.append(",5")
        lines.append(" 100003 ,4")
        let text = lines.joined(separator: "\n") + "\n"
        for chunks in [1, 3] {
            let table = try loadCSV(text, chunks: chunks)
            #expect(table.rowCount == 100_003)
            let id = table.column("id")
            #expect(id.type == .text)
            let values = table.values("id")
            #expect(values.prefix(3) == [.text("1"), .text("2"), .text("3")])
            #expect(values[99_999] == .text("100000"))
            #expect(values[100_000] == .text("A-100001"))
            #expect(values[100_001] == .null)
            #expect(values[100_002] == .text(" 100003 "))
            let distinct = Set(values.prefix(100_000))
            #expect(distinct.count == 100_000)
            #expect(table.column("amount").type == .integer)
            // The dictionary is in order of first appearance.
            if case .text(_, let dictionary) = id.vector.data {
                #expect(dictionary.values.prefix(2) == ["1", "2"])
                #expect(dictionary.count == 100_002)
            }
        }
    }

    @Test(arguments: [["0001234", "5"], ["007"], ["5", "00"], ["1", "-01"], ["1.5", "01.5"]])
    func leadingZerosStayText(_ cells: [String]) throws {
        let column = try column(cells)
        #expect(column.type == .text)
        #expect(values(column) == cells.map { Value.text($0) })
    }

    @Test func zeroAloneIsAnInteger() throws {
        #expect(try column(["0", "10", "0"]).type == .integer)
        #expect(try column(["0.5", "0"]).type == .decimal)
    }

    @Test(arguments: ["", "NA", "N/A", "null", "NULL"])
    func eachNullMarkerIsNull(_ marker: String) throws {
        let table = try loadCSV("n,t\n1,a\n\(marker),\(marker)\n3,c\n")
        #expect(table.column("n").type == .integer)
        #expect(table.values("n") == [.integer(1), .null, .integer(3)])
        #expect(table.values("t") == [.text("a"), .null, .text("c")])
        #expect(table.column("n").vector.nullCount == 1)
    }

    @Test func nullMarkersCanBeChanged() throws {
        let table = try loadCSV("n,t\n1,a\n-,\n3,NA\n") { $0.nullMarkers = ["-"] }
        #expect(table.values("n") == [.integer(1), .null, .integer(3)])
        #expect(table.values("t") == [.text("a"), .text(""), .text("NA")])
    }

    @Test func spacesAreNullInTypedColumnsAndKeptInText() throws {
        // The IBM telco file: TotalCharges holds " " for new customers.
        let table = try loadCSV("TotalCharges,name,blank\n29.85,  padded  , \n ,NA,\n1889.5,x,\n")
        #expect(table.column("TotalCharges").type == .decimal)
        #expect(table.values("TotalCharges") == [.decimal(29.85), .null, .decimal(1889.5)])
        #expect(table.values("name") == [.text("  padded  "), .null, .text("x")])
        // All null once trimmed: text, keeping the space.
        #expect(table.column("blank").type == .text)
        #expect(table.values("blank") == [.text(" "), .null, .null])
    }

    @Test func paddedNumbersAreTrimmed() throws {
        let column = try column([" 12", "13 ", " NA "])
        #expect(column.type == .integer)
        #expect(values(column) == [.integer(12), .integer(13), .null])
    }

    @Test func allNullColumnIsText() throws {
        let table = try loadCSV("a,b\n1,\n2,NA\n")
        #expect(table.column("b").type == .text)
        #expect(table.values("b") == [.null, .null])
        #expect(table.column("a").vector.validity == nil)
    }

    @Test func columnWithoutNullsHasNoValidity() throws {
        let table = try loadCSV("a,b,c\n1,x,2020-01-01\n2,y,2020-01-02\n")
        #expect(table.columns.allSatisfy { $0.vector.validity == nil })
    }

    @Test(arguments: [
        "123.45", "0.1", "0.3", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
        "9007199254740993", "0.30000000000000004", "123456789012345678901234567890.5", "1e23",
        "8.41e21", "-7.2057594037927933e16", "3.14159265358979323846264338327950288", "1.5e-10",
    ])
    func decimalsParseExactly(_ text: String) throws {
        let column = try column(["0.5", text])
        #expect(values(column) == [.decimal(0.5), .decimal(Double(text)!)])
    }

    @Test func randomDecimalsParseLikeTheStandardLibrary() {
        var random = CSVRobustnessTests.Random(state: 0x1234_5678_9ABC_DEF1)
        func next(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character("\(next(10))") }) }
        for _ in 0..<20_000 {
            var text = next(4) == 0 ? "-" : ""
            text += String(next(10) + 1)
            text += digits(next(12))
            text += "." + digits(next(22) + 1)
            if next(5) == 0 { text += "e" + (next(2) == 0 ? "-" : "") + String(next(320)) }
            let expected = Double(text)!
            let parsed = text.utf8.withContiguousStorageIfAvailable { CSVScalar.parseDecimal($0.baseAddress!, $0.count, strict: true) } ?? nil
            if expected.isFinite {
                #expect(parsed?.bitPattern == expected.bitPattern, "\(text)")
            } else {
                #expect(parsed == nil, "\(text)")
            }
        }
    }

    @Test func booleansStayBooleanAndMixedTurnText() throws {
        #expect(try column(["true", "", "false"]).type == .boolean)
        #expect(try column(["yes", "no"]).type == .text)
    }
}

@Suite("CSV dates and timestamps")
struct CSVTemporalTests {
    func read(_ cells: [String], _ configure: (inout CSVOptions) -> Void = { _ in }) throws -> (DataType, [Value]) {
        let table = try loadCSV("d\n" + cells.joined(separator: "\n") + "\n") {
            $0.header = true
            configure(&$0)
        }
        return (table.column("d").type, table.values("d"))
    }

    @Test(arguments: [
        (["2014-10-10", "2014-11-13"], [date(2014, 10, 10), date(2014, 11, 13)]),
        (["10/10/2014", "11/13/2014"], [date(2014, 10, 10), date(2014, 11, 13)]),
        (["4/6/2013", "1/2/2013"], [date(2013, 4, 6), date(2013, 1, 2)]),
        (["4/6/2013", "13/2/2013"], [date(2013, 6, 4), date(2013, 2, 13)]),
        (["24.12.2019", "1.2.2020"], [date(2019, 12, 24), date(2020, 2, 1)]),
        (["2019/12/24"], [date(2019, 12, 24)]),
    ])
    func dateFormatsAreDetected(_ cells: [String], _ expected: [Value]) throws {
        let (type, values) = try read(cells)
        #expect(type == .date)
        #expect(values == expected)
    }

    @Test func ambiguousSlashDatesAreMonthFirst() throws {
        let (_, values) = try read(["3/4/2020", "12/1/2020"])
        #expect(values == [date(2020, 3, 4), date(2020, 12, 1)])
    }

    @Test(arguments: [
        (DateFormat.dmy, [date(2020, 4, 3), date(2020, 1, 12)]),
        (DateFormat.mdy, [date(2020, 3, 4), date(2020, 12, 1)]),
    ])
    func dateFormatOptionDecidesSlashDates(_ format: DateFormat, _ expected: [Value]) throws {
        let (type, values) = try read(["3/4/2020", "12/1/2020"]) { $0.dateFormat = format }
        #expect(type == .date)
        #expect(values == expected)
    }

    @Test func dateFormatOptionRefusesOtherOrders() throws {
        let (type, _) = try read(["13/4/2020"]) { $0.dateFormat = .mdy }
        #expect(type == .text)
        let (isoType, isoValues) = try read(["2020-04-13"]) { $0.dateFormat = .dmy }
        #expect(isoType == .date)
        #expect(isoValues == [date(2020, 4, 13)])
    }

    @Test(arguments: [
        (["2020-01-01", "1/2/2020"], "ISO and slash"),
        (["13/1/2020", "1/13/2020"], "day first and month first"),
        (["1.2.2020", "2020-01-02"], "dot and ISO"),
        (["2/30/2020"], "no such day"),
    ])
    func mixedOrInvalidDatesAreText(_ cells: [String], _ label: String) throws {
        let (type, values) = try read(cells)
        #expect(type == .text, "\(label)")
        #expect(values == cells.map { Value.text($0) }, "\(label)")
    }

    @Test(arguments: [
        ("2010-12-01 08:26:00", timestamp(2010, 12, 1, 8, 26)),
        ("2010-12-01T08:26:00Z", timestamp(2010, 12, 1, 8, 26)),
        ("2010-12-01 08:26", timestamp(2010, 12, 1, 8, 26)),
        ("2010-12-01 23:59:59.123456", timestamp(2010, 12, 1, 23, 59, 59, micros: 123_456)),
        ("2010-12-01 00:00:01.5", timestamp(2010, 12, 1, 0, 0, 1, micros: 500_000)),
        ("12/1/2010 8:26", timestamp(2010, 12, 1, 8, 26)),
        ("12/1/2010 18:26:30", timestamp(2010, 12, 1, 18, 26, 30)),
        ("1969-12-31 23:00", timestamp(1969, 12, 31, 23, 0)),
    ])
    func timestampsAreRead(_ cell: String, _ expected: Value) throws {
        let (type, values) = try read([cell])
        #expect(type == .timestamp)
        #expect(values == [expected])
    }

    @Test(arguments: ["2010-12-01 24:00", "2010-12-01 8:6", "2010-12-01 08:26:61", "2010-12-01 08:26 +01:00"])
    func badTimestampsAreText(_ cell: String) throws {
        let (type, _) = try read([cell])
        #expect(type == .text)
    }

    @Test(arguments: [
        ("ymd", DateFormat.ymd), ("YYYY-MM-DD", .ymd), ("iso", .ymd), ("MM/DD/YYYY", .mdy), ("M/D/YYYY", .mdy),
        ("mdy", .mdy), ("DD.MM.YYYY", .dmy), ("DD/MM/YYYY", .dmy), ("d.m.yyyy", .dmy), ("dmy", .dmy),
    ])
    func dateFormatPatterns(_ pattern: String, _ expected: DateFormat) {
        #expect(DateFormat(pattern: pattern) == expected)
    }

    @Test(arguments: ["", "YYYY", "MM-DD", "DD/MM-YYYY", "hh:mm"])
    func badDateFormatPatterns(_ pattern: String) {
        #expect(DateFormat(pattern: pattern) == nil)
    }
}

@Suite("CSV forced types")
struct CSVForcedTypeTests {
    @Test func forcedTypesOverrideInference() throws {
        let table = try loadCSV("zip,amount,flag,when,at,id\n08852,5,yes,4/6/2013,2020-01-01,7\n12345,2.5,0,,2013-01-02 08:00,x\n") {
            $0.types = ["zip": .text, "amount": .decimal, "flag": .boolean, "when": .date, "at": .timestamp, "id": .text]
        }
        #expect(table.types == [.text, .decimal, .boolean, .date, .timestamp, .text])
        #expect(table.values("zip") == [.text("08852"), .text("12345")])
        #expect(table.values("amount") == [.decimal(5), .decimal(2.5)])
        #expect(table.values("flag") == [.boolean(true), .boolean(false)])
        #expect(table.values("when") == [date(2013, 4, 6), .null])
        #expect(table.values("at") == [timestamp(2020, 1, 1, 0, 0), timestamp(2013, 1, 2, 8, 0)])
    }

    @Test func forcedIntegerAcceptsLeadingZeros() throws {
        let table = try loadCSV("n\n007\n0\n") { $0.types = ["n": .integer] }
        #expect(table.values("n") == [.integer(7), .integer(0)])
    }

    @Test func cellNotOfTheForcedTypeIsAnError() {
        let error = csvError("id,amount\n1,2\n2,3\n3,4\n4,abc\n") { $0.types = ["amount": .decimal] }
        #expect(error?.message == "line 5, column \"amount\": \"abc\" is not a decimal")
        #expect(error?.line == 5)
        #expect(error?.hint != nil)
    }

    @Test func cellNotOfTheForcedTypeIsSkippedWholeRow() throws {
        let table = try loadCSV("id,amount,n\n1,2,5\n2,x,6\n3,4,oops\n4,5,7\n") {
            $0.types = ["amount": .decimal, "n": .integer]
            $0.skipMalformedRows = true
        }
        #expect(table.values("id") == [.integer(1), .integer(4)])
        #expect(table.values("amount") == [.decimal(2), .decimal(5)])
        #expect(table.values("n") == [.integer(5), .integer(7)])
        #expect(table.skippedRows == [
            SkippedRow(line: 3, reason: "column \"amount\": \"x\" is not a decimal"),
            SkippedRow(line: 4, reason: "column \"n\": \"oops\" is not an integer"),
        ])
    }

    @Test func forcedDateInTheOtherOrderIsAnError() {
        let error = csvError("d\n13/1/2020\n1/13/2020\n") { $0.types = ["d": .date] }
        #expect(error?.line == 3)
        #expect(error?.message.contains("is not a date") == true)
    }

    @Test func unknownForcedColumnIsAnError() {
        let error = csvError("a,b\n1,2\n") { $0.types = ["c": .integer] }
        #expect(error?.message == "types: the file has no column \"c\"")
    }
}
