/// A row of eight block heights for a series, lowest value `▁`, highest `█`; a missing value
/// is a blank. Each series is scaled to its own range: a sparkline shows shape, not size.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func text(_ values: [Double?]) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = present.min(), let high = present.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { value -> Character in
            guard let value, value.isFinite else { return " " }
            if high == low { return levels[3] }
            let level = Int(((value - low) / (high - low) * Double(levels.count - 1)).rounded())
            return levels[min(levels.count - 1, max(0, level))]
        })
    }

    /// The numbers of a trend cell (`1.5 - 3`), `-` being a missing value.
    static func values(_ text: String) -> [Double?] {
        text.split(separator: " ").map { Double($0) }
    }
}
