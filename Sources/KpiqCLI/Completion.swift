/// What Tab offers for the text before the cursor: the word being completed and the
/// candidates that could replace it.
public struct Completion: Equatable, Sendable {
    public struct Candidate: Equatable, Sendable {
        /// The text that replaces the word.
        public var text: String
        /// Added after `text` when it is the only candidate: a space, a closing quote, or
        /// nothing (after a folder's `/`).
        public var terminator: String
        /// How the candidate is listed: a file without its folder, a value without quotes.
        public var label: String

        public init(_ text: String, terminator: String = " ", label: String? = nil) {
            self.text = text
            self.terminator = terminator
            self.label = label ?? text
        }
    }

    /// The end of the text before the cursor that the candidates replace.
    public var word: String
    public var candidates: [Candidate]

    public init(word: String, candidates: [Candidate]) {
        self.word = word
        self.candidates = candidates
    }

    /// What Tab puts in place of `word`: the candidate and its terminator when there is one,
    /// the candidates' common prefix when it is longer than the word, otherwise nil.
    public var replacement: String? {
        if candidates.count == 1 { return candidates[0].text + candidates[0].terminator }
        let prefix = Completion.commonPrefix(candidates.map(\.text))
        return prefix.count > word.count ? prefix : nil
    }

    /// The longest start that every text shares, ignoring case (spelled as in the first).
    static func commonPrefix(_ texts: [String]) -> String {
        guard var prefix = texts.first.map(Array.init) else { return "" }
        for text in texts.dropFirst() {
            let characters = Array(text)
            var length = 0
            while length < min(prefix.count, characters.count),
                  prefix[length].lowercased() == characters[length].lowercased() {
                length += 1
            }
            prefix.removeLast(prefix.count - length)
        }
        return String(prefix)
    }

    /// Candidates from `texts` that start with `word`, ignoring case, sorted and without repeats.
    static func matching(_ word: String, _ texts: [String], terminator: String = " ") -> [Candidate] {
        let lowered = word.lowercased()
        let kept = Set(texts.filter { $0.lowercased().hasPrefix(lowered) })
        return kept.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map { Candidate($0, terminator: terminator) }
    }
}
