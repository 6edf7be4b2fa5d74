import KpiqEngine

/// A GitHub-flavored markdown table, values formatted as in the table format, cells padded so
/// that the source reads as a table too; the caption follows after a blank line, which keeps
/// markdown from taking it for another row.
///
/// ```
/// | manager    | win_rate |
/// | ---------- | -------: |
/// | Cara Losch |    64.4% |
/// ```
enum MarkdownRenderer {
    static func render(_ table: ResultTable, _ spec: RenderSpec) -> String {
        let columns = table.columns.map { FormattedColumn($0, rowCount: table.rowCount, decimals: spec.decimals) }
        let headers = columns.map { escaped($0.header) }
        let cells = columns.map { $0.cells.map { escaped($0.text) } }
        let widths = columns.indices.map { index in
            cells[index].reduce(max(3, TerminalText.width(headers[index]))) { max($0, TerminalText.width($1)) }
        }
        func line(_ texts: [String]) -> String {
            "| " + columns.indices.map { columns[$0].padded(texts[$0], to: widths[$0]) }.joined(separator: " | ") + " |\n"
        }
        var output = line(headers)
        output += "| " + columns.indices.map { index in
            columns[index].alignment == .right
                ? String(repeating: "-", count: widths[index] - 1) + ":"
                : String(repeating: "-", count: widths[index])
        }.joined(separator: " | ") + " |\n"
        for row in 0..<table.rowCount {
            output += line(cells.map { $0[row] })
        }
        let notes = (table.rowCount == 0 ? [TableRenderer.noRows] : []) + table.caption
        if !notes.isEmpty {
            output += "\n" + notes.map { $0 + "\n" }.joined()
        }
        return output
    }

    /// A pipe would end the cell: GitHub markdown reads `\|` as a pipe inside it.
    private static func escaped(_ text: String) -> String {
        text.replacingAll("|", with: "\\|")
    }
}
