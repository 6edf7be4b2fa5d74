import Foundation
@testable import KpiqCLI
import KpiqLanguage
import Testing

/// Tab completion as a function of the text before the cursor, on the CRM model (the
/// pseudo-terminal tests check the same contexts through the real prompt).
@Suite(.serialized) struct ReplCompleterTests {
    /// The CRM model with one derived dimension, loaded once for every test (which only read it).
    nonisolated(unsafe) static let session: Session = {
        let session = Session(results: TextSink(), messages: TextSink())
        let path = ReplBinary.crmModel
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        session.run(SourceFile(name: path, text: text), directory: (path as NSString).deletingLastPathComponent)
        session.run(SourceFile(name: "<test>", text: "define dimension deals.size = if(close_value >= 5000, \"large\", \"small\")"))
        session.run(SourceFile(name: "<test>", text: "scorecard review = win_rate, revenue, sales_cycle_days"))
        return session
    }()

    static func complete(_ text: String) -> Completion {
        Completer(session: session).complete(text)
    }

    static func texts(_ text: String) -> [String] {
        complete(text).candidates.map(\.text)
    }

    @Test("statement words at the start", arguments: ["", "  ", "kpi won\n", "kpi won; "])
    func statementWords(_ text: String) {
        let offered = Self.texts(text)
        for word in ["load", "link", "define", "kpi", "show", "describe", "set", "save", "help"] {
            #expect(offered.contains(word), "\(word) missing after \(text.debugDescription): \(offered)")
        }
    }

    @Test func statementWordFromItsStart() {
        #expect(Self.complete("de").replacement == nil)  // define, describe
        #expect(Self.texts("de") == ["define", "describe"])
        #expect(Self.complete("sa").replacement == "save ")
    }

    @Test("KPI names after kpi and its commas", arguments: ["kpi ", "kpi won, ", "kpi won,", "explain kpi ", "kpi revenue,\n  "])
    func kpiNames(_ text: String) {
        #expect(Self.texts(text) == ["accounts_won", "avg_deal_size", "closed", "lost", "open_pipeline", "revenue",
                                     "sales_cycle_days", "win_rate", "won"])
    }

    @Test func kpiPrefixAddsAggregates() {
        #expect(Self.texts("kpi won, s") == ["sales_cycle_days", "stddev", "sum"])
        #expect(Self.complete("kpi win_").replacement == "win_rate ")
        #expect(Self.complete("kpi rev").replacement == "revenue ")
    }

    @Test("datasets after from, show and describe", arguments: ["kpi won from ", "show ", "describe ", "export show "])
    func datasets(_ text: String) {
        let offered = Self.texts(text)
        #expect(["accounts", "deals", "products", "teams"].allSatisfy(offered.contains), "\(offered)")
        #expect(!offered.contains("won"))
    }

    @Test func describeOffersKpiToo() {
        #expect(Self.texts("describe ").contains("kpi"))
        #expect(Self.texts("describe kpi w") == ["win_rate", "won"])
    }

    @Test("names after by and where", arguments: ["kpi win_rate by ", "kpi win_rate by manager, ", "kpi won where ",
                                                  "kpi won where deal_stage = \"Won\" and ", "kpi won by manager where not "])
    func rowNames(_ text: String) {
        let offered = Self.texts(text)
        // A column of deals, columns reached through links, the defined dimension, the periods.
        for name in ["close_value", "deal_stage", "manager", "regional_office", "sector", "series", "size", "quarter", "month", "year"] {
            #expect(offered.contains(name), "\(name) missing after \(text.debugDescription)")
        }
        #expect(!offered.contains("win_rate"))
    }

    @Test func namesFollowTheQueryDataset() {
        // `from teams`: deals' columns are not reachable from teams.
        let offered = Self.texts("kpi count() from teams by ")
        #expect(offered.contains("manager"))
        #expect(!offered.contains("close_value"))
        #expect(Self.complete("kpi won by regional_o").replacement == "regional_office ")
    }

    @Test func qualifiedNames() {
        #expect(Self.texts("kpi won by teams.") == ["manager", "regional_office", "sales_agent"])
        #expect(Self.complete("link deals.sales_a").replacement == "sales_agent ")
        #expect(Self.texts("link de") == ["deals"])
        #expect(Self.complete("link de").replacement == "deals.")
    }

    @Test func valuesOfATextColumnInAString() {
        let completion = Self.complete("kpi won by manager where manager = \"")
        #expect(completion.candidates.map(\.label) == ["Cara Losch", "Celia Rouche", "Dustin Brinkmann", "Melvin Marxen",
                                                       "Rocco Neubert", "Summer Sewald"])
        #expect(Self.complete("kpi won where manager = \"Ce").replacement == "Celia Rouche\"")
        #expect(Self.complete("kpi won where deal_stage in (\"Won\", \"L").replacement == "Lost\"")
        #expect(Self.complete("kpi count(where deal_stage = 'En").replacement == "Engaging'")
        #expect(Self.complete("show teams where regional_office != \"W").replacement == "West\"")
    }

    @Test func valuesWithoutAQuoteComeQuoted() {
        #expect(Self.texts("kpi won where deal_stage = ") == ["\"Engaging\"", "\"Lost\"", "\"Prospecting\"", "\"Won\""])
    }

    @Test func filePathsInLoad() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        for name in ["data/q1.csv", "data/q2.csv", "sales 2024.csv", "notes.md", ".hidden.csv"] {
            try Data("a\n1\n".utf8).write(to: folder.appendingPathComponent(name))
        }
        let base = folder.path + "/"
        let listed = Self.complete("load \"\(base)").candidates.map(\.label)
        #expect(listed == ["data/", "sales 2024.csv"])
        #expect(Self.complete("load \"\(base)da").replacement == base + "data/")
        #expect(Self.texts("load \"\(base)data/") == [base + "data/q1.csv", base + "data/q2.csv"])
        #expect(Self.complete("load \"\(base)sa").replacement == base + "sales 2024.csv\" ")
        #expect(Self.complete("run \"\(base)n").candidates.map(\.label) == ["notes.md"])
    }

    @Test func settings() {
        #expect(Self.texts("set ") == ["color", "decimals", "editing", "fiscal_year_start", "format", "max_rows", "timer"])
        #expect(Self.complete("set ti").replacement == "timer = ")
        #expect(Self.texts("set timer = ") == ["off", "on"])
        #expect(Self.texts("set format ") == ["csv", "json", "jsonl", "markdown", "table", "tsv"])
        #expect(Self.texts("set editing = ") == ["emacs", "vi"])
    }

    @Test func clauseWordsAfterACompleteItem() {
        #expect(Self.texts("kpi won ") == ["as", "by", "chart", "from", "limit", "order by", "trend", "vs", "where"])
        #expect(Self.texts("kpi won by manager o") == ["order by"])
        #expect(Self.texts("kpi won order ") == ["by"])
        #expect(Self.texts("kpi won by manager order by ").contains("won"))
        #expect(Self.texts("export kpi won ").contains("to"))
    }

    /// `vs`, `chart` and `trend` (kpiq.ebnf's query clauses), each once, where an expression has ended.
    @Test func comparisonChartAndTrend() {
        #expect(Self.texts("kpi won by manager v") == ["vs"])
        #expect(Self.texts("kpi won by manager where quarter = Q3 ").contains("vs"))
        #expect(Self.texts("kpi won by month ch") == ["chart"])
        #expect(Self.texts("kpi won by month tr") == ["trend"])
        #expect(Self.texts("kpi won by manager trend ") == ["day", "month", "quarter", "week", "year"])
        #expect(Self.texts("kpi won by manager trend m") == ["month"])
        #expect(Self.texts("kpi won by quarter vs ") == ["previous", "year_ago"])
        #expect(Self.complete("kpi won by quarter vs y").replacement == "year_ago ")
        // After the clause: the other clauses, not those already there.
        let after = Self.texts("kpi won by month vs previous ")
        #expect(after.contains("chart") && after.contains("trend") && after.contains("order by"), "\(after)")
        #expect(!after.contains("vs") && !after.contains("by") && !after.contains("as"), "\(after)")
        #expect(!Self.texts("kpi won by month chart ").contains("chart"))
        #expect(Self.texts("export kpi won by month chart ").contains("to"))
        // Not reserved: after `by`, `vs` is a name like any other, and the clause words follow it.
        #expect(Self.texts("kpi won by vs ").contains("where"))
        #expect(!Self.texts("kpi won by vs ").contains("previous"))
    }

    /// `vs` after a filter on one period written in full: the other periods of that grain in
    /// the data (the CRM deals close from 2017-03-01 to 2017-12-31).
    @Test func periodsToCompareWith() {
        #expect(Self.texts("kpi won where quarter = 2017-Q3 vs ") == ["2017-Q1", "2017-Q2", "2017-Q4", "previous", "year_ago"])
        let months = Self.texts("kpi won by manager where month = 2017-07 vs ")
        #expect(months.count == 2 + 9 && months.contains("2017-03") && months.contains("2017-12") && !months.contains("2017-07"), "\(months)")
        #expect(Self.texts("kpi won where year = 2017 vs ") == ["previous", "year_ago"])
        #expect(Self.texts("kpi won where quarter = Q3 vs ") == ["previous", "year_ago"])
    }

    @Test func insideAggregates() {
        let offered = Self.texts("kpi sum(")
        #expect(offered.contains("close_value"))
        #expect(Self.texts("kpi count(where deal_st") == ["deal_stage"])
        #expect(Self.texts("define kpi big = count(where si") == ["size"])
        #expect(Self.texts("define kpi big = count() fo") == ["format"])
        #expect(Self.texts("define kpi big = count() format p") == ["percent"])
    }

    @Test func loadClausesAndOptions() {
        #expect(Self.texts("load \"x.csv\" ") == ["as", "time", "with"])
        #expect(Self.texts("load \"x.csv\" as x ") == ["time", "with"])
        #expect(Self.texts("load \"x.csv\" with (de") == ["delimiter"])
        #expect(Self.complete("load \"x.csv\" with (header = true, on").replacement == "on_error = ")
    }

    @Test func helpTopics() {
        #expect(Self.texts("help s") == ["save", "scorecard", "set", "show"])
        #expect(Self.texts("help k") == ["keys", "kpi", "kpis"])
    }

    @Test("nothing to offer", arguments: ["kpi won # a comment ", "kpi won limit ", "kpi 12", "load \"x.csv\" as "])
    func nothing(_ text: String) {
        #expect(Self.texts(text).isEmpty)
    }

    @Test func commonPrefix() {
        #expect(Completion.commonPrefix(["regional_office", "region", "REGISTER"]) == "regi")
        let completion = Completion(word: "s", candidates: [.init("sales_agent"), .init("sales_price")])
        #expect(completion.replacement == "sales_")
    }

    @Test func scorecards() {
        #expect(Self.texts("scorecard ") == ["review"])
        #expect(Self.complete("scorecard rev").replacement == "review ")
        #expect(Set(Self.texts("scorecard review ")) == ["by", "where", "vs", "order by", "limit"])
        // Its KPIs decide the names: deals' and, through the link, teams'.
        let byNames = Self.texts("scorecard review by ")
        #expect(byNames.contains("manager") && byNames.contains("sales_agent") && !byNames.contains("won"), "\(byNames)")
        let after = Self.texts("scorecard review by manager ")
        #expect(after.contains("where") && after.contains("vs") && after.contains("limit"), "\(after)")
        #expect(!after.contains("chart") && !after.contains("as") && !after.contains("from"), "\(after)")
        #expect(Self.texts("scorecard review by manager vs ").contains("previous"))
        // A definition lists KPIs.
        #expect(Self.texts("scorecard team = ").contains("win_rate"))
        #expect(Self.texts("scorecard team = win_rate, ").contains("revenue"))
        #expect(Self.texts("scorecard team = win_rate ").isEmpty)
        #expect(Self.texts("scorecard nothing_defined ").isEmpty)
    }
}
