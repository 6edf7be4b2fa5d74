/// Several completion candidates laid out in columns, as `ls` does: sorted down each column,
/// as many columns as the width takes.
enum CompletionList {
    /// At most this many are listed; the rest are counted.
    static let limit = 200

    static func layout(_ labels: [String], width: Int) -> String {
        let shown = Array(labels.prefix(limit))
        guard !shown.isEmpty else { return "" }
        let columnWidth = (shown.map(TerminalText.width).max() ?? 0) + 2
        let columns = max(1, min(shown.count, (width + 2) / columnWidth))
        let rows = (shown.count + columns - 1) / columns
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < shown.count else { break }
                let label = shown[index]
                let isLast = column == columns - 1 || index + rows >= shown.count
                line += isLast ? label : label + String(repeating: " ", count: columnWidth - TerminalText.width(label))
            }
            lines.append(line)
        }
        if labels.count > shown.count { lines.append("… and \(labels.count - shown.count) more") }
        return lines.joined(separator: "\n") + "\n"
    }
}
