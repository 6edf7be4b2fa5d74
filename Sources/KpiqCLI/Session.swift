import Foundation
import KpiqEngine
import KpiqLanguage

/// One kpiq session: the catalog, the settings, and the loop that runs statements.
///
/// The interactive prompt, script files, `-c` and standard input all come through `run`;
/// they differ only in where the text comes from.
public final class Session {
    public let catalog = Catalog()
    public var settings = Settings()
    /// Where results go (stdout, or the file of `--output`).
    let results: TextSink
    /// Where notices, timings and diagnostics go (stderr).
    let messages: TextSink
    /// Show informational notices (loads, links); warnings are shown always.
    public var verbose: Bool
    /// After a failed statement, keep executing (true) or only check the rest (false).
    public var continueOnError = false
    /// Whether results and diagnostics go to a terminal, for colour.
    public var resultsAreTerminal = false
    public var messagesAreTerminal = false
    /// Terminal width for the table format.
    public var terminalWidth: Int?
    /// Put a blank line between results (batch output; the prompt separates them interactively).
    public var separateResults = true
    /// `--fail-on`: result rows whose status is at or below this are alerts (`Session+Alerts`).
    public var failOn: TargetStatus?
    /// How many alerts results have raised.
    public internal(set) var alertCount = 0
    /// Terminal height, for the screenful of rows a table shows (`set max_rows`).
    public var terminalHeight: Int?
    /// What `save` writes: how datasets were loaded, and the queries run.
    var journal = SessionJournal()
    private var runStack: [String] = []
    private var resultCount = 0

    public init(results: TextSink, messages: TextSink, verbose: Bool = false) {
        self.results = results
        self.messages = messages
        self.verbose = verbose
    }

    /// How running some text went.
    public struct Outcome: Sendable {
        /// A statement failed (or the text did not parse).
        public var failed = false
        /// `quit` was run.
        public var quit = false
        /// Ctrl-C stopped a statement; the statements after it did not run.
        public var cancelled = false

        public init(failed: Bool = false, quit: Bool = false) {
            self.failed = failed
            self.quit = quit
        }
    }

    /// Runs every statement of `source`. Relative paths resolve against `directory` (the
    /// script's folder), or the working directory.
    ///
    /// After the first failure the remaining statements are still checked, so one run shows
    /// every mistake, but queries no longer print results (unless `continueOnError`).
    ///
    /// `quit` (or `exit`) ends the text where it stands, checked or run: what follows it is
    /// neither run nor checked, and its mistakes are not reported, as if it had not been read.
    @discardableResult
    public func run(_ source: SourceFile, directory: String? = nil, checkOnly: Bool = false) -> Outcome {
        var outcome = Outcome()
        let script = Parser.parse(source)
        let quitEnd = script.statements.first { if case .quit = $0 { true } else { false } }?.span.upper
        let diagnostics = script.diagnostics.filter { diagnostic in
            guard let quitEnd, let span = diagnostic.span else { return true }
            return span.lower < quitEnd
        }
        if !diagnostics.isEmpty {
            report(diagnostics)
            if diagnostics.contains(where: { $0.severity == .error }) { outcome.failed = true }
        }
        for (index, statement) in script.statements.enumerated() {
            // Ctrl-C after a statement finished still stops the ones after it.
            if index > 0, Cancellation.isRequested {
                outcome.failed = true
                outcome.cancelled = true
                reportCancelled(nil)
                return outcome
            }
            let checking = checkOnly || (outcome.failed && !continueOnError)
            let started = DispatchTime.now()
            let result = execute(statement, source: source, directory: directory, checkOnly: checking)
            if settings.timer, !checking {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                messages.write("time: \(Self.durationText(seconds: elapsed))\n")
            }
            switch result {
            case .ok: break
            case .failed: outcome.failed = true
            case .quit:
                outcome.quit = true
                return outcome
            case .cancelled:
                outcome.failed = true
                outcome.cancelled = true
                return outcome
            }
        }
        return outcome
    }

    enum StatementResult { case ok, failed, quit, cancelled }

    func execute(_ statement: Statement, source: SourceFile, directory: String?, checkOnly: Bool) -> StatementResult {
        do {
            switch statement {
            case .load(let load): try runLoad(load, source: source, directory: directory)
            case .link(let link): try runLink(link, source: source)
            case .time(let time): try runTime(time, source: source)
            case .defineKPI(let define): try runDefineKPI(define, source: source)
            case .defineDimension(let define): try runDefineDimension(define, source: source)
            case .groupTarget(let target): try runGroupTarget(target, source: source)
            case .query(let query):
                try runQuery(query, source: source, checkOnly: checkOnly)
                if !checkOnly { journal.recordQuery(source.text(of: query.span)) }
            case .show(let show):
                try runShow(show, source: source, checkOnly: checkOnly)
                if !checkOnly { journal.recordQuery(source.text(of: show.span)) }
            case .defineScorecard(let define): try runDefineScorecard(define, source: source)
            case .scorecard(let scorecard):
                try runScorecard(scorecard, source: source, checkOnly: checkOnly)
                if !checkOnly { journal.recordQuery(source.text(of: scorecard.span)) }
            case .describe(let describe): try runDescribe(describe, source: source, checkOnly: checkOnly)
            case .datasets: if !checkOnly { emit(datasetsTable()) }
            case .kpis: if !checkOnly { emit(kpisTable()) }
            case .set(let set):
                switch settings.apply(set, source: source) {
                case .success(let notice):
                    catalog.calendar = FiscalCalendar(yearStart: settings.fiscalYearStart)
                    info("set \(notice)")
                case .failure(let diagnostic): throw DiagnosticList([diagnostic])
                }
            case .run(let run): return try runScript(run, source: source, directory: directory, checkOnly: checkOnly)
            case .export(let export): try runExport(export, source: source, directory: directory, checkOnly: checkOnly)
            case .explain(let explain): try runExplain(explain, source: source, checkOnly: checkOnly)
            case .explainChange(let explain): try runExplainChange(explain, source: source, checkOnly: checkOnly)
            case .help(let help): if !checkOnly { try runHelp(help, source: source) }
            case .quit: return .quit
            case .save(let save): if !checkOnly { try runSave(save, source: source, directory: directory) }
            }
            return .ok
        } catch is Cancelled {
            reportCancelled(source.text(of: statement.span))
            return .cancelled
        } catch let list as DiagnosticList {
            report(list.diagnostics)
            return list.diagnostics.contains { $0.severity == .error } ? .failed : .ok
        } catch let diagnostic as Diagnostic {
            report([diagnostic])
            return .failed
        } catch {
            report([Diagnostic(.error, "\(error)", at: statement.span, in: source)])
            return .failed
        }
    }

    // MARK: output

    /// Prints a result table to the results sink in the session's format.
    func emit(_ table: ResultTable) {
        // Machine formats carry only rows: what the caption says about periods goes to stderr.
        if settings.format.isMachineReadable {
            for line in table.caption.dropLast() { notice(line) }
        }
        let spec = RenderSpec(format: settings.format, color: colorResults, decimals: settings.decimals,
                              maxWidth: resultsAreTerminal ? terminalWidth : nil)
        if separateResults, resultCount > 0, settings.format == .table || settings.format == .markdown { results.write("\n") }
        results.write(ResultPaging.render(table, spec, maxRows: rowLimit))
        resultCount += 1
        raiseAlerts(table)
    }

    /// Prints text (plans, help) to the results sink.
    func emitText(_ text: String) {
        // Set apart from the result before it, as tables are from each other.
        if separateResults, resultCount > 0, settings.format == .table || settings.format == .markdown { results.write("\n") }
        results.write(text.hasSuffix("\n") ? text : text + "\n")
        resultCount += 1
    }

    func report(_ diagnostics: [Diagnostic]) {
        let renderer = DiagnosticRenderer(color: colorMessages)
        for diagnostic in diagnostics { messages.write(renderer.render(diagnostic) + "\n") }
    }

    /// A notice shown in interactive and verbose runs.
    func info(_ text: String) {
        if verbose { messages.write(text + "\n") }
    }

    /// A notice always shown: something the user should know even in a script.
    func notice(_ text: String) {
        messages.write((colorMessages ? "\u{1B}[36mnote:\u{1B}[0m " : "note: ") + text + "\n")
    }

    var colorResults: Bool { useColor(terminal: resultsAreTerminal) }
    var colorMessages: Bool { useColor(terminal: messagesAreTerminal) }

    private func useColor(terminal: Bool) -> Bool {
        switch settings.color {
        case .on: return true
        case .off: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return terminal && (environment["NO_COLOR"].map(\.isEmpty) ?? true) && environment["TERM"] != "dumb"
        }
    }

    /// Resolves a path written in a statement against the script's folder.
    func resolve(_ path: String, directory: String?) -> String {
        var expanded = path
        if expanded.hasPrefix("~/") { expanded = NSHomeDirectory() + expanded.dropFirst() }
        if expanded.hasPrefix("/") { return expanded }
        guard let directory, !directory.isEmpty else { return expanded }
        return (directory as NSString).appendingPathComponent(expanded)
    }

    // MARK: run

    private func runScript(_ run: RunStatement, source: SourceFile, directory: String?, checkOnly: Bool) throws -> StatementResult {
        let path = resolve(run.path.value, directory: directory)
        let canonical = (path as NSString).standardizingPath
        if runStack.contains(canonical) {
            throw Diagnostic(.error, "\"\(run.path.value)\" is already running: scripts cannot run themselves in a loop", at: run.path.span, in: source)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw Diagnostic(.error, exists ? "cannot read \"\(path)\"" : "no such file \"\(path)\"", at: run.path.span, in: source)
        }
        runStack.append(canonical)
        defer { runStack.removeLast() }
        let outcome = self.run(SourceFile(name: path, text: text), directory: (path as NSString).deletingLastPathComponent, checkOnly: checkOnly)
        if outcome.quit { return .quit }
        if outcome.cancelled { return .cancelled }
        return outcome.failed ? .failed : .ok
    }
}

/// Somewhere text can be written: standard output, standard error, a file, a buffer.
public final class TextSink: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<FILE>?
    private var buffer: String?

    /// Writes to a C stream (stdout, stderr, or an opened file).
    public init(stream: UnsafeMutablePointer<FILE>) {
        handle = stream
        buffer = nil
    }

    /// Collects text in memory (tests, export).
    public init() {
        handle = nil
        buffer = ""
    }

    public func write(_ text: String) {
        if let handle {
            fputs(text, handle)
        } else {
            buffer! += text
        }
    }

    public func flush() {
        if let handle { fflush(handle) }
    }

    /// What was written, for an in-memory sink.
    public var text: String { buffer ?? "" }
}

extension Session {
    /// Flushes results and messages (before exiting).
    public func flush() {
        results.flush()
        messages.flush()
    }
}

extension Session {
    /// An elapsed time as `set timer` shows it: seconds from one second up, else milliseconds
    /// with three significant digits (`1.750 s`, `84.2 ms`, `3.41 ms`, `0.052 ms`).
    static func durationText(seconds: Double) -> String {
        // The bounds are where rounding would carry into a fourth digit.
        if seconds >= 0.9995 { return String(format: "%.3f s", seconds) }
        let milliseconds = seconds * 1000
        switch milliseconds {
        case 99.95...: return String(format: "%.0f ms", milliseconds)
        case 9.995...: return String(format: "%.1f ms", milliseconds)
        case 0.9995...: return String(format: "%.2f ms", milliseconds)
        default: return String(format: "%.3f ms", milliseconds)
        }
    }
}
