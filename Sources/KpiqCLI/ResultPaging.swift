import KpiqEngine

/// Long and wide results at a terminal: the table format shows a screenful of rows and the
/// columns that fit the width, then says what it left out and how to see it.
///
/// ```
/// deal           │ close_value
/// ───────────────┼────────────
/// 1C1I7A6R       │       1,054
/// … 8,790 more rows (`set max_rows = all`, a `limit`, or `export`)
/// 8,800 rows of deals
/// ```
///
/// Machine formats are never cut: scripts get every row.
enum ResultPaging {
    static func render(_ table: ResultTable, _ spec: RenderSpec, maxRows: Int?) -> String {
        guard spec.format == .table else { return Renderer.render(table, spec) }
        // A chart is drawn whole, to the width; a scorecard has its own compact columns.
        if case .chart = table.presentation { return Renderer.render(table, spec) }
        let isScorecard = if case .scorecard = table.presentation { true } else { false }
        var shown = table
        var omissions: [String] = []
        // Cutting a single row would save nothing: the note takes its line.
        if let maxRows, table.rowCount > maxRows + 1 {
            shown.rowCount = maxRows
            let hidden = table.rowCount - maxRows
            let rows = "… \(Formatting.count(hidden, "more row"))"
            omissions.append(fitting([rows + " (`set max_rows = all`, a `limit`, or `export`)", rows + " (`set max_rows = all`)"], spec.maxWidth))
        }
        if let width = spec.maxWidth, shown.columns.count > 1, !isScorecard {
            let kept = columnsFitting(shown, width: width, decimals: spec.decimals)
            if kept < shown.columns.count {
                let hidden = shown.columns[kept...].map(\.name)
                shown.columns.removeLast(shown.columns.count - kept)
                let names = hidden.count <= 4 ? hidden.joined(separator: ", ") : hidden.prefix(3).joined(separator: ", ") + ", ..."
                let columns = "… \(Formatting.count(hidden.count, "more column"))"
                omissions.append(fitting([columns + " (\(names)): ask for fewer, or `set format = csv`",
                                          columns + ": ask for fewer, or `set format = csv`", columns], width))
            }
        }
        shown.caption = omissions + table.caption
        return Renderer.render(shown, spec)
    }

    /// The first of `notes` that fits in `width` columns, or the last.
    private static func fitting(_ notes: [String], _ width: Int?) -> String {
        notes.first { TerminalText.width($0) <= width ?? .max } ?? notes.last!
    }

    /// How many columns, from the left, the table format can draw within `width` (at least one).
    static func columnsFitting(_ table: ResultTable, width: Int, decimals: Int) -> Int {
        let formatted = table.columns.map { FormattedColumn($0, rowCount: table.rowCount, decimals: decimals) }
        var count = formatted.count
        while count > 1 {
            let columns = Array(formatted.prefix(count))
            let widths = TableWidths.fit(columns, maxWidth: width)
            let total = widths.reduce(0, +) + TableRenderer.separator.count * (count - 1)
            if total <= width { break }
            count -= 1
        }
        return count
    }
}
