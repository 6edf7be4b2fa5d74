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
        Entry(name: "define", usage: "define kpi name = expression [format percent|money|number|integer|days] [target >=|<=|>|<|= value [warn value]] [\"description\"]\ndefine dimension dataset.name = expression",
              summary: "Name a KPI (built from aggregates and other KPIs), or a derived per-row dimension.",
              example: "define kpi won = count(where deal_stage = \"Won\")"),
        Entry(name: "target", usage: "target kpi [>=|<=|>|<|=] from dataset by column",
              summary: "Per-group targets of a KPI from a dataset: the group column, and a column named like the KPI or `target` (optional `warn`).",
              example: "load \"examples/crm/manager_targets.csv\" as targets; target win_rate from targets by manager"),
        Entry(name: "kpi", usage: "kpi k [as alias], ... [from dataset] [by d, ...] [where condition] [vs previous|year_ago|period] [order by x [desc], ...] [limit n] [chart] [trend period]",
              summary: "Compute KPIs, by groups; without `order by`, rows come sorted by the group keys. `vs previous` adds changes, `chart` draws the result, `trend month` adds sparklines.",
              example: "kpi win_rate by manager where quarter = Q3"),
        Entry(name: "show", usage: "show dataset [column, ...] [where condition] [order by x [desc]] [limit n]",
              summary: "Raw rows of a dataset.",
              example: "show deals where close_value > 15000 order by close_value desc limit 5"),
        Entry(name: "scorecard", usage: "scorecard name = kpi, ...\nscorecard name [by d, ...] [where condition] [vs previous|year_ago|period] [order by column [desc]] [limit n]",
              summary: "Name a list of KPIs, then review them per group: value, target, change, status, and the share on track.",
              example: "scorecard review = win_rate, revenue; scorecard review by manager where quarter = Q3"),
        Entry(name: "describe", usage: "describe dataset | describe kpi name",
              summary: "A dataset's columns with types, nulls, distinct values and ranges; or a KPI's definition.",
              example: "describe deals"),
        Entry(name: "datasets", usage: "datasets", summary: "The loaded datasets.", example: "datasets"),
        Entry(name: "kpis", usage: "kpis", summary: "The defined KPIs.", example: "kpis"),
        Entry(name: "set", usage: "set name = value",
              summary: "Change a setting: " + Settings.descriptions.map { "\($0.name) (\($0.values))" }.joined(separator: ", ") + ".",
              example: "set format = csv"),
        Entry(name: "run", usage: "run \"script.kpiq\"", summary: "Run a script in this session.", example: "run \"examples/crm/model.kpiq\""),
        Entry(name: "export", usage: "export <kpi, show or scorecard statement> to \"file.csv\"",
              summary: "Write a result to a file; the format comes from the extension (.csv .tsv .json .jsonl .txt), or a report (.html .md).",
              example: "export kpi revenue by manager to \"revenue.csv\""),
        Entry(name: "explain", usage: "explain <kpi, show or scorecard statement>\nexplain change kpi by d, ... [where condition] [vs previous|year_ago|period] [limit n]",
              summary: "The plan a statement runs; or which groups moved a KPI, with mix and rate for a ratio.",
              example: "explain kpi win_rate by manager"),
        Entry(name: "save", usage: "save \"file.kpiq\" [with queries] [replace]",
              summary: "Write the session as a script that rebuilds it (loads, links, time columns, settings, dimensions, KPIs); "
                  + "`with queries` adds the queries run so far. An existing file is replaced only with `replace`.",
              example: "save \"analysis.kpiq\" with queries replace"),
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
        lines.append("Keys: Tab completes; Up, Down and Ctrl-R recall statements; Ctrl-C clears the line or stops a statement (`help keys`)")
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

    static let functionNames = ScalarFunction.allCases.map(\.rawValue)

    /// Words `help` explains with the expression lines: operators, aggregates, functions, and
    /// the names of those groups.
    static let expressionWords: Set<String> = Set(functionNames + [
        "functions", "function", "aggregates", "expressions", "operators",
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
        case "by", "where", "from", "order", "limit", "as", "asc", "desc", "vs", "chart", "trend": name = "kpi"
        case "dimension", "warn": name = "define"
        case "change": name = "explain"
        case "score": name = "scorecard"
        default: name = word
        }
        if let entry = entries.first(where: { $0.name == name }) { return detail(entry) }
        return expressionWords.contains(word) ? expressionLines.joined(separator: "\n") : nil
    }

    public static func detail(_ entry: Entry) -> String {
        var text = "\(entry.usage)\n\n\(entry.summary)\n"
        if entry.name == "set" {
            let width = Settings.descriptions.map { $0.name.count + $0.values.count }.max() ?? 0
            text += "\n" + Settings.descriptions.map { setting in
                let head = "\(setting.name) = \(setting.values)"
                return "  " + head + String(repeating: " ", count: width + 5 - head.count) + setting.meaning
            }.joined(separator: "\n") + "\n"
        }
        return text + "\nExample:\n  \(entry.example)"
    }

    /// What `help` takes: the statements, `keys` and `functions`.
    public static var topics: [String] { entries.map(\.name) + ["keys", "functions"] }

    /// `help keys`: the keys of the prompt.
    public static let keys = """
        Keys at the prompt (emacs keys; `set editing = vi` or `bind -v` in ~/.editrc for vi keys):
          Tab            complete: statement words, KPIs, datasets, columns and periods, a column's
                         values after `manager = "`, files after `load "`, settings after `set`
          Up, Down       earlier statements; a statement typed over several lines comes back whole
          Ctrl-R         search the history as you type; Enter runs the statement found
          Ctrl-C         clear the line; while a statement runs, stop it (what ran before stays)
          Ctrl-D         leave (on an empty line)
        The history is kept in $XDG_STATE_HOME/kpiq/history (~/.local/state/kpiq/history).
        ~/.kpiqrc (or --init FILE) runs before the first prompt.
        """
}

extension Session {
    func runHelp(_ help: HelpStatement, source: SourceFile) throws {
        guard let topic = help.topic else {
            emitText(CommandTable.overview)
            return
        }
        if topic.name.lowercased() == "keys" {
            emitText(CommandTable.keys)
            return
        }
        if let text = CommandTable.topic(topic.name) {
            emitText(text)
            return
        }
        throw Diagnostic(.error, "no help on `\(topic.name)`", at: topic.span, in: source,
                         hints: [Suggestions.hint(for: topic.name, in: CommandTable.topics) ?? "topics: \(CommandTable.topics.joined(separator: ", "))"])
    }
}
