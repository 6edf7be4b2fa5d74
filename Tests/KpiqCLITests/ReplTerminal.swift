import Foundation
import Testing

/// The real `kpiq` binary running in a pseudo-terminal: the tests type into it (keys included:
/// Tab, Up, Ctrl-R, Ctrl-C) and read its screen through `ReplScreen`.
///
/// The child runs in a session of its own with the pty as its controlling terminal, so Ctrl-C
/// reaches it as a terminal would send it. `HOME` and `XDG_STATE_HOME` point into a fresh
/// temporary folder, never at the real user's files. Every wait has a deadline; `close()`
/// kills the child and is safe to call twice.
final class ReplTerminal {
    enum Key {
        static let tab = "\t"
        static let enter = "\r"
        static let up = "\u{1B}[A"
        static let down = "\u{1B}[B"
        static let controlC = "\u{03}"
        static let controlD = "\u{04}"
        static let controlR = "\u{12}"
    }

    static let prompt = "kpiq>"
    static let continuationPrompt = "  ..."

    let home: URL
    let columns: Int
    let rows: Int
    private(set) var screen: ReplScreen
    /// Everything the child wrote, as bytes (colour codes included).
    private(set) var output: [UInt8] = []
    private var pid: pid_t = 0
    private var master: Int32 = -1

    /// Starts `kpiq arguments` in `directory` (the repository root by default). `home` is the
    /// temporary HOME to use (a new one when nil); `environment` adds to the small, fixed
    /// environment the child gets.
    init(_ arguments: [String], directory: URL? = nil, home: URL? = nil, environment: [String: String] = [:],
         columns: Int = 100, rows: Int = 30) throws {
        self.home = try home ?? ReplTerminal.temporaryFolder()
        self.columns = columns
        self.rows = rows
        screen = ReplScreen(columns: columns, rows: rows)
        var env = [
            "HOME": self.home.path,
            "XDG_STATE_HOME": self.home.appendingPathComponent("state").path,
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
        env.merge(environment) { $1 }
        try spawn(binary: try ReplBinary.path(), arguments: arguments,
                  directory: (directory ?? ReplBinary.repositoryRoot).path, environment: env)
    }

    deinit { close() }

    /// glibc's POSIX_SPAWN_SETSID (spawn.h, since 2.26), which Swift's Glibc module leaves out:
    /// the child starts a session of its own, so the pty it opens becomes its terminal.
    static let spawnSetSID: Int32 = 0x80

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kpiq-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func spawn(binary: String, arguments: [String], directory: String, environment: [String: String]) throws {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        var slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw ReplTestError("openpty failed: \(errno)") }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        // ttyname_r, not ttyname: tests run in parallel, and ttyname's static buffer would hand
        // one test another's terminal name.
        var nameBuffer = [CChar](repeating: 0, count: 256)
        guard ttyname_r(slave, &nameBuffer, nameBuffer.count) == 0 else { throw ReplTestError("ttyname_r failed: \(errno)") }
        let slaveName = String(cString: nameBuffer)
        defer { Glibc.close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid, the slave becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, slave)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(ReplTerminal.spawnSetSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `env -C` sets the working directory: glibc's posix_spawn_file_actions_addchdir_np is
        // not visible to Swift, and chdir in a test process would move every test.
        let command = ["/usr/bin/env", "-C", directory, binary] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let status = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard status == 0 else { throw ReplTestError("posix_spawn \(binary) failed: \(status)") }
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    /// Sends `signal` to the child, as `kill` from another shell would.
    func send(signal: Int32) {
        if pid > 0 { kill(pid, signal) }
    }

    /// Kills the child (if it still runs) and releases the terminal.
    func close() {
        if pid > 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }
        if master >= 0 {
            Glibc.close(master)
            master = -1
        }
    }

    // MARK: Typing

    func type(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress!, $0.count) }
            if written > 0 { bytes.removeFirst(written) } else if errno != EAGAIN && errno != EINTR { return }
            pump(milliseconds: 5)
        }
    }

    /// Types `statement` and Enter, then waits for the next prompt.
    func run(_ statement: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) {
        press(statement + Key.enter, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Types `keys` (which end the line: Enter, Ctrl-C) and waits for a new, empty prompt.
    func press(_ keys: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) {
        let prompts = promptCount
        type(keys)
        waitForPrompt(after: prompts, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// How many lines so far begin with the prompt.
    var promptCount: Int {
        screen.lines.reduce(0) { $0 + (String($1).hasPrefix(ReplTerminal.prompt) ? 1 : 0) }
    }

    // MARK: Reading

    /// Reads what the child wrote within `milliseconds`; false once the child has gone.
    @discardableResult
    func pump(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count > 0 {
                output += buffer[..<count]
                screen.feed(Array(buffer[..<count]))
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                return true
            } else {
                return false  // EIO: the child has closed the terminal
            }
        }
    }

    /// Waits until `condition` holds for the screen; records an issue (with the screen) when it
    /// does not within `timeout` seconds.
    @discardableResult
    func wait(for what: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation,
              until condition: (ReplScreen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(screen) {
            let running = pump(milliseconds: 20)
            if condition(screen) { return true }
            guard running, Date() < deadline else {
                let why = running ? "timed out after \(timeout) s" : "kpiq left"
                Issue.record("\(why) waiting for \(what); the screen:\n\(screen.text)", sourceLocation: sourceLocation)
                return false
            }
        }
        return true
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        wait(for: "\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.text.contains(text) }
    }

    /// Waits for an empty prompt on the cursor's line, after the first `count` prompts, with
    /// libedit reading keys (so that what is typed next is not echoed and read by the terminal
    /// in its line mode, as typeahead would be).
    @discardableResult
    func waitForPrompt(after count: Int = 0, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        wait(for: "the prompt", timeout: timeout, sourceLocation: sourceLocation) { screen in
            screen.cursorLine == ReplTerminal.prompt && screen.column == ReplTerminal.prompt.count + 1 && promptCount > count
                && isEditing
        }
    }

    /// Waits for the continuation prompt on the cursor's line, with libedit reading keys (as
    /// `waitForPrompt`).
    @discardableResult
    func waitForContinuationPrompt(_ what: String = "the continuation prompt", timeout: Double = 30,
                                   sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        wait(for: what, timeout: timeout, sourceLocation: sourceLocation) { screen in
            screen.cursorLine == ReplTerminal.continuationPrompt && isEditing
        }
    }

    /// Whether the terminal is in libedit's mode (no line discipline), as the master side sees it.
    var isEditing: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ICANON) == 0
    }

    /// Waits for the child to leave; its exit status, or nil when it did not leave in time.
    func waitForExit(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(milliseconds: 20)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            }
        }
        return nil
    }

    /// What was written since `mark` (an earlier `output.count`), as text without escape sequences.
    func plainOutput(since mark: Int = 0) -> String {
        ReplTerminal.strippingEscapes(String(decoding: output[mark...], as: UTF8.self)).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// `text` without ANSI escape sequences (CSI and OSC).
    static func strippingEscapes(_ text: String) -> String {
        text.replacing(/\u{1B}\[[0-9;?]*[ -\/]*[@-~]|\u{1B}\][^\u{07}]*\u{07}|\u{1B}[()][0-9A-Za-z]|\u{1B}[=>78]/, with: "")
    }
}

/// Where the `kpiq` under test is: `KPIQ_REPL_BINARY` or `KPIQ_BINARY` when set, otherwise
/// beside the test bundle, where `swift build` and `swift test` put it.
enum ReplBinary {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["KPIQ_REPL_BINARY", "KPIQ_BINARY"] {
            if let path = environment[name], !path.isEmpty { return path }
        }
        let folders = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }.map { $0.bundleURL.deletingLastPathComponent() }
        for folder in folders {
            let candidate = folder.appendingPathComponent("kpiq").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ReplTestError("no kpiq beside the test bundle (looked in \(folders.map(\.path))): run `swift build` first, or set KPIQ_REPL_BINARY")
    }

    /// `examples/crm/model.kpiq` as an absolute path.
    static var crmModel: String { repositoryRoot.appendingPathComponent("examples/crm/model.kpiq").path }
}

struct ReplTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
