import Foundation
import Testing
@testable import KpiqCLI

/// The history file on its own: where it lives, how entries are written, and what happens when
/// several writers add to it at once.
@Suite struct ReplHistoryFileTests {
    @Test func whereTheFileLives() {
        #expect(HistoryFile.standard(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/ann"])?.path == "/state/kpiq/history")
        #expect(HistoryFile.standard(environment: ["HOME": "/home/ann"])?.path == "/home/ann/.local/state/kpiq/history")
        // The XDG specification ignores a relative path.
        #expect(HistoryFile.standard(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ann"])?.path == "/home/ann/.local/state/kpiq/history")
        #expect(HistoryFile.standard(environment: [:]) == nil)
    }

    @Test("an entry is one line and comes back as it was", arguments: [
        "kpi won", "kpi won by\nmanager", "kpi won where note = \"a\\nb\"", "line\r\nbreak\\", "trailing \\",
    ])
    func encoding(_ entry: String) {
        let line = HistoryFile.encode(entry)
        #expect(!line.contains("\n") && !line.contains("\r"))
        #expect(HistoryFile.decode(line) == entry)
    }

    @Test func noRepeatsAndABoundedLength() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = HistoryFile(path: folder.appendingPathComponent("deep/er/history").path, limit: 3)
        try file.append("kpi won")
        try file.append("kpi won")
        try file.append("kpi lost by\nmanager")
        #expect(file.load() == ["kpi won", "kpi lost by\nmanager"])
        for entry in ["a", "b", "c", "d"] { try file.append(entry) }
        #expect(file.load() == ["b", "c", "d"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// Writers that each open the file on their own (as two processes would) lose nothing.
    @Test func concurrentWritersLoseNothing() async throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = HistoryFile(path: folder.appendingPathComponent("history").path, limit: 10_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<50 { try file.append("kpi won -- writer \(writer) entry \(index)\nby manager", timeout: 30) }
                }
            }
            try await group.waitForAll()
        }
        let entries = file.load()
        #expect(entries.count == 200)
        #expect(Set(entries).count == 200)
    }
}

/// libedit's history holds a statement with the continuation prompt after its line breaks;
/// what comes back from the editor has it taken out.
@Suite struct ContinuationPromptInHistoryTests {
    @Test func recalledLinesShowThePromptAndLoseItWhenRun() {
        #expect(EditLineSource.historyText("kpi lost by\nsector") == "kpi lost by\n  ... sector")
        #expect(EditLineSource.historyText("kpi won") == "kpi won")
        for entry in ["kpi won", "kpi lost by\nsector", "kpi won,\n  lost,\n\n    closed", "kpi count(\nwhere x = \"...\")"] {
            #expect(EditLineSource.statementText(EditLineSource.historyText(entry)) == entry)
        }
        // The prompt edited a little is still no part of the statement.
        #expect(EditLineSource.statementText("kpi lost by\n ...sector") == "kpi lost by\nsector")
        #expect(EditLineSource.statementText("kpi lost by\n  ...  sector") == "kpi lost by\n sector")
        // A line typed at the prompt holds no line break, and is left as it is.
        #expect(EditLineSource.statementText("... sector") == "... sector")
    }
}

/// The history at the real prompt: recalled in a new process, searched with Ctrl-R, and
/// shared by two kpiq processes at once.
@Suite(.serialized) struct ReplHistoryTests {
    @Test func anEntryIsRecalledInANewProcess() throws {
        let first = try ReplTerminal(["-i", ReplBinary.crmModel])
        defer { first.close() }
        first.waitForPrompt()
        first.run("kpi won by regional_office")
        // A statement over two lines, with the continuation prompt between them.
        first.type("kpi lost by" + ReplTerminal.Key.enter)
        first.waitForContinuationPrompt()
        first.run("sector")
        first.type(ReplTerminal.Key.controlD)
        #expect(first.waitForExit() == 0)

        let historyPath = first.home.appendingPathComponent("state/kpiq/history").path
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(saved == "kpi won by regional_office\nkpi lost by\\nsector\n")

        let second = try ReplTerminal(["-i", ReplBinary.crmModel], home: first.home)
        defer { second.close() }
        second.waitForPrompt()
        second.type(ReplTerminal.Key.up)
        // With the continuation prompt before its second line, as when it was typed.
        second.wait(for: "the two-line statement") { $0.text.hasSuffix("kpiq> kpi lost by\n  ... sector") }
        // Run as recalled: the prompt in the line is not part of the statement.
        let mark = second.output.count
        second.run("")
        second.waitFor("rows ·")
        #expect(!second.plainOutput(since: mark).contains("error"), "\(second.plainOutput(since: mark))")
        second.type(ReplTerminal.Key.up + ReplTerminal.Key.up)
        second.wait(for: "the first statement") { $0.cursorLine == "kpiq> kpi won by regional_office" }
        second.run("")
        second.waitFor("regional_office │")
        second.waitFor("3 rows")
    }

    @Test func controlRSearchesTheHistory() throws {
        let home = try ReplTerminal.temporaryFolder()
        let state = home.appendingPathComponent("state/kpiq")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        try "kpi won by regional_office\nkpi lost\nkpis\n".write(to: state.appendingPathComponent("history"), atomically: true, encoding: .utf8)
        let terminal = try ReplTerminal(["-i", ReplBinary.crmModel], home: home)
        defer { terminal.close() }
        terminal.waitForPrompt()
        terminal.type(ReplTerminal.Key.controlR + "region")
        terminal.waitFor("kpi won by regional_office")
        terminal.press(ReplTerminal.Key.enter)
        terminal.waitFor("3 rows")
        #expect(terminal.screen.text.contains("regional_office │"))
        terminal.waitForPrompt()
    }

    /// Two kpiq processes typing at once: the file ends with every entry of both, whole.
    @Test func twoProcessesAtOnce() throws {
        let home = try ReplTerminal.temporaryFolder()
        let first = try ReplTerminal([], home: home)
        let second = try ReplTerminal([], home: home)
        defer {
            first.close()
            second.close()
        }
        first.waitForPrompt()
        second.waitForPrompt()
        let count = 15
        // Typed without waiting, so that the two add their entries at the same moments.
        for index in 0..<count {
            first.type("set decimals = \(index % 10) -- first \(index)" + ReplTerminal.Key.enter)
            second.type("set decimals = \(index % 10) -- second \(index)" + ReplTerminal.Key.enter)
        }
        let history = HistoryFile(path: home.appendingPathComponent("state/kpiq/history").path)
        first.wait(for: "every entry in the history file", timeout: 30) { _ in
            second.pump(milliseconds: 0)
            return history.load().count >= 2 * count
        }
        first.type("quit" + ReplTerminal.Key.enter)
        second.type("quit" + ReplTerminal.Key.enter)
        #expect(first.waitForExit() == 0)
        #expect(second.waitForExit() == 0)
        // Both `quit`s are entries too, but the second repeats the first and is left out.
        let entries = history.load().filter { $0 != "quit" }
        #expect(entries.count == 2 * count)
        for index in 0..<count {
            #expect(entries.contains("set decimals = \(index % 10) -- first \(index)"))
            #expect(entries.contains("set decimals = \(index % 10) -- second \(index)"))
        }
    }
}
