import KpiqEngine

/// A scorecard on a terminal: the group keys, the score, then one cell per KPI holding its
/// status symbol, value, target and change, so that a review of several KPIs fits a screen.
///
/// ```
/// manager          │ score │ win_rate              │ revenue
/// ─────────────────┼───────┼───────────────────────┼──────────────────────────
/// Cara Losch       │ 50.0% │ ✓ 66.5% /63.0% ▲ 4.3% │   330,820.00 ▼ 39,872.00
/// ```
///
/// `/63.0%` is the target; a KPI without one shows two spaces where the symbol goes. The
/// machine formats and markdown show the same content as separate columns.
enum ScorecardRenderer {
    private struct Part {
        var plain: String
        var styled: String
    }

    static func render(_ table: ResultTable, kpis: [String], _ spec: RenderSpec) -> String {
        let style = ANSIStyle(isEnabled: spec.color)
        let formatted = Dictionary(table.columns.map { ($0.name, FormattedColumn($0, rowCount: table.rowCount, decimals: spec.decimals)) },
                                   uniquingKeysWith: { first, _ in first })
        var headers: [String] = []
        var rightAligned: [Bool] = []
        var cells: [[Part]] = []  // column by column
        func plainColumn(_ column: FormattedColumn) {
            headers.append(column.header)
            rightAligned.append(column.alignment == .right)
            cells.append(column.cells.map { cell in
                Part(plain: cell.text, styled: cell.isNull ? style.dim(cell.text) : cell.isNegativeMeasure ? style.red(cell.text) : cell.text)
            })
        }
        for column in table.columns where column.role == .key { plainColumn(formatted[column.name]!) }
        if let score = formatted["score"] { plainColumn(score) }
        for kpi in kpis {
            guard let value = formatted[kpi] else { continue }
            let target = formatted[kpi + "_target"], change = formatted[kpi + "_change"], status = formatted[kpi + "_status"]
            // Each part is padded to its own width across rows, so values, targets and changes line up.
            func widest(_ column: FormattedColumn?, _ prefix: String = "") -> Int {
                column?.cells.map { $0.isNull ? 0 : TerminalText.width(prefix + $0.text) }.max() ?? 0
            }
            let valueWidth = widest(value), targetWidth = widest(target, "/"), changeWidth = widest(change)
            headers.append(kpi)
            rightAligned.append(false)
            cells.append((0..<table.rowCount).map { row in
                var plain = "", styled = ""
                func add(_ text: String, _ colored: String) {
                    plain += text
                    styled += colored
                }
                let statusCell = status?.cells[row]
                if let symbol = statusCell?.status.map({ String(FormattedColumn.statusText($0).prefix(1)) }) {
                    add(symbol + " ", style.status(symbol, statusCell?.status) + " ")
                } else {
                    add("  ", "  ")
                }
                let valueText = value.cells[row].text
                add(value.padded(valueText, to: valueWidth), value.padded(valueText, to: valueWidth))
                if targetWidth > 0 {
                    let targetText = target.map { $0.cells[row].isNull ? "" : "/" + $0.cells[row].text } ?? ""
                    let padding = String(repeating: " ", count: targetWidth - TerminalText.width(targetText))
                    add(" " + targetText + padding, " " + style.dim(targetText) + padding)
                }
                if let change, changeWidth > 0 {
                    let cell = change.cells[row]
                    let text = change.padded(cell.isNull ? "" : cell.text, to: changeWidth)
                    add(" " + text, " " + (cell.isPositiveChange ? style.green(text) : cell.isNegativeMeasure ? style.red(text) : text))
                }
                return Part(plain: plain, styled: styled)
            })
        }
        let widths = headers.indices.map { index in
            cells[index].reduce(TerminalText.width(headers[index])) { max($0, TerminalText.width($1.plain)) }
        }
        func line(_ parts: [Part]) -> String {
            var text = ""
            for (index, part) in parts.enumerated() {
                if index > 0 { text += TableRenderer.separator }
                let padding = String(repeating: " ", count: max(0, widths[index] - TerminalText.width(part.plain)))
                if rightAligned[index] { text += padding + part.styled } else { text += index == parts.count - 1 ? part.styled : part.styled + padding }
            }
            // A last cell padded inside (a blank change) would leave spaces at the end of the line.
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        var output = line(headers.map { Part(plain: $0, styled: style.bold($0)) })
        output += widths.map { String(repeating: "─", count: $0) }.joined(separator: TableRenderer.ruleSeparator) + "\n"
        for row in 0..<table.rowCount { output += line(cells.map { $0[row] }) }
        if table.rowCount == 0 { output += TableRenderer.noRows + "\n" }
        for caption in table.caption { output += style.dim(caption) + "\n" }
        return output
    }
}
