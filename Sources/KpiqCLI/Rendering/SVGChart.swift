import KpiqEngine

/// A chart as inline SVG for the HTML report, needing no script, font or file from elsewhere.
///
/// Over periods: a column (`rect.bar`) per period, or, past `lineThreshold` periods, a line
/// with a dot (`circle.point`) per period with a value. Over other groups: a horizontal bar
/// (`rect.bar`) per group. Each mark carries `data-label` and `data-value` and a `<title>`
/// that a browser shows on hover.
enum SVGChart {
    static let width = 720.0
    static let lineThreshold = 48

    static func render(_ series: ChartSeries, decimals: Int) -> String {
        if series.overTime && series.values.count > 1 {
            return series.values.count > lineThreshold ? line(series, decimals: decimals) : columns(series, decimals: decimals)
        }
        return bars(series, decimals: decimals)
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func open(_ series: ChartSeries, height: Double, kind: String) -> String {
        "<svg class=\"chart \(kind)\" data-series=\"\(series.title.htmlEscaped)\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(series.title.htmlEscaped)\">\n"
    }

    private static func mark(_ series: ChartSeries, _ index: Int, decimals: Int) -> (label: String, value: String, title: String) {
        let label = series.labels[index].htmlEscaped
        let value = series.values[index].map { String($0) } ?? ""
        let shown = series.values[index].map { series.text($0, decimals: decimals) } ?? "no value"
        return (label, value, "\(label): \(shown.htmlEscaped)")
    }

    /// The value axis: gridlines and labels at the bottom, middle and top.
    private static func valueAxis(_ series: ChartSeries, left: Double, top: Double, plotHeight: Double) -> String {
        let (low, high) = series.axisRange
        var svg = ""
        for step in 0...2 {
            let value = low + (high - low) * Double(step) / 2
            let y = top + plotHeight - plotHeight * Double(step) / 2
            svg += "<line class=\"grid\" x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(width - 10))\" y2=\"\(number(y))\"/>\n"
            svg += "<text class=\"axis\" x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(series.compact(value).htmlEscaped)</text>\n"
        }
        return svg
    }

    static func columns(_ series: ChartSeries, decimals: Int) -> String {
        let (left, top, plotHeight) = (70.0, 24.0, 220.0)
        let height = top + plotHeight + 40
        let count = series.values.count
        let slot = (width - 10 - left) / Double(count)
        let barWidth = max(1, slot * 0.8)
        let (low, high) = series.axisRange
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        var svg = open(series, height: height, kind: "columns") + valueAxis(series, left: left, top: top, plotHeight: plotHeight)
        let labelEvery = max(1, Int((64 / slot).rounded(.up)))
        for index in 0..<count {
            let (label, value, title) = mark(series, index, decimals: decimals)
            let x = left + slot * Double(index) + (slot - barWidth) / 2
            let top = series.values[index].map { min(y($0), y(0)) } ?? y(0)
            let barHeight = series.values[index].map { abs(y($0) - y(0)) } ?? 0
            let negative = (series.values[index] ?? 0) < 0 ? " negative" : ""
            svg += "<rect class=\"bar\(series.values[index] == nil ? " missing" : negative)\" x=\"\(number(x))\" y=\"\(number(top))\" "
                + "width=\"\(number(barWidth))\" height=\"\(number(barHeight))\" data-label=\"\(label)\" data-value=\"\(value)\">"
                + "<title>\(title)</title></rect>\n"
            if let number = series.values[index], slot >= 40 {
                svg += "<text class=\"value\" x=\"\(self.number(x + barWidth / 2))\" y=\"\(self.number(top - 4))\" text-anchor=\"middle\">"
                    + "\(series.compact(number).htmlEscaped)</text>\n"
            }
            if index % labelEvery == 0 {
                svg += "<text class=\"axis\" x=\"\(number(x + barWidth / 2))\" y=\"\(number(y(low) + 18))\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        svg += "<line class=\"axis-line\" x1=\"\(number(left))\" y1=\"\(number(y(0)))\" x2=\"\(number(width - 10))\" y2=\"\(number(y(0)))\"/>\n"
        return svg + "</svg>"
    }

    static func line(_ series: ChartSeries, decimals: Int) -> String {
        let (left, top, plotHeight) = (70.0, 24.0, 220.0)
        let height = top + plotHeight + 40
        let count = series.values.count
        let step = (width - 20 - left) / Double(max(1, count - 1))
        let (low, high) = series.axisRange
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        var svg = open(series, height: height, kind: "line") + valueAxis(series, left: left, top: top, plotHeight: plotHeight)
        var path = ""
        for index in 0..<count {
            guard let value = series.values[index] else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(number(left + 10 + step * Double(index))) \(number(y(value)))"
        }
        svg += "<path class=\"series\" d=\"\(path)\" fill=\"none\"/>\n"
        let labelEvery = max(1, Int((80 / step).rounded(.up)))
        for index in 0..<count {
            let (label, value, title) = mark(series, index, decimals: decimals)
            let x = left + 10 + step * Double(index)
            if let number = series.values[index] {
                svg += "<circle class=\"point\" cx=\"\(self.number(x))\" cy=\"\(self.number(y(number)))\" r=\"2\" data-label=\"\(label)\" "
                    + "data-value=\"\(value)\"><title>\(title)</title></circle>\n"
            }
            if index % labelEvery == 0 {
                svg += "<text class=\"axis\" x=\"\(number(x))\" y=\"\(number(y(low) + 18))\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        return svg + "</svg>"
    }

    static func bars(_ series: ChartSeries, decimals: Int) -> String {
        let (left, rowHeight, top) = (180.0, 26.0, 10.0)
        let count = series.values.count
        let height = top * 2 + rowHeight * Double(count)
        let valueRoom = 110.0
        let largest = series.values.compactMap { $0.map(abs) }.max() ?? 0
        var svg = open(series, height: height, kind: "bars")
        for index in 0..<count {
            let (label, value, title) = mark(series, index, decimals: decimals)
            let y = top + rowHeight * Double(index)
            let length = largest > 0 ? (series.values[index].map(abs) ?? 0) / largest * (width - left - valueRoom) : 0
            let negative = (series.values[index] ?? 0) < 0 ? " negative" : ""
            let shortLabel = series.labels[index].count > 26 ? String(series.labels[index].prefix(25)) + "…" : series.labels[index]
            svg += "<text class=\"axis\" x=\"\(number(left - 8))\" y=\"\(number(y + rowHeight / 2 + 4))\" text-anchor=\"end\">\(shortLabel.htmlEscaped)</text>\n"
            svg += "<rect class=\"bar\(series.values[index] == nil ? " missing" : negative)\" x=\"\(number(left))\" y=\"\(number(y + 4))\" "
                + "width=\"\(number(length))\" height=\"\(number(rowHeight - 8))\" data-label=\"\(label)\" data-value=\"\(value)\">"
                + "<title>\(title)</title></rect>\n"
            let shown = series.values[index].map { series.text($0, decimals: decimals) } ?? ValueText.nullText
            svg += "<text class=\"value\" x=\"\(number(left + length + 6))\" y=\"\(number(y + rowHeight / 2 + 4))\">\(shown.htmlEscaped)</text>\n"
        }
        svg += "<line class=\"axis-line\" x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(height - top))\"/>\n"
        return svg + "</svg>"
    }
}
