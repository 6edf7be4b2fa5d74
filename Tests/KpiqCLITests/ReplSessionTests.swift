import Foundation
import Testing

/// The prompt, colour, long results, the timer and the start-up file, at the real prompt.
@Suite(.serialized) struct ReplSessionTests {
    /// `ESC [ ... m`: a colour or text attribute.
    static func hasColour(_ text: String) -> Bool {
        text.contains(/\u{1B}\[[0-9;]*m/)
    }

    @Test func continuationPromptWhileAStatementIsIncomplete() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        // An open bracket, a trailing comma, a trailing operator, a trailing `by`, a backslash.
        for (first, rest) in [("kpi count(", "where deal_stage = \"Won\")"), ("kpi won,", "lost"), ("kpi won +", "lost"),
                              ("kpi won by", "manager"), ("kpi won \\", "by manager")] {
            terminal.type(first + ReplTerminal.Key.enter)
            terminal.waitForContinuationPrompt("the continuation prompt after \(first)")
            let mark = terminal.output.count
            terminal.run(rest)
            #expect(!terminal.plainOutput(since: mark).contains("error"), "\(first) \(rest)")
        }
        terminal.wait(for: "the statement continued over two lines, and its result") {
            $0.text.contains("kpiq> kpi won by\n  ... manager\nmanager ")
        }
    }

    @Test func colourOnATerminal() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        var mark = terminal.output.count
        terminal.run("kpi won by manager")
        #expect(Self.hasColour(String(decoding: terminal.output[mark...], as: UTF8.self)), "a bold header")
        mark = terminal.output.count
        terminal.run("kpi wno")
        #expect(Self.hasColour(String(decoding: terminal.output[mark...], as: UTF8.self)), "a coloured diagnostic")
        terminal.run("set color = off")
        mark = terminal.output.count
        terminal.run("kpi won by manager")
        terminal.run("kpi wno")
        #expect(!Self.hasColour(String(decoding: terminal.output[mark...], as: UTF8.self)))
    }

    @Test func noColourWithNO_COLOR() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], environment: ["NO_COLOR": "1"])
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.run("kpi won, revenue - 5000000 as short by manager")
        terminal.run("kpi wno")
        terminal.run("show deals limit 3")
        terminal.waitFor("did you mean")
        #expect(!Self.hasColour(String(decoding: terminal.output, as: UTF8.self)))
    }

    @Test func aScreenfulOfRows() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], rows: 30)
        defer { terminal.close() }
        terminal.waitForPrompt()
        var mark = terminal.output.count
        terminal.run("show deals opportunity_id, close_value")
        var shown = terminal.plainOutput(since: mark)
        #expect(shown.contains("… 8,777 more rows (`set max_rows = all`, a `limit`, or `export`)"), "\(shown)")
        terminal.run("set max_rows = 5")
        mark = terminal.output.count
        terminal.run("show deals opportunity_id, close_value")
        shown = terminal.plainOutput(since: mark)
        #expect(shown.contains("… 8,795 more rows"))
        mark = terminal.output.count
        terminal.run("show deals opportunity_id limit 6")
        #expect(!terminal.plainOutput(since: mark).contains("more rows"), "one row over the limit is shown, not cut")
    }

    @Test func wideTablesFitTheTerminal() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], columns: 60)
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.run("kpi won, lost, closed, win_rate, revenue, avg_deal_size, sales_cycle_days by regional_office")
        // What kpiq wrote, line by line (the screen would wrap a longer line): header, 3 rows, the note.
        let lines = terminal.plainOutput().split(separator: "\n").filter { $0.contains("│") || $0.hasPrefix("…") }
        #expect(lines.count == 5 && lines.allSatisfy { $0.count <= 60 }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains(/^… \d more columns: ask for fewer/) })
    }

    @Test func timer() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.run("set timer = on")
        terminal.run("kpi won by manager")
        #expect(terminal.screen.text.contains(/6 rows · 8,800 rows of deals\ntime: \d+(\.\d+)? m?s/))
    }

    @Test func startupFileRunsBeforeTheFirstPrompt() throws {
        let home = try ReplTerminal.temporaryFolder()
        try """
            run "\(ReplBinary.crmModel)"
            define kpi average_value = avg(close_value where deal_stage = "Won")
            set decimals = 0
            """.write(to: home.appendingPathComponent(".kpiqrc"), atomically: true, encoding: .utf8)
        let terminal = try ReplTerminal([], home: home)
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.run("kpi won, average_value by regional_office")
        terminal.waitFor("3 rows")
        #expect(terminal.screen.text.contains(/Central\s+│ 1,629 │\s+2,054\n/), "decimals = 0 from the start-up file")

        // --init names another file, and ~/.kpiqrc is then left alone.
        let other = home.appendingPathComponent("other.kpiq")
        try "set timer = on\n".write(to: other, atomically: true, encoding: .utf8)
        let second = try ReplTerminal(["--init", other.path], home: home)
        defer { second.close() }
        second.waitForPrompt()
        second.run("kpis")
        second.waitFor("no KPI is defined")
        second.waitFor("time: ")
    }
}
