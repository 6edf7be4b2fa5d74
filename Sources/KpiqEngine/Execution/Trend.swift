import KpiqLanguage

/// `kpi revenue by manager trend month`: each KPI of each group over the periods of `month`,
/// computed by a second query grouped by the same keys and the period, then attached to the
/// result as a `k_trend` column per KPI.
public enum Trend {
    static let periodNames: Set<String> = ["year", "quarter", "month", "week", "day"]

    /// Whether `expression` names a period (`month`), the only thing a trend runs over.
    public static func isPeriod(_ expression: Expr) -> Bool {
        guard case .name(let name) = expression, name.qualifier == nil else { return false }
        return periodNames.contains(name.name.name.lowercased())
    }

    /// The query of the trend: the KPIs alone (no comparison, order or limit), by the query's
    /// keys and then the period.
    public static func query(for query: QueryStatement, period: Expr) -> QueryStatement {
        QueryStatement(items: query.items, from: query.from, groupBy: query.groupBy + [period], filter: query.filter,
                       orderBy: [], limit: nil, comparison: nil, span: query.span)
    }

    /// `table` with a `k_trend` column after each measure `k`: its values in `trend` for the
    /// row's keys, period by period over every period `trend` has, oldest first.
    public static func attach(_ trend: ResultTable, to table: ResultTable) -> ResultTable {
        let keyCount = table.columns.prefix { $0.role == .key }.count
        guard trend.columns.count > keyCount, trend.columns[keyCount].role == .key else { return table }
        let periodColumn = trend.columns[keyCount].vector
        // Every period, in order (the trend query sorts by its keys; the null period is left out).
        var periods: [Value] = []
        var periodIndex: [Value: Int] = [:]
        for row in 0..<trend.rowCount {
            let period = periodColumn.value(at: row)
            if period.isNull || periodIndex[period] != nil { continue }
            periodIndex[period] = periods.count
            periods.append(period)
        }
        let order = periods.indices.sorted { compare(periods[$0], periods[$1]) }
        var position = [Int](repeating: 0, count: periods.count)
        for (rank, index) in order.enumerated() { position[index] = rank }
        // Row of `table` for each key combination.
        var rowOf: [[Value]: Int] = [:]
        for row in 0..<table.rowCount {
            rowOf[(0..<keyCount).map { table.columns[$0].vector.value(at: row) }] = row
        }
        var columns: [ResultTable.Column] = []
        for column in table.columns {
            columns.append(column)
            guard column.role == .measure, let source = trend.columns.first(where: { $0.name == column.name && $0.role == .measure }) else { continue }
            var series = [[Double?]](repeating: [Double?](repeating: nil, count: periods.count), count: table.rowCount)
            for row in 0..<trend.rowCount {
                let period = periodColumn.value(at: row)
                guard let index = periodIndex[period],
                      let target = rowOf[(0..<keyCount).map { trend.columns[$0].vector.value(at: row) }] else { continue }
                series[target][position[index]] = source.vector.value(at: row).doubleValue
            }
            var builder = VectorBuilder(type: .text, capacity: table.rowCount)
            for values in series {
                builder.append(.text(values.map { $0.map(number) ?? "-" }.joined(separator: " ")))
            }
            columns.append(ResultTable.Column(name: column.name + "_trend", vector: builder.finish(), role: .trend, format: column.format))
        }
        var result = table
        result.columns = columns
        if let first = periods.min(by: compare), let last = periods.max(by: compare) {
            let label = { (value: Value) -> String in
                if case .period(let grain, let index) = value { return PeriodIndex.label(index, grain: grain) }
                return ValueDescription.text(value)
            }
            result.caption.insert("trend: \(periods.count) periods, \(label(first)) to \(label(last))", at: max(0, result.caption.count - 1))
        }
        return result
    }

    /// A whole number without `.0`, else the shortest text that reads back the same.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func compare(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.period(_, let a), .period(_, let b)): return a < b
        default: return (left.doubleValue ?? 0) < (right.doubleValue ?? 0)
        }
    }
}
