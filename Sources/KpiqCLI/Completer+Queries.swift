import KpiqEngine
import KpiqLanguage

/// Completion inside `kpi` and `show` queries (also after `export` and `explain`) and inside
/// the expressions of `define`.
extension Completer {
    static let aggregateNames = ["count", "count_distinct", "sum", "avg", "min", "max", "median", "percentile", "stddev"]

    /// A query read up to the cursor: the clause it is in, and the brackets still open.
    struct QueryShape {
        enum Clause { case items, from, by, filter, order, orderBy, limit, to, versus, chart, trend }

        struct Bracket {
            var index: Int
            /// `sum(`, not `(a + b)` or `in (`.
            var isCall: Bool
            /// An aggregate's own `where` has come inside it.
            var filtered = false
        }

        let tokens: [Token]
        /// The text the tokens' spans point into.
        let source: SourceFile?
        var clause = Clause.items
        var open: [Bracket] = []
        /// The index of the first clause word after the items, when one has come.
        var itemsEnd: Int?
        var from: String?
        /// The index of the word that began the current clause (`by`, `vs`, `trend`).
        var clauseStart: Int?
        /// The clause words that have come (`order by` as `order`); each comes at most once.
        var used: Set<String> = []
        var isExport = false
        var isDefinition = false

        init(_ tokens: [Token], source: SourceFile? = nil) {
            self.tokens = tokens
            self.source = source
            for (index, token) in tokens.enumerated() where index > 0 {
                let previous = tokens[index - 1]
                switch token.kind {
                case .leftParen:
                    let isCall = previous.kind == .identifier && !reservedWords.contains(previous.text.lowercased())
                    open.append(Bracket(index: index, isCall: isCall))
                case .rightParen:
                    _ = open.popLast()
                case .identifier where !open.isEmpty:
                    if token.isKeyword("where"), open[open.count - 1].isCall { open[open.count - 1].filtered = true }
                case .identifier:
                    let next: Clause
                    switch token.text.lowercased() {
                    case "from": next = .from
                    case "by": next = previous.isKeyword("order") ? .orderBy : .by
                    case "where": next = .filter
                    case "order": next = .order
                    case "limit": next = .limit
                    case "to": next = .to
                    // Not reserved: a clause only where an expression has ended (`by vs` names a column).
                    case "vs" where !QueryShape.operandFollows(previous) && !QueryShape.opensClauseOperand(clause, start: clauseStart, at: index - 1): next = .versus
                    case "chart" where !QueryShape.operandFollows(previous) && !QueryShape.opensClauseOperand(clause, start: clauseStart, at: index - 1): next = .chart
                    case "trend" where !QueryShape.operandFollows(previous) && !QueryShape.opensClauseOperand(clause, start: clauseStart, at: index - 1): next = .trend
                    default: continue
                    }
                    clause = next
                    clauseStart = index
                    if next != .orderBy { used.insert(token.text.lowercased()) }
                    if itemsEnd == nil, next != .orderBy { itemsEnd = index }
                    if next == .from, index + 1 < tokens.count { from = tokens[index + 1].text }
                default:
                    break
                }
            }
        }

        var last: Token { tokens[tokens.count - 1] }

        /// Whether the token at `index` is the word of a clause that an operand must follow
        /// (`vs`, `trend`), so that `vs chart` reads `chart` as that operand.
        static func opensClauseOperand(_ clause: Clause, start: Int?, at index: Int) -> Bool {
            (clause == .versus || clause == .trend) && start == index
        }

        /// Whether the cursor stands right after the clause word itself (`vs `, `trend `).
        var atClauseStart: Bool { clauseStart == tokens.count - 1 }

        /// Whether the cursor stands where a name or value begins: after the statement or
        /// clause word, a comma, a bracket, an operator or a word such as `and`.
        var expectsOperand: Bool {
            tokens.count == 1 || QueryShape.operandFollows(last)
        }

        static func operandFollows(_ token: Token) -> Bool {
            switch token.kind {
            case .comma, .leftParen, .plus, .minus, .star, .slash, .equal, .notEqual, .less, .lessEqual,
                 .greater, .greaterEqual:
                return true
            case .identifier:
                return ["by", "where", "and", "or", "not", "between", "like", "in", "is"].contains(token.text.lowercased())
            default:
                return false
            }
        }

        /// The clause words that may follow a complete item (each clause comes at most once).
        var clauseWords: [String] {
            if isDefinition { return ["format", "target"] }
            var words = ["as"] + ["by", "from", "where", "vs", "chart", "trend", "order by", "limit"].filter {
                !used.contains($0 == "order by" ? "order" : $0)
            }
            if isExport { words.append("to") }
            return words
        }
    }

    func queryCandidates(_ shape: QueryShape, word: String) -> [Completion.Candidate] {
        if shape.isExport, shape.clause == .to { return [] }
        let scope = queryScope(shape)
        if !shape.open.isEmpty || shape.clause == .items {
            return expressionCandidates(shape, word: word, scope: scope, measures: true)
        }
        switch shape.clause {
        case .items:
            return []
        case .from:
            return shape.last.isKeyword("from")
                ? Completion.matching(word, catalog.datasetOrder)
                : Completion.matching(word, shape.clauseWords)
        case .by:
            return shape.expectsOperand
                ? Completion.matching(word, rowNames(scope))
                : Completion.matching(word, shape.clauseWords)
        case .filter:
            return filterCandidates(shape, word: word, scope: scope)
        case .order:
            return Completion.matching(word, ["by"])
        case .orderBy:
            return shape.expectsOperand
                ? Completion.matching(word, outputNames(shape))
                : Completion.matching(word, ["asc", "desc", "limit"] + (shape.isExport ? ["to"] : []))
        case .versus:
            return shape.atClauseStart
                ? Completion.matching(word, ["previous", "year_ago"] + comparablePeriods(shape, scope: scope))
                : Completion.matching(word, shape.clauseWords.filter { $0 != "as" })
        case .trend:
            return shape.atClauseStart
                ? Completion.matching(word, PeriodGrain.allCases.map(\.rawValue))
                : Completion.matching(word, shape.clauseWords.filter { $0 != "as" })
        case .chart:
            return Completion.matching(word, shape.clauseWords.filter { $0 != "as" })
        case .limit, .to:
            return []
        }
    }

    /// The periods a `vs` may name: those of the grain the query filters one period of
    /// (`where quarter = 2017-Q3`), from the first to the last in the query's time columns,
    /// that period itself left out. None for days (too many to list) or without such a filter.
    func comparablePeriods(_ shape: QueryShape, scope: [Dataset]) -> [String] {
        let tokens = shape.tokens
        var current: (grain: PeriodGrain, label: String)?
        for index in tokens.indices.dropFirst(2) where tokens[index - 1].kind == .equal {
            guard let grain = PeriodGrain(rawValue: tokens[index - 2].text.lowercased()), grain != .day else { continue }
            switch tokens[index].kind {
            case .period(let literal) where literal == grain: current = (grain, tokens[index].text.uppercased())
            case .integer where grain == .year: current = (grain, tokens[index].text)
            default: continue
            }
        }
        guard let current else { return [] }
        var low = Int32.max, high = Int32.min
        for dataset in scope {
            guard let time = dataset.timeColumnIndex, let days = dataset.dayRange(column: time) else { continue }
            low = min(low, catalog.calendar.index(days: days.lowerBound, grain: current.grain))
            high = max(high, catalog.calendar.index(days: days.upperBound, grain: current.grain))
        }
        guard low <= high else { return [] }
        return (low...high).map { PeriodIndex.label($0, grain: current.grain) }.filter { $0 != current.label }
    }

    func showCandidates(_ shape: QueryShape, word: String) -> [Completion.Candidate] {
        guard shape.tokens.count > 1 else { return Completion.matching(word, catalog.datasetOrder) }
        guard let dataset = catalog.findDataset(shape.tokens[1].text) else { return [] }
        if shape.isExport, shape.clause == .to { return [] }
        var clauseWords = ["where", "order by", "limit"]
        if shape.isExport { clauseWords.append("to") }
        switch shape.clause {
        case .items where shape.open.isEmpty:
            if shape.tokens.count == 2 { return Completion.matching(word, columnNames([dataset]) + clauseWords) }
            if shape.last.isKeyword("as") { return [] }
            return Completion.matching(word, shape.expectsOperand ? columnNames([dataset]) : ["as"] + clauseWords)
        case .filter, .items:
            return filterCandidates(shape, word: word, scope: [dataset])
        case .order:
            return Completion.matching(word, ["by"])
        case .orderBy:
            return Completion.matching(word, shape.expectsOperand ? columnNames([dataset]) : ["asc", "desc", "limit"])
        default:
            return []
        }
    }

    /// `scorecard`: its names; the KPIs of a definition (`scorecard review = win_rate, `); and
    /// after a defined name, what the `kpi` query it runs as would take (`by`, `where`, `vs`,
    /// `order by`, `limit`), among the names of its KPIs' datasets.
    func scorecardCandidates(_ tokens: [Token], source: SourceFile, word: String) -> [Completion.Candidate] {
        guard tokens.count > 1 else { return Completion.matching(word, catalog.scorecardOrder) }
        if tokens.count > 2, tokens[2].kind == .equal {
            let last = tokens[tokens.count - 1]
            return last.kind == .equal || last.kind == .comma ? Completion.matching(word, catalog.kpis.map(\.name)) : []
        }
        guard let definition = catalog.scorecard(tokens[1].text), !definition.kpis.isEmpty else { return [] }
        let clauses = ["by", "where", "vs", "order by", "limit"]
        guard tokens.count > 2 else { return Completion.matching(word, clauses) }
        // The rest read as the query the scorecard runs as: `kpi k1, k2 <rest>`.
        let rest = source.text(of: Span(tokens[2].span.lower, source.bytes.count))
        let probe = SourceFile(name: "<completion>", text: "kpi " + definition.kpis.joined(separator: ", ") + " " + rest)
        let shape = QueryShape(Completer.statementTokens(probe), source: probe)
        let notScorecard: Set<String> = ["as", "from", "chart", "trend"]
        return queryCandidates(shape, word: word).filter { !notScorecard.contains($0.text) }
    }

    /// Inside an expression: KPIs and aggregates where a measure may begin, the names of
    /// `scope` inside an aggregate's brackets, a filter's names and values after its `where`.
    func expressionCandidates(_ shape: QueryShape, word: String, scope: [Dataset], measures: Bool) -> [Completion.Candidate] {
        if let bracket = shape.open.last, bracket.filtered || !bracket.isCall {
            return filterCandidates(shape, word: word, scope: scope)
        }
        if shape.last.isKeyword("as") { return [] }
        guard shape.expectsOperand else {
            return Completion.matching(word, shape.open.isEmpty ? shape.clauseWords : ["where"])
        }
        if !shape.open.isEmpty { return Completion.matching(word, rowNames(scope)) }
        guard measures else { return Completion.matching(word, rowNames(scope)) }
        var candidates = Completion.matching(word, catalog.kpis.map(\.name))
        // Aggregates once a word is begun or after an operator, so that `kpi <Tab>` lists the KPIs alone.
        if !word.isEmpty || ![.identifier, .comma].contains(shape.last.kind) {
            candidates += Completion.matching(word, Completer.aggregateNames, terminator: "(")
        }
        return candidates
    }

    /// After `where`, `and`, `or`: names; after `manager =` or `in (`: the values of `manager`;
    /// after a name: the comparison words; after a comparison: `and`, `or` and the clauses.
    func filterCandidates(_ shape: QueryShape, word: String, scope: [Dataset]) -> [Completion.Candidate] {
        if let subject = comparisonSubject(shape) {
            return Completion.matching(word, textValues(of: subject, in: scope).map(ScriptText.string))
        }
        if shape.expectsOperand { return Completion.matching(word, rowNames(scope) + ["not"]) }
        // Right after a name that began a condition: how to compare it.
        let tokens = shape.tokens
        if tokens.count > 1, shape.last.kind == .identifier || shape.last.kind == .quotedIdentifier,
           !reservedWords.contains(shape.last.text.lowercased()),
           tokens[tokens.count - 2].kind == .comma || tokens[tokens.count - 2].kind == .leftParen
            || ["where", "and", "or", "not"].contains(where: { tokens[tokens.count - 2].isKeyword($0) }) {
            return Completion.matching(word, ["in", "not", "like", "between", "is"])
        }
        let clauses = shape.open.isEmpty ? shape.clauseWords.filter { $0 != "as" && $0 != "by" && $0 != "from" } : []
        return Completion.matching(word, ["and", "or"] + clauses)
    }

    /// The name compared when the cursor stands where its value goes: `manager = `,
    /// `stage != `, `stage in (`, `stage in ("Won", `.
    func comparisonSubject(_ shape: QueryShape) -> QualifiedName? {
        let tokens = shape.tokens
        var operatorIndex = tokens.count - 1
        switch shape.last.kind {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            break
        case .identifier where shape.last.isKeyword("like"):
            break
        case .leftParen, .comma:
            guard let bracket = shape.open.last, !bracket.isCall, bracket.index > 0, tokens[bracket.index - 1].isKeyword("in") else { return nil }
            operatorIndex = bracket.index - 1
            if operatorIndex > 0, tokens[operatorIndex - 1].isKeyword("not") { operatorIndex -= 1 }
        default:
            return nil
        }
        let nameIndex = operatorIndex - 1
        guard nameIndex >= 1, [.identifier, .quotedIdentifier].contains(tokens[nameIndex].kind) else { return nil }
        let name = Identifier(tokens[nameIndex].text, span: tokens[nameIndex].span)
        if nameIndex >= 3, tokens[nameIndex - 1].kind == .dot {
            return QualifiedName(qualifier: Identifier(tokens[nameIndex - 2].text, span: tokens[nameIndex - 2].span), name: name)
        }
        return QualifiedName(name: name)
    }

    /// The names an `order by` can use: the query's KPIs and aliases, and its groups.
    private func outputNames(_ shape: QueryShape) -> [String] {
        var names: [String] = []
        for (index, token) in shape.tokens.enumerated().dropFirst() where token.kind == .identifier || token.kind == .quotedIdentifier {
            let previous = shape.tokens[index - 1]
            if previous.isKeyword("as") || catalog.kpi(token.text) != nil { names.append(token.text) }
            if previous.isKeyword("by") || previous.kind == .comma, !previous.isKeyword("order") {
                if !reservedWords.contains(token.text.lowercased()) { names.append(token.text) }
            }
        }
        return names
    }

    /// The datasets whose names a query can group and filter by: the one after `from`, or those
    /// its KPIs run on (found by checking the KPIs as a query would), or all of them.
    func queryScope(_ shape: QueryShape) -> [Dataset] {
        if let from = shape.from, let dataset = catalog.findDataset(from) { return [dataset] }
        guard let end = shape.itemsEnd, end > 1, let source = shape.source else { return catalog.datasets }
        let itemsText = source.text(of: shape.tokens[1].span.merged(with: shape.tokens[end - 1].span))
        let probe = SourceFile(name: "<completion>", text: "kpi " + itemsText)
        guard case .query(let query)? = Parser.parse(probe).statements.first else { return catalog.datasets }
        var checker = Checker(catalog: catalog)
        guard let checked = checker.checkQuery(query, source: probe) else { return catalog.datasets }
        let bases = checked.bases.compactMap { catalog.dataset($0.dataset) }
        return bases.isEmpty ? catalog.datasets : bases
    }
}
