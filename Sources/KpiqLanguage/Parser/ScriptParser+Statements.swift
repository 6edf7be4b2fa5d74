/// Statements: one method per statement form, chosen by the statement's first word.
extension ScriptParser {
    mutating func parseStatement() throws -> Statement {
        let first = current
        guard first.kind == .identifier else {
            try fail(expected: "a statement", mentionAfter: false, hints: [
                "statements begin with a word such as `kpi`, `show`, `load` or `define`",
            ])
        }
        switch first.text.lowercased() {
        case "load": return .load(try parseLoad())
        case "link": return .link(try parseLink())
        case "time": return .time(try parseTime())
        case "define": return try parseDefine()
        case "target": return .groupTarget(try parseGroupTarget())
        case "kpi": return .query(try parseQuery(endingAt: .statementEnd))
        case "show": return .show(try parseShow(endingAt: .statementEnd))
        case "scorecard": return try parseScorecardStatement()
        case "describe": return .describe(try parseDescribe())
        case "datasets": return .datasets(try parseBareWord())
        case "kpis": return .kpis(try parseBareWord())
        case "quit", "exit": return .quit(try parseBareWord())
        case "set": return .set(try parseSet())
        case "run": return .run(try parseRun())
        case "export": return .export(try parseExport())
        case "explain":
            if peek(1).kind == .identifier, peek(1).text.lowercased() == "change",
               peek(2).kind == .identifier || peek(2).kind == .quotedIdentifier {
                return .explainChange(try parseExplainChange())
            }
            return .explain(try parseExplain())
        case "help": return .help(try parseHelp())
        case "save": return .save(try parseSave())
        default:
            report(ParserDiagnostics.unknownStatement(first.text, at: first.span))
            throw ParseAbort()
        }
    }

    /// Requires the statement to end here; otherwise names what could have come instead.
    mutating func expectStatementEnd(alternatives: [String] = [], keywords: [String] = []) throws {
        guard !isAtStatementEnd else { return }
        try fail(
            expected: ParserDiagnostics.alternatives(alternatives + ["end of statement"]),
            mentionAfter: false,
            hints: ParserDiagnostics.keywordHint(for: current, in: keywords)
        )
    }

    /// `datasets`, `kpis`, `quit`, `exit`: a word alone.
    private mutating func parseBareWord() throws -> Span {
        let word = advance()
        try expectStatementEnd()
        return word.span
    }

    // MARK: - Names and paths

    /// A bare or backquoted name; `what` describes it in the error ("a dataset name").
    mutating func parseIdentifier(_ what: String, after: Span? = nil) throws -> Identifier {
        let token = current
        switch token.kind {
        case .identifier where !reservedWords.contains(token.text.lowercased()):
            advance()
            return Identifier(token.text, span: token.span)
        case .quotedIdentifier:
            advance()
            return Identifier(token.text, span: token.span, quoted: true)
        case .identifier:
            try fail(expected: what, after: after, hints: [ParserDiagnostics.reservedWordHint(token.text)])
        default:
            try fail(expected: what, after: after)
        }
    }

    /// `dataset.column`, where both parts are required.
    mutating func parseColumnReference(after: Span) throws -> QualifiedName {
        let dataset = try parseIdentifier("a column as `dataset.column`", after: after)
        guard let dot = match(.dot) else {
            try fail(expected: "`.`", after: dataset.span, hints: [
                "name the column with its dataset, as in `deals.close_date`",
            ])
        }
        let column = try parseIdentifier("a column name", after: dataset.span.merged(with: dot.span))
        return QualifiedName(qualifier: dataset, name: column)
    }

    /// A string in a statement position, such as a file path.
    mutating func parseStringLiteral(_ what: String, after: Span) throws -> StringLiteral {
        guard let token = match(.string) else {
            let hints = current.kind == .identifier ? ["put it in quotes: `\"\(current.text)\"`"] : []
            try fail(expected: what, after: after, hints: hints)
        }
        return StringLiteral(token.text, span: token.span)
    }

    // MARK: - Catalog statements

    /// `load "path" [as name] [time column] [with (option = value, ...)]`, clauses in any order.
    private mutating func parseLoad() throws -> LoadStatement {
        let keyword = advance()
        let path = try parseStringLiteral("a file path in quotes", after: keyword.span)
        var alias: Identifier?
        var timeColumn: Identifier?
        var options: [Option] = []
        var seen = ClauseTracker()
        while let clause = current.kind == .identifier ? current.text.lowercased() : nil,
              ["as", "time", "with"].contains(clause) {
            let clauseKeyword = advance()
            seen.note(clause, at: clauseKeyword.span, in: &self)
            switch clause {
            case "as": alias = try parseIdentifier("a dataset name", after: clauseKeyword.span)
            case "time": timeColumn = try parseIdentifier("a column name", after: clauseKeyword.span)
            default: options = try parseOptionList(after: clauseKeyword.span)
            }
        }
        try expectStatementEnd(alternatives: ["`as`", "`time`", "`with`"], keywords: ["as", "time", "with"])
        return LoadStatement(path: path, alias: alias, timeColumn: timeColumn, options: options, span: span(from: keyword.span))
    }

    /// `link dataset.column -> dataset.column`
    private mutating func parseLink() throws -> LinkStatement {
        let keyword = advance()
        let from = try parseColumnReference(after: keyword.span)
        let arrow = try expect(.arrow, "`->`", after: from.span)
        let to = try parseColumnReference(after: arrow.span)
        try expectStatementEnd()
        return LinkStatement(from: from, to: to, span: span(from: keyword.span))
    }

    /// `time dataset.column`
    private mutating func parseTime() throws -> TimeStatement {
        let keyword = advance()
        let column = try parseColumnReference(after: keyword.span)
        try expectStatementEnd()
        return TimeStatement(column: column, span: span(from: keyword.span))
    }

    /// `describe dataset` or `describe kpi name`
    private mutating func parseDescribe() throws -> DescribeStatement {
        let keyword = advance()
        let target: DescribeStatement.Target
        if checkKeyword("kpi"), peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier {
            let kpiKeyword = advance()
            target = .kpi(try parseIdentifier("a KPI name", after: kpiKeyword.span))
        } else {
            target = .dataset(try parseIdentifier("a dataset name or `kpi`", after: keyword.span))
        }
        try expectStatementEnd()
        return DescribeStatement(target: target, span: span(from: keyword.span))
    }

    // MARK: - Session statements

    /// `set name [=] value`
    private mutating func parseSet() throws -> SetStatement {
        let keyword = advance()
        let name = try parseIdentifier("a setting name", after: keyword.span)
        let equal = match(.equal)
        let value = try parseOptionValue(after: equal?.span ?? name.span)
        try expectStatementEnd()
        return SetStatement(name: name, value: value, span: span(from: keyword.span))
    }

    /// `run "file.kpiq"`
    private mutating func parseRun() throws -> RunStatement {
        let keyword = advance()
        let path = try parseStringLiteral("a file path in quotes", after: keyword.span)
        try expectStatementEnd()
        return RunStatement(path: path, span: span(from: keyword.span))
    }

    /// `save "file.kpiq" [with queries] [replace]`, clauses in any order.
    private mutating func parseSave() throws -> SaveStatement {
        let keyword = advance()
        let path = try parseStringLiteral("a file path in quotes", after: keyword.span)
        var withQueries = false
        var replace = false
        var seen = ClauseTracker()
        while let clause = current.kind == .identifier ? current.text.lowercased() : nil, ["with", "replace"].contains(clause) {
            let clauseKeyword = advance()
            seen.note(clause, at: clauseKeyword.span, in: &self)
            if clause == "with" {
                _ = try expectKeyword("queries", after: clauseKeyword.span)
                withQueries = true
            } else {
                replace = true
            }
        }
        try expectStatementEnd(alternatives: ["`with queries`", "`replace`"], keywords: ["with", "replace"])
        return SaveStatement(path: path, withQueries: withQueries, replace: replace, span: span(from: keyword.span))
    }

    /// `help [topic]`; any word is a topic, reserved words included (`help where`).
    private mutating func parseHelp() throws -> HelpStatement {
        let keyword = advance()
        var topic: Identifier?
        if current.kind == .identifier || current.kind == .quotedIdentifier {
            let word = advance()
            topic = Identifier(word.text, span: word.span, quoted: word.kind == .quotedIdentifier)
        }
        try expectStatementEnd()
        return HelpStatement(topic: topic, span: span(from: keyword.span))
    }
}

/// Remembers which clauses a statement has had, and reports one given twice.
struct ClauseTracker {
    private var seen: Set<String> = []

    mutating func note(_ clause: String, at span: Span, in parser: inout ScriptParser) {
        if !seen.insert(clause).inserted {
            parser.report(ParserDiagnostics.duplicateClause(clause, at: span))
        }
    }
}
