/// The wording of every problem the parser reports, kept in one place.
enum ParserDiagnostics {
    /// The words that begin a statement, for "did you mean" hints.
    static let statementWords = [
        "load", "link", "time", "define", "target", "kpi", "scorecard", "show", "describe", "datasets", "kpis", "set",
        "run", "export", "explain", "help", "quit", "exit", "save",
    ]

    static func expected(_ what: String, after: String?, found: String, at span: Span, hints: [String]) -> Diagnostic {
        let context = after.map { " after `\($0)`" } ?? ""
        return .error("expected \(what)\(context), found \(found)", at: span, hints: hints)
    }

    /// Words that go on a statement; one that starts a line most likely belongs to the line
    /// before, which a line break has already ended.
    static let clauseWords: Set<String> = [
        "by", "where", "order", "limit", "from", "as", "and", "or", "format", "target", "warn",
        "with", "to",
    ]

    static func unknownStatement(_ word: String, at span: Span) -> Diagnostic {
        let lowered = word.lowercased()
        let hint: String
        if clauseWords.contains(lowered) {
            hint = "a line break ended the statement before `\(word)`; move `\(word)` to the end of the line before, or end that line with `\\`"
        } else {
            hint = Suggestions.hint(for: word, in: statementWords)
                ?? "statements begin with a word such as `kpi`, `show`, `load` or `define`; `help` lists them"
        }
        return .error("unknown statement `\(word)`", at: span, hints: [hint])
    }

    static func duplicateClause(_ clause: String, at span: Span) -> Diagnostic {
        let hint: String
        switch clause {
        case "where": hint = "combine the conditions with `and` in one `where`"
        case "by": hint = "list every grouping in one `by`, separated by commas"
        case "order by": hint = "list every sort key in one `order by`, separated by commas"
        default: hint = "keep only one"
        }
        return .error("`\(clause)` is given twice", at: span, hints: [hint])
    }

    static func chainedComparison(at span: Span) -> Diagnostic {
        .error("comparisons cannot be chained", at: span, hints: [
            "combine two comparisons with `and`, as in `a < b and b < c`",
        ])
    }

    static func nestedTooDeeply(at span: Span) -> Diagnostic {
        .error("expression nested too deeply (more than \(ScriptParser.maximumNesting) levels)", at: span, hints: [
            "split it into smaller named KPIs with `define kpi`",
        ])
    }

    static func tooManyOperators(at span: Span) -> Diagnostic {
        .error("statement too long (more than \(ScriptParser.maximumOperators) operators)", at: span, hints: [
            "split it into smaller named KPIs with `define kpi`",
        ])
    }

    static func numberTooLarge(_ text: String, at span: Span) -> Diagnostic {
        .error("number `\(text)` is too large", at: span, hints: [
            "whole numbers go up to \(Int64.max); write a decimal such as `1e19` for larger values",
        ])
    }

    /// A hint for a reserved word used where a name was expected.
    static func reservedWordHint(_ word: String) -> String {
        "`\(word)` is a reserved word; write `` `\(word)` `` to use it as a name"
    }

    /// A hint for a word that looks like a misspelled keyword from `keywords`.
    static func keywordHint(for token: Token, in keywords: [String]) -> [String] {
        guard token.kind == .identifier else { return [] }
        return Suggestions.hint(for: token.text, in: keywords).map { [$0] } ?? []
    }

    /// "`a`, `b` or `c`" from already-formatted alternatives.
    static func alternatives(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
