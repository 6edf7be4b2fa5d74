/// Prints ASTs as compact S-expressions, for tests and debugging:
/// `won / closed` is `(/ (name won) (name closed))`.
///
/// Every node prints as `(head part ...)`; names are `(name x)`, literals print bare (`42`,
/// `"Won"`, `true`) or tagged when the bare form would be ambiguous (`(percent 0.6)`,
/// `(date 2017-03-01)`, `(period 2017-Q3)`, `(duration 14400)`). Spans are not printed.
public enum ASTPrinter {
    public static func print(_ expr: Expr) -> String {
        switch expr {
        case .literal(let literal, _):
            return print(literal)
        case .name(let name):
            return "(name \(print(name)))"
        case .unary(let op, let operand, _):
            return list(op.rawValue, print(operand))
        case .binary(let op, let left, let right, _):
            return list(op.rawValue, print(left), print(right))
        case .call(let call):
            var parts = [call.name.name] + call.arguments.map(print)
            if let filter = call.filter { parts.append(list("where", print(filter))) }
            return list("call", parts)
        case .inList(let value, let values, let negated, _):
            return list(negated ? "not-in" : "in", [print(value)] + values.map(print))
        case .between(let value, let low, let high, let negated, _):
            return list(negated ? "not-between" : "between", print(value), print(low), print(high))
        case .like(let value, let pattern, let negated, _):
            return list(negated ? "not-like" : "like", print(value), print(pattern))
        case .isNull(let value, let negated, _):
            return list(negated ? "is-not-null" : "is-null", print(value))
        }
    }

    public static func print(_ statement: Statement) -> String {
        switch statement {
        case .load(let load):
            var parts = [print(load.path)]
            if let alias = load.alias { parts.append(list("as", print(alias))) }
            if let column = load.timeColumn { parts.append(list("time", print(column))) }
            if !load.options.isEmpty { parts.append(list("with", load.options.map(print))) }
            return list("load", parts)
        case .link(let link):
            return list("link", print(link.from), print(link.to))
        case .time(let time):
            return list("time", print(time.column))
        case .defineKPI(let define):
            var parts = [print(define.name), print(define.expression)]
            if let format = define.format { parts.append(list("format", print(format))) }
            if let target = define.target { parts.append(print(target)) }
            if let description = define.description { parts.append(list("description", print(description))) }
            return list("define-kpi", parts)
        case .defineDimension(let define):
            return list("define-dimension", "\(print(define.dataset)).\(print(define.name))", print(define.expression))
        case .query(let query):
            return print(query)
        case .show(let show):
            return print(show)
        case .describe(let describe):
            switch describe.target {
            case .dataset(let name): return list("describe", print(name))
            case .kpi(let name): return list("describe-kpi", print(name))
            }
        case .datasets:
            return "(datasets)"
        case .kpis:
            return "(kpis)"
        case .quit:
            return "(quit)"
        case .set(let set):
            return list("set", print(set.name), print(set.value))
        case .run(let run):
            return list("run", print(run.path))
        case .export(let export):
            return list("export", print(export.statement), print(export.path))
        case .explain(let explain):
            return list("explain", print(explain.statement))
        case .help(let help):
            return list("help", help.topic.map { [print($0)] } ?? [])
        }
    }

    // MARK: - Statement parts

    private static func print(_ statement: ResultStatement) -> String {
        switch statement {
        case .query(let query): return print(query)
        case .show(let show): return print(show)
        }
    }

    private static func print(_ query: QueryStatement) -> String {
        var parts = query.items.map(print)
        if let from = query.from { parts.append(list("from", print(from))) }
        if !query.groupBy.isEmpty { parts.append(list("by", query.groupBy.map(print))) }
        parts += clauses(filter: query.filter, orderBy: query.orderBy, limit: query.limit)
        if let comparison = query.comparison {
            switch comparison.kind {
            case .previous: parts.append(list("vs", "previous"))
            case .yearAgo: parts.append(list("vs", "year_ago"))
            case .period(let period): parts.append(list("vs", print(period)))
            }
        }
        return list("kpi", parts)
    }

    private static func print(_ show: ShowStatement) -> String {
        let parts = [print(show.dataset)] + show.columns.map(print)
            + clauses(filter: show.filter, orderBy: show.orderBy, limit: show.limit)
        return list("show", parts)
    }

    private static func clauses(filter: Expr?, orderBy: [OrderItem], limit: LimitClause?) -> [String] {
        var parts: [String] = []
        if let filter { parts.append(list("where", print(filter))) }
        if !orderBy.isEmpty {
            parts.append(list("order-by", orderBy.map { list($0.descending ? "desc" : "asc", print($0.expression)) }))
        }
        if let limit { parts.append(list("limit", String(limit.count))) }
        return parts
    }

    private static func print(_ item: SelectItem) -> String {
        guard let alias = item.alias else { return print(item.expression) }
        return list("as", print(item.expression), print(alias))
    }

    private static func print(_ target: TargetClause) -> String {
        var parts = [target.comparison.rawValue, print(target.value)]
        if let warn = target.warn { parts.append(list("warn", print(warn))) }
        return list("target", parts)
    }

    private static func print(_ option: Option) -> String {
        list(print(option.name), print(option.value))
    }

    private static func print(_ value: OptionValue) -> String {
        switch value {
        case .literal(let literal, _): return print(literal)
        case .word(let word): return print(word)
        case .list(let values, _): return list("list", values.map(print))
        case .options(let options, _): return list("options", options.map(print))
        }
    }

    // MARK: - Leaves

    private static func print(_ literal: Literal) -> String {
        switch literal {
        case .integer(let value): return String(value)
        case .decimal(let value): return String(value)
        case .percent(let value): return list("percent", String(value))
        case .string(let value): return quotedString(value)
        case .boolean(let value): return String(value)
        case .null: return "null"
        case .date(let days): return list("date", CivilDate.isoString(days: Int(days)))
        case .period(let period): return list("period", period.description)
        case .duration(let seconds): return list("duration", number(seconds))
        }
    }

    private static func print(_ name: QualifiedName) -> String {
        name.qualifier.map { "\(print($0)).\(print(name.name))" } ?? print(name.name)
    }

    private static func print(_ identifier: Identifier) -> String {
        identifier.quoted ? backquoted(identifier.name) : identifier.name
    }

    private static func print(_ string: StringLiteral) -> String {
        quotedString(string.value)
    }

    /// A backquoted name, a backquote inside doubled (as the lexer reads it).
    private static func backquoted(_ name: String) -> String {
        "`" + name.split(separator: "`", omittingEmptySubsequences: false).joined(separator: "``") + "`"
    }

    /// A string in double quotes with the lexer's escapes.
    private static func quotedString(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"", "\\": result += "\\\(character)"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// A whole number without `.0`, any other number as Swift prints it.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func list(_ head: String, _ parts: String...) -> String {
        list(head, parts)
    }

    private static func list(_ head: String, _ parts: [String]) -> String {
        "(" + ([head] + parts).joined(separator: " ") + ")"
    }
}
