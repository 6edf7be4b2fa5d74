import KpiqEngine

/// The aligned table shown on a terminal: a header, a rule, one line a row, then the caption.
///
/// ```
/// manager          │ win_rate │    revenue
/// ─────────────────┼──────────┼───────────
/// Cara Losch       │    66.5% │ 330,820.00
/// Dustin Brinkmann │    57.9% │ 285,448.00
/// -                │        - │  -1,234.50
/// quarter = Q3 → 2017-Q3 · 2,047 closed deals
/// ```
///
/// Nulls print as `-`. With no rows, `(no rows)` follows the rule. With `color`, headers are
/// bold, nulls and the caption dim, negative measures red. With `maxWidth`, text columns are
/// narrowed and cut with `…` (see `TableWidths`).
///
/// Numbers and measures are right-aligned, other columns left-aligned; no line ends in spaces.
enum TableRenderer {
    static let separator = " │ "
    static let ruleSeparator = "─┼─"
    static let noRows = "(no rows)"

    static func render(_ table: ResultTable, _ spec: RenderSpec) -> String {
        let style = ANSIStyle(isEnabled: spec.color)
        var output = ""
        if table.columns.isEmpty {
            output += "(no columns)\n"
        } else {
            let columns = table.columns.map {
                FormattedColumn($0, rowCount: table.rowCount, decimals: spec.decimals)
            }
            let widths = TableWidths.fit(columns, maxWidth: spec.maxWidth)
            output += line(columns, widths) { index in
                let header = TerminalText.truncated(columns[index].header, toWidth: widths[index])
                return (header, style.bold(header))
            }
            output += widths.map { String(repeating: "─", count: $0) }.joined(separator: ruleSeparator) + "\n"
            for row in 0..<table.rowCount {
                output += line(columns, widths) { index in
                    let cell = columns[index].cells[row]
                    let text = TerminalText.truncated(cell.text, toWidth: widths[index])
                    if cell.isNull { return (text, style.dim(text)) }
                    return (text, cell.isNegativeMeasure ? style.red(text) : (cell.isPositiveChange ? style.green(text) : text))
                }
            }
            if table.rowCount == 0 { output += noRows + "\n" }
        }
        for caption in table.caption {
            output += style.dim(caption) + "\n"
        }
        return output
    }

    /// One line of the table; `cell` gives a column's plain text (to measure the padding) and
    /// the same text as printed (with color codes).
    private static func line(
        _ columns: [FormattedColumn], _ widths: [Int], cell: (Int) -> (plain: String, styled: String)
    ) -> String {
        var text = ""
        for (index, column) in columns.enumerated() {
            if index > 0 { text += separator }
            let (plain, styled) = cell(index)
            let padding = String(repeating: " ", count: max(0, widths[index] - TerminalText.width(plain)))
            switch column.alignment {
            case .right: text += padding + styled
            case .left: text += index == columns.count - 1 ? styled : styled + padding
            }
        }
        return text + "\n"
    }
}
