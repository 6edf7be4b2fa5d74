import KpiqEngine
import KpiqLanguage
import Testing
@testable import KpiqCLI

/// The text of single values: `raw` for the machine formats, `formatted` for people.
@Suite struct RenderValueTextTests {
    static func week(_ year: Int, _ month: Int, _ day: Int) -> Value {
        .period(.week, PeriodIndex.of(days: CivilDate.days(year: year, month: month, day: day)!, grain: .week))
    }

    static let day = Int64(86_400_000_000)
    static let july15 = Int64(CivilDate.days(year: 2017, month: 7, day: 15)!) * day
    static let nineThirty = Int64(9 * 3600 + 30 * 60) * 1_000_000

    @Test(arguments: [
        (Value.null, nil),
        (.integer(0), "0"),
        (.integer(-42), "-42"),
        (.integer(10_005_534), "10005534"),
        (.integer(.min), "-9223372036854775808"),
        (.decimal(0.6443), "0.6443"),
        (.decimal(2360.912222), "2360.912222"),
        (.decimal(2360.9093912222747), "2360.9093912222747"),
        (.decimal(10_005_534), "10005534.0"),
        (.decimal(0.1 + 0.2), "0.30000000000000004"),
        (.decimal(1e-05), "1e-05"),
        (.decimal(1e20), "1e+20"),
        (.decimal(-1234.5), "-1234.5"),
        (.decimal(0), "0.0"),
        (.decimal(-0.0), "0"),
        (.decimal(.nan), nil),
        (.decimal(.infinity), nil),
        (.decimal(-.infinity), nil),
        (.boolean(true), "true"),
        (.boolean(false), "false"),
        (RenderFixtures.date(2017, 7, 15), "2017-07-15"),
        (RenderFixtures.date(1969, 12, 31), "1969-12-31"),
        (.timestamp(july15 + nineThirty), "2017-07-15T09:30:00"),
        (.timestamp(july15 + nineThirty + 250), "2017-07-15T09:30:00.000250"),
        (.timestamp(0), "1970-01-01T00:00:00"),
        (.timestamp(-1), "1969-12-31T23:59:59.999999"),
        (.period(.year, 2017), "2017"),
        (RenderFixtures.quarter(2017, 3), "2017-Q3"),
        (.period(.month, 2017 * 12 + 6), "2017-07"),
        (week(2017, 1, 30), "2017-W05"),
        (.period(.day, Int32(CivilDate.days(year: 2017, month: 7, day: 15)!)), "2017-07-15"),
        (.text("Smith, \"Jo\"\n"), "Smith, \"Jo\"\n"),
        (.text(""), ""),
    ] as [(Value, String?)])
    func raw(_ value: Value, _ expected: String?) {
        #expect(ValueText.raw(value) == expected)
    }

    @Test(arguments: [
        // automatic: integers grouped, decimals with the session's decimals, half away from zero
        (Value.integer(0), ValueFormat.automatic, 2, "0"),
        (.integer(999), .automatic, 2, "999"),
        (.integer(1000), .automatic, 2, "1,000"),
        (.integer(-1_234_567), .automatic, 2, "-1,234,567"),
        (.integer(.max), .automatic, 2, "9,223,372,036,854,775,807"),
        (.integer(.min), .automatic, 2, "-9,223,372,036,854,775,808"),
        (.decimal(2360.9093912222747), .automatic, 2, "2,360.91"),
        (.decimal(0.6443), .automatic, 2, "0.64"),
        (.decimal(0.6443), .automatic, 4, "0.6443"),
        (.decimal(0.1), .automatic, 5, "0.10000"),
        (.decimal(2.5), .automatic, 0, "3"),
        (.decimal(2.675), .automatic, 2, "2.68"),
        (.decimal(0.125), .automatic, 2, "0.13"),
        (.decimal(9.995), .automatic, 2, "10.00"),
        (.decimal(999_999.995), .automatic, 2, "1,000,000.00"),
        (.decimal(-0.005), .automatic, 2, "-0.01"),
        (.decimal(-0.004), .automatic, 2, "0.00"),
        (.decimal(-0.0), .automatic, 2, "0.00"),
        (.decimal(0), .automatic, 2, "0.00"),
        (.decimal(1e-05), .automatic, 2, "0.00"),
        (.decimal(1e-05), .automatic, 5, "0.00001"),
        (.decimal(1e20), .automatic, 2, "100,000,000,000,000,000,000.00"),
        (.decimal(.nan), .automatic, 2, "-"),
        (.decimal(-2), .automatic, -1, "-2"),
        // percent: the fraction times 100, one decimal
        (.decimal(0.6443), .percent, 2, "64.4%"),
        (.decimal(0.665158371040724), .percent, 2, "66.5%"),
        (.decimal(0.57865), .percent, 2, "57.9%"),
        (.integer(1), .percent, 2, "100.0%"),
        (.decimal(12.25), .percent, 2, "1,225.0%"),
        (.decimal(-0.05), .percent, 2, "-5.0%"),
        (.decimal(0), .percent, 2, "0.0%"),
        (.decimal(-0.0004), .percent, 2, "0.0%"),
        // money: two decimals, grouped
        (.integer(10_005_534), .money, 2, "10,005,534.00"),
        (.decimal(2360.9093912222747), .money, 4, "2,360.91"),
        (.decimal(-1234.5), .money, 2, "-1,234.50"),
        (.decimal(0.005), .money, 2, "0.01"),
        // number: the session's decimals, for integers too
        (.integer(4238), .number, 2, "4,238.00"),
        (.decimal(1234.5), .number, 0, "1,235"),
        (.decimal(-1234.5678), .number, 3, "-1,234.568"),
        // integer: rounded half away from zero
        (.decimal(2360.9093912222747), .integer, 2, "2,361"),
        (.decimal(-2.5), .integer, 2, "-3"),
        (.decimal(0.4), .integer, 2, "0"),
        (.decimal(-0.4), .integer, 2, "0"),
        (.decimal(1e15), .integer, 2, "1,000,000,000,000,000"),
        (.integer(-7), .integer, 2, "-7"),
        // days: one decimal and a unit
        (.decimal(51.781972628598396), .days, 2, "51.8 days"),
        (.integer(1), .days, 2, "1.0 days"),
        (.decimal(-3.25), .days, 2, "-3.3 days"),
        // null and non-numbers keep their own text whatever the format
        (.null, .automatic, 2, "-"),
        (.null, .percent, 2, "-"),
        (.null, .money, 2, "-"),
        (.text("Won"), .percent, 2, "Won"),
        (.text(""), .automatic, 2, ""),
        (RenderFixtures.date(2017, 7, 15), .money, 2, "2017-07-15"),
        (.boolean(true), .automatic, 2, "true"),
        (.boolean(false), .integer, 2, "false"),
        (RenderFixtures.quarter(2017, 3), .automatic, 2, "2017-Q3"),
        (week(2017, 1, 30), .days, 2, "2017-W05"),
        (.timestamp(july15 + nineThirty), .automatic, 2, "2017-07-15 09:30:00"),
        (.timestamp(july15 + nineThirty + 500_000), .automatic, 2, "2017-07-15 09:30:00.500000"),
        (.timestamp(-1), .automatic, 2, "1969-12-31 23:59:59.999999"),
    ] as [(Value, ValueFormat, Int, String)])
    func formatted(_ value: Value, _ format: ValueFormat, _ decimals: Int, _ expected: String) {
        #expect(ValueText.formatted(value, format, decimals: decimals) == expected)
    }

    @Test(arguments: [
        (0.0, [UInt8(0)], [UInt8]()),
        (0.5, [0], [5]),
        (1e-05, [0], [0, 0, 0, 0, 1]),
        (1e16, [1] + Array(repeating: 0, count: 16), []),
        (10_005_534.0, [1, 0, 0, 0, 5, 5, 3, 4], []),
        (2360.125, [2, 3, 6, 0], [1, 2, 5]),
        (1.2345678901234568e+17, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 8, 0], []),
    ] as [(Double, [UInt8], [UInt8])])
    func decimalDigits(_ value: Double, _ integer: [UInt8], _ fraction: [UInt8]) {
        let digits = NumberText.digits(of: value)
        #expect(digits.integer == integer)
        #expect(digits.fraction == fraction)
    }

    @Test(arguments: [
        ("csv", OutputFormat.csv), ("CSV", .csv), (".tsv", .tsv), ("json", .json), ("jsonl", .jsonl),
        ("ndjson", .jsonl), ("md", .markdown), ("markdown", .markdown), ("txt", .table),
        ("xlsx", nil), ("", nil), ("table", nil),
    ] as [(String, OutputFormat?)])
    func formatFromFileExtension(_ fileExtension: String, _ expected: OutputFormat?) {
        #expect(OutputFormat(fileExtension: fileExtension) == expected)
    }

    // `set timer`: seconds from one second up, else milliseconds to three significant digits.
    @Test("the timer's durations", arguments: [
        (2.5, "2.500 s"), (1.0, "1.000 s"), (0.9996, "1.000 s"), (0.09996, "100 ms"), (0.009996, "10.0 ms"), (0.1234, "123 ms"), (0.0842, "84.2 ms"),
        (0.003412, "3.41 ms"), (0.000052, "0.052 ms"), (0, "0.000 ms"),
    ])
    func timerDurations(_ seconds: Double, _ text: String) {
        #expect(Session.durationText(seconds: seconds) == text)
    }

    @Test("terminal widths", arguments: [
        ("", 0), ("Cara Losch", 10), ("ACC-00045642", 12), ("日本", 4), ("e\u{301}", 1), ("Zoë", 3),
        ("a\u{1B}b", 3), ("✓ on track", 10), ("😀x", 3),
    ])
    func terminalWidths(_ text: String, _ width: Int) {
        #expect(TerminalText.width(text) == width)
    }

    @Test("column names that read as labels", arguments: [
        ("year_established", true), ("year", true), ("Year", true), ("fiscal_year", true), ("customerId", true),
        ("zip code", true), ("product-code", true), ("opportunity_id", true),
        ("years_of_service", false), ("identity", false), ("employees", false), ("yearly_revenue", false),
    ])
    func columnNamesAsLabels(_ name: String, _ isLabel: Bool) {
        #expect(ResultTable.Column.nameReadsAsLabel(name) == isLabel)
    }
}
