import KpiqEngine

/// One measure of a result over its one group key: what a chart draws, on a terminal or in
/// a report's SVG.
struct ChartSeries {
    /// `revenue by month`
    var title: String
    var labels: [String]
    var values: [Double?]
    var format: ValueFormat
    /// Whether the key is a period, drawn along a time axis rather than as bars per group.
    var overTime: Bool
    /// Whether the measure holds whole numbers (a count), shown without decimals.
    var isInteger = false

    /// A series per measure (not the change, target, status or trend columns) of `table`,
    /// over its first group key; with no key, each measure is one bar.
    static func all(in table: ResultTable) -> [ChartSeries] {
        let key = table.columns.first { $0.role == .key }
        let overTime = key.map { if case .period = $0.vector.type { return true } else { return false } } ?? false
        // Along a time axis, the rows with no period (no time value) have no place.
        let rows = (0..<table.rowCount).filter { row in !overTime || key?.vector.isValid(row) == true }
        let labels = rows.map { row in
            key.map { ValueText.raw($0.vector.value(at: row)) ?? ValueText.nullText } ?? ""
        }
        return table.columns.filter { $0.role == .measure }.map { column in
            ChartSeries(title: key.map { "\(column.name) by \($0.name)" } ?? column.name,
                        labels: key == nil ? [column.name] : labels,
                        values: rows.map { column.vector.value(at: $0).doubleValue.flatMap { $0.isFinite ? $0 : nil } },
                        format: column.format, overTime: overTime, isInteger: column.vector.type == .integer)
        }
    }

    /// The range the value axis spans: from zero (or the lowest value, when it is below zero)
    /// to the highest value (or zero); never empty.
    var axisRange: (low: Double, high: Double) {
        let present = values.compactMap { $0 }
        var low = min(0, present.min() ?? 0), high = max(0, present.max() ?? 0)
        if high == low { high = low + 1 }
        return (low, high)
    }

    /// A value as the table shows it.
    func text(_ value: Double, decimals: Int) -> String {
        let boxed: Value = isInteger && value == value.rounded() && abs(value) < 9e15 ? .integer(Int64(value)) : .decimal(value)
        return ValueText.formatted(boxed, format, decimals: decimals)
    }

    /// A value in at most about six characters, for axes and labels on bars: `61.7%`,
    /// `1.13M`, `330K`, `42.5`.
    func compact(_ value: Double) -> String {
        if format == .percent { return NumberText.fixed(value * 100, decimals: 1) + "%" }
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        for (size, suffix) in units where magnitude >= size {
            let scaled = value / size
            let decimals = abs(scaled) >= 100 ? 0 : abs(scaled) >= 10 ? 1 : 2
            return NumberText.fixed(scaled, decimals: decimals, grouping: false) + suffix
        }
        if value == value.rounded() { return NumberText.fixed(value, decimals: 0, grouping: false) }
        return NumberText.fixed(value, decimals: magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2, grouping: false)
    }
}
