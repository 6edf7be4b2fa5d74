/// "Did you mean ...?" suggestions for misspelled names.
public enum Suggestions {
    /// The known names closest to `name`, best first; at most `limit`, and only those close
    /// enough to be a plausible typo.
    public static func closest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        var scored: [(name: String, distance: Int)] = []
        for candidate in Set(candidates) {
            let lowered = Array(candidate.lowercased())
            let distance = editDistance(target, lowered)
            let allowed = Swift.max(1, Swift.min(target.count, lowered.count) / 3)
            let isPrefix = lowered.count >= 3 && target.count >= 3
                && (lowered.starts(with: target) || target.starts(with: lowered))
            if distance <= allowed || isPrefix {
                scored.append((candidate, isPrefix && distance > allowed ? allowed + 1 : distance))
            }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// A hint sentence, or nil when nothing is close.
    public static func hint(for name: String, in candidates: [String]) -> String? {
        let names = closest(to: name, in: candidates)
        guard !names.isEmpty else { return nil }
        let quoted = names.map { "`\($0)`" }
        if quoted.count == 1 { return "did you mean \(quoted[0])?" }
        return "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(quoted.last!)?"
    }

    /// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = Swift.min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
