import Foundation
import Testing

/// Tab at the real prompt, in a pseudo-terminal: what a person sees after pressing it.
@Suite(.serialized) struct ReplCompletionTests {
    /// kpiq at its prompt with the CRM model and one derived dimension.
    static func crm(directory: URL? = nil) throws -> ReplTerminal {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], directory: directory)
        terminal.waitForPrompt()
        terminal.run("define dimension deals.size = if(close_value >= 5000, \"large\", \"small\")")
        return terminal
    }

    /// The lines between the line where Tab was pressed and the prompt redrawn after them.
    static func listing(_ terminal: ReplTerminal, after typed: String) -> [String] {
        let lines = terminal.screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = (ReplTerminal.prompt + " " + typed).trimmingTrailingSpaces()
        guard let start = lines.lastIndex(where: { $0.hasPrefix(line) }),
              let first = lines[..<start].lastIndex(where: { $0.hasPrefix(line) }) else { return [] }
        return Array(lines[(first + 1)..<start])
    }

    /// Types `typed` and Tab; the candidates listed.
    @discardableResult
    static func tab(_ terminal: ReplTerminal, after typed: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        terminal.type(typed + ReplTerminal.Key.tab)
        return waitForListing(terminal, after: typed, sourceLocation: sourceLocation)
    }

    /// Types `keys`, then waits for the prompt's line to read `line`.
    static func expectLine(_ terminal: ReplTerminal, after keys: String, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        terminal.type(keys)
        terminal.wait(for: "the line `\(line)`", sourceLocation: sourceLocation) { $0.cursorLine == "kpiq> " + line }
    }

    /// Waits for the candidates listed after `typed`, and returns them.
    @discardableResult
    static func waitForListing(_ terminal: ReplTerminal, after typed: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        terminal.wait(for: "candidates listed after \(typed)", sourceLocation: sourceLocation) { _ in !listing(terminal, after: typed).isEmpty }
        return words(listing(terminal, after: typed))
    }

    static func words(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: " ").map(String.init) }
    }

    @Test func statementWordsAtTheStart() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        let offered = Self.tab(terminal, after: "")
        for word in ["load", "link", "define", "kpi", "show", "describe", "set", "save", "help", "quit"] {
            #expect(offered.contains(word), "\(word) is not listed:\n\(terminal.screen.text)")
        }
        Self.expectLine(terminal, after: "def" + ReplTerminal.Key.tab, "define")
    }

    @Test func kpiNamesAfterKpiAndAfterCommas() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        #expect(Set(Self.tab(terminal, after: "kpi ")) == ["accounts_won", "avg_deal_size", "closed", "lost",
                                                                           "open_pipeline", "revenue", "sales_cycle_days", "win_rate", "won"])
        Self.expectLine(terminal, after: "win_r" + ReplTerminal.Key.tab, "kpi win_rate")
        Self.expectLine(terminal, after: ", reve" + ReplTerminal.Key.tab, "kpi win_rate , revenue")
        terminal.press(ReplTerminal.Key.controlC)
        #expect(Self.tab(terminal, after: "kpi won, ").contains("win_rate"))
    }

    @Test func datasetsAfterFromShowAndDescribe() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        for typed in ["show ", "describe ", "kpi won from "] {
            let listed = Self.tab(terminal, after: typed)
            #expect(["accounts", "deals", "products", "teams"].allSatisfy(listed.contains), "after \(typed): \(listed)")
            terminal.press(ReplTerminal.Key.controlC)
        }
        Self.expectLine(terminal, after: "describe te" + ReplTerminal.Key.tab, "describe teams")
    }

    @Test func namesAfterByAndWhere() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        let listed = Self.tab(terminal, after: "kpi win_rate by ")
        // deals' own column, columns reached through the links, the derived dimension, the periods.
        for name in ["close_value", "deal_stage", "manager", "regional_office", "sector", "series", "size", "quarter", "month"] {
            #expect(listed.contains(name), "\(name) is not listed: \(listed)")
        }
        Self.expectLine(terminal, after: "man" + ReplTerminal.Key.tab + "where reg" + ReplTerminal.Key.tab, "kpi win_rate by manager where regional_office")
    }

    @Test func valuesOfATextColumnAfterAQuote() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        Self.tab(terminal, after: "kpi win_rate by manager where manager = \"")
        let listing = Self.listing(terminal, after: "kpi win_rate by manager where manager = \"").joined(separator: "\n")
        for manager in ["Cara Losch", "Celia Rouche", "Dustin Brinkmann", "Melvin Marxen", "Rocco Neubert", "Summer Sewald"] {
            #expect(listing.contains(manager))
        }
        Self.expectLine(terminal, after: "Ce" + ReplTerminal.Key.tab, "kpi win_rate by manager where manager = \"Celia Rouche\"")
        terminal.type(ReplTerminal.Key.enter)
        terminal.waitFor("Celia Rouche │")
    }

    @Test func filePathsInsideLoad() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        for name in ["data/q1 sales.csv", "data/q2 sales.csv", "targets.csv", "readme.md"] {
            try Data("region,amount\nNorth,1\n".utf8).write(to: folder.appendingPathComponent(name))
        }
        let terminal = try Self.crm(directory: folder)
        defer { terminal.close() }
        #expect(Self.tab(terminal, after: "load \"") == ["data/", "targets.csv"])
        Self.expectLine(terminal, after: "d" + ReplTerminal.Key.tab, "load \"data/")
        Self.expectLine(terminal, after: ReplTerminal.Key.tab, "load \"data/q")
        Self.expectLine(terminal, after: "2" + ReplTerminal.Key.tab + "as q2", "load \"data/q2 sales.csv\" as q2")
        terminal.run("")
        terminal.run("datasets")
        #expect(terminal.screen.text.contains("q2 "))
    }

    @Test func settingsAfterSet() throws {
        let terminal = try Self.crm()
        defer { terminal.close() }
        #expect(Set(Self.tab(terminal, after: "set ")) == ["color", "decimals", "editing", "fiscal_year_start", "format", "max_rows", "timer"])
        Self.expectLine(terminal, after: "ti" + ReplTerminal.Key.tab, "set timer =")
        terminal.type(ReplTerminal.Key.tab)
        #expect(Self.waitForListing(terminal, after: "set timer =") == ["off", "on"])
    }

    /// The candidates stay in view under a line that wraps, and under a statement recalled
    /// with its later lines: libedit redraws the line from its first row, above the cursor's.
    @Test func listUnderALongOrMultiLineStatement() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], columns: 60)
        defer { terminal.close() }
        terminal.waitForPrompt()
        // The `count`th list of the periods, with the prompt redrawn under it.
        func expectList(_ what: String, count: Int) {
            terminal.wait(for: "the candidates under \(what), then the line again") { screen in
                let lines = screen.text.split(separator: "\n").map(String.init)
                let lists = lines.indices.filter { lines[$0].hasPrefix("2017-Q1") && lines[$0].contains("year_ago") }
                guard lists.count == count, let list = lists.last else { return false }
                return lines[(list + 1)...].contains { $0.hasPrefix("kpiq> ") }
            }
        }
        terminal.type("kpi won, lost, closed, win_rate, revenue where quarter = 2017-Q3 by manager vs " + ReplTerminal.Key.tab)
        expectList("a wrapped line", count: 1)
        terminal.press(ReplTerminal.Key.controlC)
        terminal.type("kpi won where quarter = 2017-Q3 by" + ReplTerminal.Key.enter)
        terminal.waitForContinuationPrompt()
        terminal.run("manager")
        terminal.waitFor("rows ·")
        terminal.type(ReplTerminal.Key.up + " vs " + ReplTerminal.Key.tab)
        expectList("a recalled two-line statement", count: 2)
    }
}
