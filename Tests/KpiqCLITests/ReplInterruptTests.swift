import Foundation
import Testing

/// Ctrl-C and Ctrl-D at the real prompt.
@Suite(.serialized) struct ReplInterruptTests {
    @Test func controlCClearsTheLine() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        // Ctrl-C reaches kpiq as a signal from the terminal, which would discard typed keys
        // kpiq had not read yet: wait for the echo first.
        terminal.type("kpi won by manag")
        terminal.waitFor("kpiq> kpi won by manag")
        terminal.press(ReplTerminal.Key.controlC)
        #expect(terminal.screen.text.contains("kpiq> kpi won by manag^C\nkpiq>"))
        // A statement begun on earlier lines is dropped too.
        try Self.expectStatementDropped(terminal) { terminal.type(ReplTerminal.Key.controlC) }
    }

    /// SIGINT that reaches kpiq as a signal while a line is edited (`kill -INT`, or Ctrl-C
    /// typed while the terminal is still in its line mode) drops the statement like the key.
    @Test func sigintWhileEditingDropsTheStatement() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        try Self.expectStatementDropped(terminal) { terminal.send(signal: SIGINT) }
    }

    /// Begins a statement over two lines, `interrupt`s it on the second, and checks that the
    /// next statement runs alone and that nothing dropped went into the history.
    static func expectStatementDropped(_ terminal: ReplTerminal, by interrupt: () -> Void,
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        terminal.type("kpi won," + ReplTerminal.Key.enter)
        terminal.waitForContinuationPrompt(sourceLocation: sourceLocation)
        terminal.type("lost")
        terminal.wait(for: "the echo of \"lost\"", sourceLocation: sourceLocation) { $0.cursorLine.hasSuffix("lost") }
        let prompts = terminal.promptCount
        interrupt()
        terminal.waitForPrompt(after: prompts, sourceLocation: sourceLocation)
        let mark = terminal.output.count
        terminal.run("kpis", sourceLocation: sourceLocation)
        #expect(!terminal.plainOutput(since: mark).contains("error"), sourceLocation: sourceLocation)
        #expect(terminal.plainOutput(since: mark).contains("win_rate"), sourceLocation: sourceLocation)
        let history = try String(contentsOf: terminal.home.appendingPathComponent("state/kpiq/history"), encoding: .utf8)
        #expect(history == "kpis\n", sourceLocation: sourceLocation)
    }

    @Test func controlDOnAnEmptyLineLeaves() throws {
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.type(ReplTerminal.Key.controlD)
        #expect(terminal.waitForExit() == 0)
    }

    /// A load of a few million rows stopped halfway: the prompt comes back at once, and what
    /// was loaded before is intact and queryable.
    @Test func controlCStopsALongLoad() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.csv")
        try Self.writeLargeCSV(to: big, rows: 3_000_000)

        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], directory: folder)
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.run("define kpi big_deals = count(where close_value > 5000)")
        terminal.type("load \"big.csv\" as big" + ReplTerminal.Key.enter)
        // The load shows its progress on the terminal before long.
        terminal.waitFor("loading big.csv", timeout: 20)
        let pressed = Date()
        terminal.press(ReplTerminal.Key.controlC, timeout: 5)
        #expect(Date().timeIntervalSince(pressed) < 5)
        terminal.waitFor("cancelled `load \"big.csv\" as big`")

        let mark = terminal.output.count
        terminal.run("datasets")
        terminal.run("kpi won, big_deals by regional_office")
        let after = terminal.plainOutput(since: mark)
        let lines = after.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("big ") }, "the cancelled dataset is not there:\n\(after)")
        #expect(lines.contains { $0.hasPrefix("deals ") }, "\(after.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("regional_office") && $0.contains("big_deals") })
        #expect(after.contains("3 rows"))
    }

    /// Ctrl-C during the scripts of `kpiq -i` stops them and the ones after them, and leaves
    /// the prompt to come.
    @Test func controlCStopsTheStartupScripts() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.writeLargeCSV(to: folder.appendingPathComponent("big.csv"), rows: 2_000_000)
        try "load \"big.csv\" as big\n".write(to: folder.appendingPathComponent("slow.kpiq"), atomically: true, encoding: .utf8)
        let terminal = try ReplTerminal(["-i", "slow.kpiq", ReplBinary.crmModel, "-c", "kpis"], directory: folder)
        defer { terminal.close() }
        terminal.waitFor("loading big.csv", timeout: 20)
        terminal.press(ReplTerminal.Key.controlC, timeout: 5)
        let mark = terminal.output.count
        terminal.run("datasets")
        #expect(terminal.plainOutput(since: mark).contains("no dataset is loaded"), "the model after slow.kpiq did not run")
        #expect(!terminal.screen.text.contains("win_rate"), "nor did -c kpis")
    }

    /// `rows` rows of four columns, written in large blocks so that it takes well under a second.
    static func writeLargeCSV(to url: URL, rows: Int) throws {
        var block = ""
        for index in 0..<1_000 {
            block += "\(index),R\(index % 7),\(Double(index % 997) / 10),2020-01-\(String(format: "%02d", index % 28 + 1))\n"
        }
        let data = Data(block.utf8)
        FileManager.default.createFile(atPath: url.path, contents: Data("id,region,amount,day\n".utf8))
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        for _ in 0..<(rows / 1_000) { try handle.write(contentsOf: data) }
    }
}
