import KpiqEngine
import KpiqLanguage

/// Small result tables for the renderer tests, built from boxed values.
enum RenderFixtures {
    /// A result column from values that share one type, with nulls anywhere; the column's
    /// storage type is that of the first value that is not null, or of `sample` when all are.
    static func column(
        _ name: String, _ role: ResultTable.Role, _ format: ValueFormat = .automatic,
        _ values: [Value], sample: Value = .integer(0)
    ) -> ResultTable.Column {
        let validity = Bitmap(values.map { !$0.isNull })
        let data: ColumnData
        switch values.first(where: { !$0.isNull }) ?? sample {
        case .integer:
            data = .integer(values.map { if case .integer(let v) = $0 { v } else { 0 } })
        case .decimal:
            data = .decimal(values.map { if case .decimal(let v) = $0 { v } else { 0 } })
        case .boolean:
            data = .boolean(values.map { if case .boolean(let v) = $0 { v } else { false } })
        case .date:
            data = .date(values.map { if case .date(let v) = $0 { v } else { 0 } })
        case .timestamp:
            data = .timestamp(values.map { if case .timestamp(let v) = $0 { v } else { 0 } })
        case .text:
            let dictionary = TextDictionary()
            data = .text(values.map { if case .text(let v) = $0 { dictionary.intern(v) } else { 0 } }, dictionary)
        case .period(let grain, _):
            data = .period(grain, values.map { if case .period(_, let v) = $0 { v } else { 0 } })
        case .null:
            preconditionFailure("the sample of an all-null column is a value")
        }
        return ResultTable.Column(name: name, vector: ColumnVector(data, validity: validity), role: role, format: format)
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> Value {
        .date(Int32(CivilDate.days(year: year, month: month, day: day)!))
    }

    static func quarter(_ year: Int, _ quarter: Int) -> Value {
        .period(.quarter, Int32(year * 4 + quarter - 1))
    }

    /// Managers' win rates and revenue, with the awkward cases every format must survive: a
    /// null in each column, a negative measure, and a name with a comma, a quote, a line
    /// break, a pipe and a tab.
    static let managers = ResultTable(
        columns: [
            column("manager", .key, values: [
                .text("Cara Losch"), .text("Dustin Brinkmann"), .text("Smith, \"Jo\"\nA|B\tC"), .null,
            ]),
            column("quarter", .key, values: [quarter(2017, 3), quarter(2017, 3), quarter(2017, 4), quarter(2017, 4)]),
            column("win_rate", .measure, .percent, [.decimal(0.6652), .decimal(0.57865), .null, .decimal(-0.05)]),
            column("revenue", .measure, .money, [.decimal(840_242), .decimal(10_005_534.5), .decimal(-1234.5), .null]),
            column("deals", .measure, values: [.integer(221), .integer(1186), .integer(0), .null]),
        ],
        rowCount: 4,
        caption: ["quarter = Q3 resolved to 2017-Q3", "4 groups"]
    )

    private static func column(
        _ name: String, _ role: ResultTable.Role, _ format: ValueFormat = .automatic, values: [Value]
    ) -> ResultTable.Column {
        column(name, role, format, values)
    }
}
