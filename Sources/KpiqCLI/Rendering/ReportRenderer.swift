import KpiqEngine

/// `export ... to "report.html"` and `to "report.md"`: the result as a report that stands on
/// its own: the statement, the period and row counts, charts, the table, the KPIs' definitions
/// and the data they were computed from.
///
/// The HTML page is one file with its style and inline SVG charts: it opens in a browser with
/// no network. Charts are drawn for a result with at most one group key, one per KPI (a
/// scorecard's score included).
public enum ReportRenderer {
    public static func html(_ table: ResultTable, context: ReportContext, spec: RenderSpec) -> String {
        var page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="kpiq">
        <title>\(context.title.htmlEscaped)</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <main>
        <h1><code>\(context.title.htmlEscaped)</code></h1>

        """
        page += "<section class=\"period\">\n" + table.caption.map { "<p>\($0.htmlEscaped)</p>\n" }.joined() + "</section>\n"
        let charts = chartable(table) ? ChartSeries.all(in: table) : []
        if !charts.isEmpty {
            page += "<section class=\"charts\">\n"
            for series in charts {
                page += "<figure>\n<figcaption>\(series.title.htmlEscaped)</figcaption>\n" + SVGChart.render(series, decimals: spec.decimals) + "\n</figure>\n"
            }
            page += "</section>\n"
        }
        page += "<section class=\"result\">\n" + htmlTable(table, decimals: spec.decimals) + "</section>\n"
        page += definitions(context, html: true)
        page += "<footer>Made with kpiq. Values as the table format shows them; the exports to CSV and JSON carry them at full precision.</footer>\n"
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    public static func markdown(_ table: ResultTable, context: ReportContext, spec: RenderSpec) -> String {
        var text = "# `\(context.title)`\n\n"
        var plain = table
        plain.presentation = .table
        text += MarkdownRenderer.render(plain, spec)
        if case .chart = table.presentation, chartable(table) {
            var chart = table
            chart.caption = []
            text += "\n```text\n" + ChartRenderer.render(chart, RenderSpec(format: .table, decimals: spec.decimals, maxWidth: 80)) + "```\n"
        }
        return text + definitions(context, html: false)
    }

    /// Charts draw one dimension at most, and need a measure.
    static func chartable(_ table: ResultTable) -> Bool {
        table.columns.filter { $0.role == .key }.count <= 1 && table.columns.contains { $0.role == .measure } && table.rowCount > 0
    }

    private static func htmlTable(_ table: ResultTable, decimals: Int) -> String {
        let columns = table.columns.map { FormattedColumn($0, rowCount: table.rowCount, decimals: decimals) }
        var html = "<table>\n<thead><tr>"
        for column in columns {
            html += "<th\(column.alignment == .right ? " class=\"number\"" : "")>\(column.header.htmlEscaped)</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in 0..<table.rowCount {
            html += "<tr>"
            for column in columns {
                let cell = column.cells[row]
                var classes: [String] = []
                if column.alignment == .right { classes.append("number") }
                if cell.isNull { classes.append("null") }
                if cell.isNegativeMeasure { classes.append("down") }
                if cell.isPositiveChange { classes.append("up") }
                if let status = cell.status { classes.append(status.rawValue.replacingAll("_", with: "-")) }
                if column.role == .trend { classes.append("trend") }
                html += "<td\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\(cell.text.htmlEscaped)</td>"
            }
            html += "</tr>\n"
        }
        if table.rowCount == 0 { html += "<tr><td colspan=\"\(max(1, columns.count))\">(no rows)</td></tr>\n" }
        return html + "</tbody>\n</table>\n"
    }

    private static func definitions(_ context: ReportContext, html: Bool) -> String {
        var text = ""
        if !context.kpis.isEmpty {
            if html {
                text += "<section class=\"kpis\">\n<h2>KPIs</h2>\n<dl>\n"
                for kpi in context.kpis {
                    text += "<dt>\(kpi.name.htmlEscaped)</dt>\n<dd><code>\(kpi.definition.htmlEscaped)</code>"
                    if kpi.format != .automatic { text += " · format \(kpi.format.rawValue)" }
                    if let target = kpi.target { text += " · <code>\(target.htmlEscaped)</code>" }
                    if let description = kpi.description { text += "<br>\(description.htmlEscaped)" }
                    text += "</dd>\n"
                }
                text += "</dl>\n</section>\n"
            } else {
                text += "\n## KPIs\n\n"
                for kpi in context.kpis {
                    text += "- **\(kpi.name)**: `\(kpi.definition)`"
                    if kpi.format != .automatic { text += ", format \(kpi.format.rawValue)" }
                    if let target = kpi.target { text += ", `\(target)`" }
                    if let description = kpi.description { text += ". \(description)" }
                    text += "\n"
                }
            }
        }
        if !context.sources.isEmpty {
            if html {
                text += "<section class=\"sources\">\n<h2>Data</h2>\n<ul>\n"
                for source in context.sources {
                    text += "<li><code>\(source.dataset.htmlEscaped)</code>: \(source.file.htmlEscaped), \(Formatting.count(source.rows, "row"))</li>\n"
                }
                text += "</ul>\n</section>\n"
            } else {
                text += "\n## Data\n\n"
                for source in context.sources {
                    text += "- `\(source.dataset)`: \(source.file), \(Formatting.count(source.rows, "row"))\n"
                }
            }
        }
        return text
    }

    static let style = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328; margin: 0; background: #fff; }
    main { max-width: 1000px; margin: 0 auto; padding: 24px; }
    h1 { font-size: 20px; font-weight: 600; } h1 code { background: #f3f4f6; padding: 2px 6px; border-radius: 4px; }
    h2 { font-size: 16px; margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
    .period p { margin: 2px 0; color: #57606a; }
    figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
    svg.chart { max-width: 100%; height: auto; font: 11px system-ui, "DejaVu Sans", sans-serif; }
    svg .bar { fill: #4c78a8; } svg .bar.negative { fill: #e45756; } svg .series { stroke: #4c78a8; stroke-width: 1.5; }
    svg .point { fill: #4c78a8; } svg .grid { stroke: #eaeef2; } svg .axis-line { stroke: #57606a; }
    svg .axis { fill: #57606a; } svg .value { fill: #1f2328; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 16px; }
    th, td { padding: 4px 10px; border-bottom: 1px solid #eaeef2; text-align: left; white-space: nowrap; }
    th { border-bottom: 2px solid #d0d7de; } .number { text-align: right; } .null { color: #8c959f; }
    .up { color: #1a7f37; } .down { color: #cf222e; }
    .on-track { color: #1a7f37; font-weight: 600; } .at-risk { color: #9a6700; font-weight: 600; } .off-track { color: #cf222e; font-weight: 600; }
    .trend { letter-spacing: 1px; color: #4c78a8; }
    dt { font-weight: 600; margin-top: 8px; } dd { margin-left: 16px; }
    footer { margin-top: 32px; color: #8c959f; font-size: 12px; }
    """
}
