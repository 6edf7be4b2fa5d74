import KpiqEngine

/// Turns a `ResultTable` into text. Holds no state: the same table and spec give the same text.
public enum Renderer {
    /// The result as text in `spec.format`; every line, the last included, ends with `\n`
    /// (so a jsonl result with no rows is the empty string).
    public static func render(_ table: ResultTable, _ spec: RenderSpec) -> String {
        for column in table.columns {
            precondition(column.vector.count >= table.rowCount,
                         "column \(column.name) has \(column.vector.count) values for \(table.rowCount) rows")
        }
        switch spec.format {
        case .table:
            if case .scorecard(let kpis) = table.presentation { return ScorecardRenderer.render(table, kpis: kpis, spec) }
            if case .chart = table.presentation { return ChartRenderer.render(table, spec) }
            return TableRenderer.render(table, spec)
        case .markdown: return MarkdownRenderer.render(table, spec)
        case .csv: return DelimitedRenderer.render(table, style: .csv)
        case .tsv: return DelimitedRenderer.render(table, style: .tsv)
        case .json: return JSONRenderer.render(table, lines: false)
        case .jsonl: return JSONRenderer.render(table, lines: true)
        }
    }
}
