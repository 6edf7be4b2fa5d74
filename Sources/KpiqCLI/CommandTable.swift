import KpiqEngine
import KpiqLanguage

/// Every statement with its usage, meaning and an example that runs on the bundled CRM model.
/// `help` is generated from this table.
public enum CommandTable {
    public struct Entry: Sendable {
        public var name: String
        public var usage: String
        public var summary: String
        public var example: String
    }

    public static let entries: [Entry] = [
        Entry(name: "load", usage: "load \"file.csv\" [as name] [time column] [with (option = value, ...)]",
              summary: "Read a CSV file into a dataset. Options: delimiter, header, types, date_format, nulls, on_error = skip.",
              example: "load \"examples/crm/sales_teams.csv\" as teams"),
        Entry(name: "link", usage: "link dataset.column -> other.column",
              summary: "Each row of the first dataset finds at most one row of the other; its columns become dimensions.",
              example: "link deals.sales_agent -> teams.sales_agent"),
        Entry(name: "time", usage: "time dataset.column",
              summary: "The date column that the periods year, quarter, month, week and day come from.",
              example: "time deals.close_date"),
        Entry(name: "define", usage: "define kpi name = expression [format percent|money|number|integer|days] [\"description\"]\ndefine dimension dataset.name = expression",
              summary: "Name a KPI (built from aggregates and other KPIs), or a derived per-row dimension.",
              example: "define kpi won = count(where deal_stage = \"Won\")"),
        Entry(name: "kpi", usage: "kpi k [as alias], ... [from dataset] [by d, ...] [where condition] [order by x [desc], ...] [limit n]",
              summary: "Compute KPIs, by groups; without `order by`, rows come sorted by the group keys.",
              example: "kpi win_rate by manager where quarter = Q3"),
        Entry(name: "show", usage: "show dataset [column, ...] [where condition] [order by x [desc]] [limit n]",
              summary: "Raw rows of a dataset.",
              example: "show deals where close_value > 15000 order by close_value desc limit 5"),
        Entry(name: "describe", usage: "describe dataset | describe kpi name",
              summary: "A dataset's columns with types, nulls, distinct values and ranges; or a KPI's definition.",
              example: "describe deals"),
        Entry(name: "datasets", usage: "datasets", summary: "The loaded datasets.", example: "datasets"),
        Entry(name: "kpis", usage: "kpis", summary: "The defined KPIs.", example: "kpis"),
        Entry(name: "set", usage: "set name = value",
              summary: "Change a setting: " + Settings.descriptions.map { "\($0.name) (\($0.values))" }.joined(separator: ", ") + ".",
              example: "set format = csv"),
        Entry(name: "run", usage: "run \"script.kpiq\"", summary: "Run a script in this session.", example: "run \"examples/crm/model.kpiq\""),
        Entry(name: "export", usage: "export <kpi or show statement> to \"file.csv\"",
              summary: "Write a result to a file; the format comes from the extension (.csv .tsv .json .jsonl .md .txt).",
              example: "export kpi revenue by manager to \"revenue.csv\""),
        Entry(name: "explain", usage: "explain <kpi or show statement>", summary: "The plan a statement runs.",
              example: "explain kpi win_rate by manager"),
        Entry(name: "help", usage: "help [statement]", summary: "This list, or one statement in detail.", example: "help kpi"),
        Entry(name: "quit", usage: "quit", summary: "Leave kpiq (Ctrl-D does too).", example: "quit"),
    ]

    public static var overview: String {
        let width = entries.map(\.name.count).max() ?? 0
        var lines = ["Statements (`help <statement>` for details):"]
        for entry in entries {
            lines.append("  " + entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary)
        }
        lines.append("")
        lines += expressionLines
        return lines.joined(separator: "\n")
    }

    /// Operators, aggregates, functions and periods, as the overview ends.
    static let expressionLines = [
        "Expressions: + - * /  = != < <= > >=  in (...)  between a and b  like \"GTX%\"  is [not] null  and or not",
        "Aggregates: count() count(x) count_distinct sum avg min max median percentile(x, p) stddev, each with an",
        "            optional filter inside: sum(close_value where deal_stage = \"Won\")",
        "Functions: " + functionNames.joined(separator: " "),
        "Periods: year quarter month week day; literals 2017, 2017-Q3, 2017-07, 2017-W05, 2017-07-15, Q3 (the latest Q3)",
    ]

    static let functionNames = ["if", "coalesce", "days_between", "hours_between", "minutes_between", "year", "quarter", "month",
                                "week", "day", "lower", "upper", "trim", "round", "abs"]

    /// Words `help` explains with the expression lines: operators, aggregates, functions.
    static let expressionWords: Set<String> = Set(functionNames + [
        "and", "or", "not", "in", "between", "like", "is", "null", "true", "false",
        "count", "count_distinct", "sum", "avg", "min", "max", "median", "percentile", "stddev",
    ])

    /// What `help <word>` prints: a statement in detail, the `kpi` statement for one of its
    /// clauses (`help where`), `define` for `dimension`, or the expression lines for an
    /// operator, aggregate or function. Nil for any other word.
    public static func topic(_ written: String) -> String? {
        let word = written.lowercased()
        let name: String
        switch word {
        case "exit": name = "quit"
        case "by", "where", "from", "order", "limit", "as", "asc", "desc": name = "kpi"
        case "dimension": name = "define"
        default: name = word
        }
        if let entry = entries.first(where: { $0.name == name }) { return detail(entry) }
        return expressionWords.contains(word) ? expressionLines.joined(separator: "\n") : nil
    }

    public static func detail(_ entry: Entry) -> String {
        "\(entry.usage)\n\n\(entry.summary)\n\nExample:\n  \(entry.example)"
    }
}

extension Session {
    func runHelp(_ help: HelpStatement, source: SourceFile) throws {
        guard let topic = help.topic else {
            emitText(CommandTable.overview)
            return
        }
        if let text = CommandTable.topic(topic.name) {
            emitText(text)
            return
        }
        throw Diagnostic(.error, "no help on `\(topic.name)`", at: topic.span, in: source,
                         hints: [Suggestions.hint(for: topic.name, in: CommandTable.entries.map(\.name)) ?? "topics: \(CommandTable.entries.map(\.name).joined(separator: ", "))"])
    }
}
