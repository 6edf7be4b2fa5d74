import KpiqEngine

/// `kpi revenue by month chart` on a terminal: per measure, a column chart over periods (a
/// braille line chart when there are too many periods for columns), or horizontal bars over
/// any other key; axes, labels and values, as wide as `RenderSpec.maxWidth` (80 without one).
enum ChartRenderer {
    static let defaultWidth = 80
    static let plotHeight = 10
    /// Eighths of a cell, from the bottom (columns) or from the left (bars).
    static let upperEighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let leftEighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    static func render(_ table: ResultTable, _ spec: RenderSpec) -> String {
        let style = ANSIStyle(isEnabled: spec.color)
        let width = max(40, spec.maxWidth ?? defaultWidth)
        var blocks: [String] = []
        for series in ChartSeries.all(in: table) {
            var lines: [String]
            if series.overTime, series.values.count > 1 {
                lines = columns(series, width: width, decimals: spec.decimals) ?? line(series, width: width, decimals: spec.decimals)
            } else {
                lines = bars(series, width: width, decimals: spec.decimals)
            }
            lines.insert(style.bold(series.title), at: 0)
            blocks.append(lines.map { trimmed($0) + "\n" }.joined())
        }
        var output = blocks.joined(separator: "\n")
        if table.rowCount == 0 { output += TableRenderer.noRows + "\n" }
        for caption in table.caption { output += style.dim(caption) + "\n" }
        return output
    }

    private static func trimmed(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - TerminalText.width(text))) + text
    }

    private static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - TerminalText.width(text)))
    }

    /// The value axis: labels for the top, middle and bottom rows of `rows`.
    private static func axisLabels(_ series: ChartSeries, rows: Int) -> [Int: String] {
        let (low, high) = series.axisRange
        return [0: series.compact(high), rows / 2: series.compact(low + (high - low) * Double(rows - rows / 2) / Double(rows)),
                rows - 1: series.compact(low)]
    }

    // MARK: columns over periods

    /// Vertical columns, one per period, with each value above its column when all fit;
    /// nil when the periods are too many for columns two characters wide.
    static func columns(_ series: ChartSeries, width: Int, decimals: Int) -> [String]? {
        let labels = axisLabels(series, rows: plotHeight)
        let labelWidth = labels.values.map(TerminalText.width).max() ?? 1
        let plotWidth = width - labelWidth - 2
        let count = series.values.count
        let slot = plotWidth / count
        guard slot >= 2 else { return nil }
        let barWidth = min(slot - 1, 9), slotWidth = barWidth + 1
        let (low, high) = series.axisRange
        let zero = (0 - low) / (high - low) * Double(plotHeight)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: slotWidth * count), count: plotHeight)
        for (index, value) in series.values.enumerated() {
            guard let value else { continue }
            let level = (value - low) / (high - low) * Double(plotHeight)
            let (bottom, top) = value >= 0 ? (zero, level) : (level, zero)
            for row in 0..<plotHeight {
                // Row 0 is the top; `cellBottom` counts rows from the bottom.
                let cellBottom = Double(plotHeight - 1 - row)
                let fill = min(top, cellBottom + 1) - max(bottom, cellBottom)
                guard fill > 0 else { continue }
                // A negative column and the body of a positive one fill whole cells; the top of
                // a positive one is cut to the nearest eighth.
                let eighths = value >= 0 ? Int((fill * 8).rounded()) : 8
                guard eighths > 0 else { continue }
                for offset in 0..<barWidth { grid[row][index * slotWidth + offset] = upperEighths[min(8, eighths) - 1] }
            }
        }
        var lines: [String] = []
        let valueTexts = series.values.map { $0.map(series.compact) ?? "" }
        if valueTexts.contains(where: { !$0.isEmpty }),
           valueTexts.allSatisfy({ TerminalText.width($0) <= slotWidth - 1 || TerminalText.width($0) <= barWidth }) {
            var line = String(repeating: " ", count: labelWidth + 2)
            for text in valueTexts { line += padRight(padLeft(text, min(barWidth, max(TerminalText.width(text), barWidth))), slotWidth) }
            lines.append(line)
        }
        for row in 0..<plotHeight {
            let label = labels[row].map { padLeft($0, labelWidth) + " ┤" } ?? String(repeating: " ", count: labelWidth) + " │"
            lines.append(label + String(grid[row]))
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: slotWidth * count))
        lines.append(String(repeating: " ", count: labelWidth + 2) + spacedLabels(series.labels, at: (0..<count).map { $0 * slotWidth },
                                                                                      width: slotWidth * count))
        return lines
    }

    /// Labels placed at their positions, left to right, each only where it does not run into
    /// the one before; the last always shown.
    private static func spacedLabels(_ labels: [String], at positions: [Int], width: Int) -> String {
        var line = [Character](repeating: " ", count: max(width, labels.map(TerminalText.width).max() ?? 0))
        var nextFree = 0
        // A label that would run past the axis's end is moved left to end with it.
        func start(_ index: Int) -> Int { max(0, min(positions[index], line.count - TerminalText.width(labels[index]))) }
        let lastStart = labels.isEmpty ? 0 : start(labels.count - 1)
        for (index, label) in labels.enumerated() {
            let start = start(index)
            let isLast = index == labels.count - 1
            guard start >= nextFree, isLast || start + TerminalText.width(label) < lastStart else { continue }
            for (offset, character) in label.enumerated() where start + offset < line.count { line[start + offset] = character }
            nextFree = start + TerminalText.width(label) + 2
        }
        return String(line)
    }

    // MARK: a line over many periods

    /// A braille line through the periods' values (two dots across and four down a cell).
    static func line(_ series: ChartSeries, width: Int, decimals: Int) -> [String] {
        let labels = axisLabels(series, rows: plotHeight)
        let labelWidth = labels.values.map(TerminalText.width).max() ?? 1
        let cells = max(10, width - labelWidth - 2)
        let dotsWide = cells * 2, dotsHigh = plotHeight * 4
        let (low, high) = series.axisRange
        var dots = [[Bool]](repeating: [Bool](repeating: false, count: dotsWide), count: dotsHigh)
        let count = series.values.count
        func point(_ index: Int) -> (x: Int, y: Int)? {
            guard let value = series.values[index] else { return nil }
            let x = count == 1 ? 0 : Int((Double(index) * Double(dotsWide - 1) / Double(count - 1)).rounded())
            let y = dotsHigh - 1 - Int(((value - low) / (high - low) * Double(dotsHigh - 1)).rounded())
            return (x, min(dotsHigh - 1, max(0, y)))
        }
        var previous: (x: Int, y: Int)?
        for index in 0..<count {
            guard let current = point(index) else { previous = nil; continue }
            if let start = previous { plot(from: start, to: current, on: &dots) } else { dots[current.y][current.x] = true }
            previous = current
        }
        var lines: [String] = []
        for row in 0..<plotHeight {
            var text = ""
            for cell in 0..<cells {
                var bits: UInt32 = 0
                let masks: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
                for column in 0..<2 {
                    for dot in 0..<4 where dots[row * 4 + dot][cell * 2 + column] { bits |= masks[column][dot] }
                }
                text.unicodeScalars.append(Unicode.Scalar(0x2800 + bits)!)
            }
            let label = labels[row].map { padLeft($0, labelWidth) + " ┤" } ?? String(repeating: " ", count: labelWidth) + " │"
            lines.append(label + text)
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: cells))
        let positions = (0..<count).map { count == 1 ? 0 : $0 * (cells - 1) / (count - 1) }
        lines.append(String(repeating: " ", count: labelWidth + 2) + spacedLabels(series.labels, at: positions, width: cells))
        // The values a line cannot carry: where it is lowest and highest.
        let present = series.values.indices.filter { series.values[$0] != nil }
        if let lowest = present.min(by: { series.values[$0]! < series.values[$1]! }),
           let highest = present.max(by: { series.values[$0]! < series.values[$1]! }) {
            lines.append(String(repeating: " ", count: labelWidth + 2)
                         + "lowest \(series.text(series.values[lowest]!, decimals: decimals)) (\(series.labels[lowest])), "
                         + "highest \(series.text(series.values[highest]!, decimals: decimals)) (\(series.labels[highest]))")
        }
        return lines
    }

    /// Bresenham's line between two dots.
    private static func plot(from start: (x: Int, y: Int), to end: (x: Int, y: Int), on dots: inout [[Bool]]) {
        var (x, y) = start
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            dots[y][x] = true
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    // MARK: bars over groups

    /// A horizontal bar per group, scaled to the largest magnitude, with its value after it.
    static func bars(_ series: ChartSeries, width: Int, decimals: Int) -> [String] {
        let labels = series.labels.map { TerminalText.truncated($0, toWidth: 24) }
        let labelWidth = labels.map(TerminalText.width).max() ?? 0
        let texts = series.values.map { $0.map { series.text($0, decimals: decimals) } ?? ValueText.nullText }
        let valueWidth = texts.map(TerminalText.width).max() ?? 1
        let barSpace = max(10, width - labelWidth - 3 - valueWidth - 1)
        let largest = series.values.compactMap { $0.map(abs) }.max() ?? 0
        return series.values.indices.map { index in
            var bar = ""
            if let value = series.values[index], largest > 0 {
                let eighths = Int((abs(value) / largest * Double(barSpace * 8)).rounded())
                bar = String(repeating: "█", count: eighths / 8)
                if eighths % 8 > 0 { bar.append(leftEighths[eighths % 8 - 1]) }
                // A negative value is drawn shaded: the bar gives its size, the label its sign.
                if value < 0 { bar = String(repeating: "░", count: bar.count) }
            }
            return padRight(labels[index], labelWidth) + " │" + padRight(bar, barSpace) + " " + padLeft(texts[index], valueWidth)
        }
    }
}
