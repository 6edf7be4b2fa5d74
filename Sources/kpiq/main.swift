import ArgumentParser
import Foundation
import KpiqCLI
import enum KpiqEngine.Cancellation
import class KpiqLanguage.SourceFile

/// `kpiq [FILE...] [-c STATEMENTS] [-i]` and `kpiq check FILE...`.
struct Kpiq: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpiq",
        abstract: "A query language for business KPIs.",
        usage: """
        kpiq                          interactive on a terminal; statements from stdin otherwise
          kpiq FILE... [-c STATEMENTS]  run scripts, then statements, in one session
          kpiq -i FILE...               run scripts, then stay interactive
          kpiq check FILE...            parse and resolve scripts without running queries
        """,
        discussion: """
        Results go to standard output; notes, warnings and errors to standard error.
        Exit status: 0 when every statement ran, 1 when one failed, 2 when the command
        line was wrong, 3 when --fail-on found a result row at or below its status.
        """,
        version: "0.1.0"
    )

    @Argument(help: ArgumentHelp("Scripts to run in order, in one session (`check` first: only check them).", valueName: "file"))
    var files: [String] = []

    @ArgumentParser.Option(name: .customShort("c"), help: ArgumentHelp("Statements to run after the scripts (repeatable).", valueName: "statements"))
    var commands: [String] = []

    @Flag(name: .customShort("i"), help: "Stay interactive after running the scripts.")
    var interactive = false

    @ArgumentParser.Option(name: .shortAndLong, help: "Result format: table, csv, tsv, json, jsonl or markdown.")
    var format: String?

    @ArgumentParser.Option(name: .shortAndLong, help: "Write results to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Keep running the statements after one fails.")
    var continueOnError = false

    @ArgumentParser.Option(name: .long, help: ArgumentHelp("Exit with status 3 when a result row's status is at or below this (at_risk or off_track); the rows are listed on standard error.", valueName: "status"))
    var failOn: String?

    @ArgumentParser.Option(name: .customLong("init"), help: ArgumentHelp("A script to run first (default at the prompt: ~/.kpiqrc).", valueName: "file"))
    var initFile: String?

    func validate() throws {
        if let format, OutputFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("unknown format '\(format)': use table, csv, tsv, json, jsonl or markdown")
        }
        if let failOn, !Session.isFailOnLevel(failOn) {
            throw ValidationError("unknown status '\(failOn)' for --fail-on: use at_risk or off_track")
        }
        if files.first == "check" {
            if files.count == 1 { throw ValidationError("check needs at least one script: kpiq check FILE...") }
            // --output would be opened (and emptied) for results that check never prints.
            if !commands.isEmpty || interactive || output != nil || initFile != nil {
                throw ValidationError("check takes only scripts, not -c, -i, --init or --output")
            }
        }
    }

    func run() throws {
        let session = try makeSession(self)
        if files.first == "check" {
            let scripts = Array(files.dropFirst())
            var failed = false
            var checked = 0
            for file in scripts {
                let outcome = runFile(file, in: session, checkOnly: true)
                failed = outcome.failed || failed
                checked += 1
                // As in a run, `quit` ends the session: the scripts after it would not run.
                if outcome.quit { break }
            }
            if checked < scripts.count {
                let rest = scripts[checked...].map { "'\($0)'" }.joined(separator: ", ")
                fputs("note: '\(scripts[checked - 1])' quits, so \(rest) would not run and \(checked < scripts.count - 1 ? "were" : "was") not checked\n", StandardStream.error)
            }
            if !failed { fputs("ok: \(checked) script\(checked == 1 ? "" : "s") checked\n", StandardStream.error) }
            finish(session, failed: failed)
        }
        var failed = false
        // Once a statement has failed, later scripts and -c text are only checked (their
        // mistakes are reported, their results not printed), as later statements of one
        // script are; unless --continue-on-error.
        var checkOnly: Bool { failed && !continueOnError }
        let prompts = (interactive || (files.isEmpty && commands.isEmpty)) && isatty(STDIN_FILENO) == 1
        if prompts {
            // From here on Ctrl-C stops the running statement, not kpiq.
            Interrupt.cancelStatementsOnSIGINT()
        }
        // After Ctrl-C, the scripts and -c text still to come are left for the prompt.
        var stopped: Bool { prompts && Cancellation.isRequested }
        // The start-up file: --init, or ~/.kpiqrc before a prompt. Its mistakes are shown, and
        // leave the session as far as it got; they do not stop what follows.
        if let startup = initFile ?? (prompts ? Self.userStartupFile() : nil) {
            let outcome = runFile(startup, in: session)
            if outcome.quit { finish(session, failed: outcome.failed) }
            if !prompts { failed = outcome.failed }
        }
        for file in files where !stopped {
            let outcome = runFile(file, in: session, checkOnly: checkOnly)
            failed = failed || outcome.failed
            if outcome.quit { finish(session, failed: failed) }
        }
        for (index, text) in commands.enumerated() where !stopped {
            let outcome = session.run(SourceFile(name: commands.count == 1 ? "<command line>" : "<command line \(index + 1)>", text: text),
                                      checkOnly: checkOnly)
            failed = failed || outcome.failed
            if outcome.quit { finish(session, failed: failed) }
        }
        if interactive || (files.isEmpty && commands.isEmpty) {
            if prompts {
                session.verbose = true
                session.separateResults = false
                fputs("kpiq 0.1.0 · `help` lists the statements · Tab completes · Ctrl-D leaves\n", StandardStream.error)
                if var lines = EditLineSource(completer: Completer(session: session), historyFile: HistoryFile.standard()) {
                    InteractiveLoop.run(session, lines: &lines)
                } else {
                    var lines = PlainLineSource()
                    InteractiveLoop.run(session, lines: &lines)
                }
                // Mistakes made at the prompt were seen and answered there: leave cleanly.
                finish(session, failed: failed)
            } else {
                let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let outcome = session.run(SourceFile(name: "<stdin>", text: text), checkOnly: checkOnly)
                failed = failed || outcome.failed
            }
        }
        finish(session, failed: failed)
    }
}

extension Kpiq {
    /// `~/.kpiqrc`, when there is one.
    static func userStartupFile() -> String? {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let path = (home as NSString).appendingPathComponent(".kpiqrc")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}

func makeSession(_ options: Kpiq) throws -> Session {
    var results = TextSink(stream: StandardStream.output)
    var resultsAreTerminal = isatty(STDOUT_FILENO) == 1
    if let path = options.output {
        guard let file = fopen(path, "w") else {
            fputs("kpiq: cannot write '\(path)': \(String(cString: strerror(errno)))\n", StandardStream.error)
            throw ExitCode(2)
        }
        results = TextSink(stream: file)
        resultsAreTerminal = false
    }
    let session = Session(results: results, messages: TextSink(stream: StandardStream.error))
    session.resultsAreTerminal = resultsAreTerminal
    session.messagesAreTerminal = isatty(STDERR_FILENO) == 1
    session.refreshTerminalSize()
    session.continueOnError = options.continueOnError
    if let failOn = options.failOn { session.setFailOn(failOn) }
    if let format = options.format, let parsed = OutputFormat(rawValue: format.lowercased()) {
        session.settings.format = parsed
    }
    return session
}

func runFile(_ path: String, in session: Session, checkOnly: Bool = false) -> Session.Outcome {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
          let data = FileManager.default.contents(atPath: path) else {
        let reason = FileManager.default.fileExists(atPath: path) ? "is not a readable file" : "no such file"
        fputs("kpiq: '\(path)': \(reason)\n", StandardStream.error)
        var outcome = Session.Outcome()
        outcome.failed = true
        return outcome
    }
    let text = String(decoding: data, as: UTF8.self)
    return session.run(SourceFile(name: path, text: text), directory: (path as NSString).deletingLastPathComponent, checkOnly: checkOnly)
}

/// Exit status 1 when a statement failed, else 3 when `--fail-on` saw an alert, else 0.
func finish(_ session: Session, failed: Bool) -> Never {
    if !failed, let summary = session.alertSummary { fputs("kpiq: \(summary)\n", StandardStream.error) }
    session.flush()
    exit(failed ? 1 : session.alertCount > 0 ? 3 : 0)
}

// Exit status 2 for every command-line mistake, 0 for --help and --version.
do {
    var command = try Kpiq.parseAsRoot()
    try command.run()
} catch {
    let code = Kpiq.exitCode(for: error)
    if code == .success {
        print(Kpiq.fullMessage(for: error))
        exit(0)
    }
    if let exitCode = error as? ExitCode { exit(exitCode.rawValue) }
    fputs(Kpiq.fullMessage(for: error) + "\n", StandardStream.error)
    exit(2)
}
