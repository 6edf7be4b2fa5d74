import Foundation
import Testing
@testable import KpiqCLI
import KpiqLanguage

/// `save`: the script it writes rebuilds the session, and `kpiq analysis.kpiq` prints what the
/// session printed.
@Suite struct ReplSaveTests {
    /// Runs the kpiq binary in `folder`; its exit status, stdout and stderr.
    static func kpiq(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ReplBinary.path())
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ["HOME": folder.path, "PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test func theSavedScriptGivesTheSameResults() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReplBinary.repositoryRoot.appendingPathComponent("Tests/Golden/data/orders.csv"),
                                         to: work.appendingPathComponent("data/orders.csv"))
        let statements = [
            "run \"\(ReplBinary.crmModel)\"",
            "set decimals = 1",
            "load \"data/orders.csv\" as orders with (delimiter = \";\", types = (code = text),\n  nulls = (\"NA\"))",
            "time orders.ordered",
            "define dimension deals.size = if(close_value >= 5000, \"large\", \"small\")",
            "define kpi big_won = count(where size = \"large\" and deal_stage = \"Won\") format integer \"Big \\\"wins\\\"\"",
            // Redefined after KPIs that use it: the script must still define it before them.
            "define kpi won = count(where deal_stage = \"Won\" and close_value >= 0)",
            "kpi won, big_won, win_rate by manager, size",
            "kpi count() as orders, avg(days_between(ordered, shipped)) by quarter from orders",
            "show orders where region = \"North\"",
            "save \"analysis.kpiq\" with queries",
        ]
        let session = try Self.kpiq(statements.flatMap { ["-c", $0] }, in: work)
        #expect(session.status == 0, "\(session.errors)")
        #expect(session.errors.contains("saved 5 datasets, 10 KPIs, 3 queries to analysis.kpiq"))
        let script = try String(contentsOf: work.appendingPathComponent("analysis.kpiq"), encoding: .utf8)
        #expect(script.contains("load \"data/orders.csv\" as orders time ordered with (delimiter = \";\""), "a path below the script's folder is relative:\n\(script)")
        #expect(script.contains("set decimals = 1"))

        // The folder moves as a whole; the script still runs, and prints the same.
        let moved = folder.appendingPathComponent("moved")
        try FileManager.default.moveItem(at: work, to: moved)
        let rerun = try Self.kpiq(["analysis.kpiq"], in: moved)
        #expect(rerun.status == 0, "\(rerun.errors)\n\(script)")
        #expect(rerun.output == session.output)
        #expect(!rerun.output.isEmpty)
    }

    @Test func anExistingFileIsReplacedOnlyWhenAsked() throws {
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("analysis.kpiq")
        try "# mine\n".write(to: target, atomically: true, encoding: .utf8)
        let refused = try Self.kpiq(["-c", "set decimals = 1", "-c", "save \"analysis.kpiq\""], in: folder)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\"analysis.kpiq\" already exists"))
        #expect(refused.errors.contains("add `replace` to overwrite it"))
        #expect(try String(contentsOf: target, encoding: .utf8) == "# mine\n")

        let replaced = try Self.kpiq(["-c", "run \"\(ReplBinary.crmModel)\"", "-c", "save \"analysis.kpiq\" replace"], in: folder)
        #expect(replaced.status == 0, "\(replaced.errors)")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("define kpi win_rate = won / closed"))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["analysis.kpiq"])
    }

    @Test func definitionsComeAfterWhatTheyUse() {
        let order = ScriptText.dependencyOrder(["c", "a", "b"], name: { $0 }, uses: { ["a": ["b"], "b": [], "c": ["a"]][$0]! })
        #expect(order == ["b", "a", "c"])
        #expect(SourceText.name("Order Date") == "`Order Date`")
        #expect(SourceText.name("order") == "`order`")
        #expect(SourceText.name("close_value") == "close_value")
        #expect(SessionJournal.absolute("/data/../data/./x.csv") == "/data/x.csv")
        #expect(SessionJournal.absolute("x.csv") == FileManager.default.currentDirectoryPath + "/x.csv")
    }
}

/// `help`: every statement's example runs on the bundled CRM model.
@Suite struct ReplHelpTests {
    @Test("each help example runs", arguments: CommandTable.entries.map(\.name))
    func example(_ name: String) throws {
        let entry = try #require(CommandTable.entries.first { $0.name == name })
        // A folder of its own, so that `export` and `save` write there, with the examples beside.
        let folder = try ReplTerminal.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("examples"),
                                                   withDestinationURL: ReplBinary.repositoryRoot.appendingPathComponent("examples"))
        let results = TextSink(), messages = TextSink()
        let session = Session(results: results, messages: messages)
        let model = try String(contentsOf: folder.appendingPathComponent("examples/crm/model.kpiq"), encoding: .utf8)
        #expect(!session.run(SourceFile(name: "examples/crm/model.kpiq", text: model), directory: folder.path + "/examples/crm").failed)
        let outcome = session.run(SourceFile(name: "<help \(name)>", text: entry.example), directory: folder.path)
        #expect(!outcome.failed, "`\(entry.example)`: \(messages.text)")
        #expect(!messages.text.contains("error"), "\(messages.text)")
        #expect(outcome.quit == (name == "quit"))
        // `help <name>` shows it too.
        session.run(SourceFile(name: "<help>", text: "help \(name)"))
        #expect(results.text.contains(entry.usage))
    }
}
