import KpiqEngine
import KpiqLanguage

/// Tab completion that knows the language and the session.
///
/// The text before the cursor (with the earlier lines of a statement that goes on) is split
/// into the word being completed and what comes before it; the lexer reads what comes before,
/// and the statement's first word and its last tokens say what may come next: statement
/// words at the start, KPI names after `kpi` and its commas, datasets after `from`, `show` and
/// `describe`, the names a query can group and filter by after `by` and `where`, a text
/// column's values after `manager = "`, files inside `load "`, settings after `set`.
public struct Completer {
    let session: Session

    public init(session: Session) {
        self.session = session
    }

    var catalog: Catalog { session.catalog }

    /// The candidates for the end of `text`.
    public func complete(_ text: String) -> Completion {
        let (before, lead) = Completer.split(text)
        let source = SourceFile(name: "<completion>", text: before)
        let tokens = Completer.statementTokens(source)
        switch lead {
        case .none:
            return Completion(word: "", candidates: [])
        case .word(let word):
            return Completion(word: word, candidates: candidates(after: tokens, source: source, word: word))
        case .qualified(let qualifier, let word):
            let names = qualifiedNames(qualifier, tokens: tokens)
            return Completion(word: word, candidates: Completion.matching(word, names))
        case .string(let quote, let partial):
            return Completion(word: partial, candidates: stringCandidates(after: tokens, source: source, quote: quote, partial: partial))
        case .backquoted:
            return Completion(word: "", candidates: [])
        }
    }

    // MARK: Where the cursor is

    enum Lead: Equatable {
        /// A word, possibly empty: `kpi win_r`, `kpi `.
        case word(String)
        /// `deals.clo`: a name after a dataset and a dot.
        case qualified(String, String)
        /// Inside an unclosed string: `manager = "Ca`.
        case string(quote: Character, partial: String)
        /// Inside an unclosed backquoted name.
        case backquoted(String)
        /// In a comment or a number: nothing to complete.
        case none
    }

    /// Splits `text` into what comes before the lead, and the lead.
    static func split(_ text: String) -> (before: String, lead: Lead) {
        let characters = Array(text)
        enum State { case code, string(Character, Int), backquoted(Int), comment }
        var state = State.code
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch state {
            case .code:
                if character == "\"" || character == "'" {
                    state = .string(character, index)
                } else if character == "`" {
                    state = .backquoted(index)
                } else if character == "#" || (character == "-" && next == "-") {
                    state = .comment
                }
            case .string(let quote, _):
                if character == "\\" {
                    index += 1
                } else if character == quote {
                    if next == quote { index += 1 } else { state = .code }
                }
            case .backquoted:
                if character == "`" {
                    if next == "`" { index += 1 } else { state = .code }
                }
            case .comment:
                if character == "\n" { state = .code }
            }
            index += 1
        }
        switch state {
        case .comment:
            return (text, .none)
        case .string(let quote, let start):
            return (String(characters[..<start]), .string(quote: quote, partial: String(characters[(start + 1)...])))
        case .backquoted(let start):
            return (String(characters[..<start]), .backquoted(String(characters[(start + 1)...])))
        case .code:
            var start = characters.count
            while start > 0, isNameCharacter(characters[start - 1]) { start -= 1 }
            let word = String(characters[start...])
            if let first = word.first, first.isNumber { return (text, .none) }
            if start > 0, characters[start - 1] == "." {
                var qualifierStart = start - 1
                while qualifierStart > 0, isNameCharacter(characters[qualifierStart - 1]) { qualifierStart -= 1 }
                let qualifier = String(characters[qualifierStart..<(start - 1)])
                guard let first = qualifier.first, !first.isNumber else { return (text, .none) }
                return (String(characters[..<qualifierStart]), .qualified(qualifier, word))
            }
            return (String(characters[..<start]), .word(word))
        }
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    /// The tokens of the last statement in `text` (after its last statement break).
    static func statementTokens(_ source: SourceFile) -> [Token] {
        let tokens = Lexer.tokenize(source).tokens
        let start = (tokens.lastIndex { $0.kind == .newline || $0.kind == .semicolon }).map { $0 + 1 } ?? 0
        return tokens[start...].filter { $0.kind != .endOfFile }
    }

    // MARK: Words

    /// Candidates for a word after `tokens`, by the statement they begin.
    func candidates(after tokens: [Token], source: SourceFile, word: String) -> [Completion.Candidate] {
        guard let first = tokens.first else {
            return Completion.matching(word, CommandTable.entries.map(\.name))
        }
        guard first.kind == .identifier else { return [] }
        let last = tokens.last!
        let rest = Array(tokens.dropFirst())
        let words: [String]
        switch first.text.lowercased() {
        case "kpi":
            return queryCandidates(QueryShape(tokens, source: source), word: word)
        case "show":
            return showCandidates(QueryShape(tokens, source: source), word: word)
        case "scorecard":
            return scorecardCandidates(tokens, source: source, word: word)
        case "export", "explain":
            guard let inner = rest.first else { return Completion.matching(word, ["kpi", "show"]) }
            var shape = QueryShape(rest, source: source)
            shape.isExport = first.isKeyword("export")
            return inner.isKeyword("show") ? showCandidates(shape, word: word) : queryCandidates(shape, word: word)
        case "describe":
            if rest.isEmpty { return Completion.matching(word, catalog.datasetOrder + ["kpi"]) }
            words = rest.count == 1 && last.isKeyword("kpi") ? catalog.kpis.map(\.name) : []
        case "set":
            return settingCandidates(rest, word: word)
        case "help":
            words = rest.isEmpty ? CommandTable.topics : []
        case "load":
            words = loadWords(rest)
            if last.kind == .leftParen || last.kind == .comma {
                return Completion.matching(word, words, terminator: " = ")
            }
        case "save":
            words = last.isKeyword("with") ? ["queries"] : (rest.isEmpty ? [] : ["with", "replace"])
        case "link", "time":
            return datasetQualifiers(word: word, done: !rest.isEmpty && (last.kind == .identifier || last.kind == .quotedIdentifier))
        case "define":
            return definitionCandidates(rest, word: word)
        default:
            words = []
        }
        return Completion.matching(word, words)
    }

    /// Dataset names followed by a dot, for `link` and `time` (nothing once a column is named).
    private func datasetQualifiers(word: String, done: Bool) -> [Completion.Candidate] {
        done ? [] : Completion.matching(word, catalog.datasetOrder, terminator: ".")
    }

    private func loadWords(_ rest: [Token]) -> [String] {
        guard let last = rest.last, rest.first?.kind == .string else { return [] }
        let depth = rest.reduce(0) { $0 + ($1.kind == .leftParen ? 1 : $1.kind == .rightParen ? -1 : 0) }
        if depth > 0 { return last.kind == .leftParen || last.kind == .comma ? LoadOptions.names : [] }
        if last.isKeyword("as") || last.isKeyword("time") { return [] }
        let used = Set(rest.filter { $0.kind == .identifier }.map { $0.text.lowercased() })
        return ["as", "time", "with"].filter { !used.contains($0) }
    }

    private func settingCandidates(_ rest: [Token], word: String) -> [Completion.Candidate] {
        guard let name = rest.first else {
            return Completion.matching(word, Settings.descriptions.map(\.name), terminator: " = ")
        }
        guard rest.count == 1 || (rest.count == 2 && rest[1].kind == .equal) else { return [] }
        let values: [String]
        switch name.text.lowercased() {
        case "format": values = OutputFormat.allCases.map(\.rawValue)
        case "color", "colour": values = ["auto", "on", "off"]
        case "timer": values = ["on", "off"]
        case "max_rows": values = ["auto", "all"]
        case "editing": values = ["emacs", "vi"]
        default: values = []
        }
        return Completion.matching(word, values)
    }

    /// `define kpi name = expression [format f]`, `define dimension ds.name = expression`.
    private func definitionCandidates(_ rest: [Token], word: String) -> [Completion.Candidate] {
        guard let kind = rest.first else { return Completion.matching(word, ["kpi", "dimension"]) }
        guard let equal = rest.firstIndex(where: { $0.kind == .equal }) else {
            return kind.isKeyword("dimension") ? datasetQualifiers(word: word, done: rest.count > 1) : []
        }
        var scope = catalog.datasets
        if kind.isKeyword("dimension"), rest.count > 1, let dataset = catalog.findDataset(rest[1].text) { scope = [dataset] }
        var shape = QueryShape(Array(rest[equal...]), source: nil)
        shape.isDefinition = true
        if rest.last?.isKeyword("format") == true {
            return Completion.matching(word, ValueFormat.allCases.filter { $0 != .automatic }.map(\.rawValue))
        }
        return expressionCandidates(shape, word: word, scope: scope, measures: kind.isKeyword("kpi"))
    }
}
