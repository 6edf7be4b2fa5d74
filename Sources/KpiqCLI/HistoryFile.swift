import Foundation

/// The prompt's history, kept across sessions in `$XDG_STATE_HOME/kpiq/history` (or
/// `~/.local/state/kpiq/history`).
///
/// One entry a line: a statement typed over several lines is one entry, its line breaks
/// written as `\n` (and a backslash as `\\`). Two kpiq processes may add entries at the same
/// time: each addition takes an exclusive lock on `history.lock`, reads the file afresh, adds
/// the entry, trims the oldest beyond `limit`, and writes a new file that replaces the old one
/// by `rename`, so a reader never sees a half-written file and no process's entries are lost.
public struct HistoryFile: Sendable {
    public let path: String
    /// The most entries kept.
    public let limit: Int

    public static let defaultLimit = 2_000

    public init(path: String, limit: Int = HistoryFile.defaultLimit) {
        self.path = path
        self.limit = limit
    }

    /// The history file of this user, or nil when neither `XDG_STATE_HOME` nor `HOME` says
    /// where it goes. A relative `XDG_STATE_HOME` is ignored, as the XDG specification asks.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryFile? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return HistoryFile(path: state + "/kpiq/history")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return HistoryFile(path: home + "/.local/state/kpiq/history")
    }

    /// The entries, oldest first; none when the file does not exist or cannot be read.
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { HistoryFile.decode(String($0)) }
    }

    /// Adds `entry` unless it repeats the newest entry, keeping at most `limit` entries.
    /// Waits at most `timeout` seconds for another process to finish its own addition.
    public func append(_ entry: String, timeout: Double = 2) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw HistoryError("cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                throw HistoryError("\(path) is locked by another kpiq")
            }
            usleep(10_000)
        }
        defer { flock(lock, LOCK_UN) }

        var entries = load()
        if entries.last != entry { entries.append(entry) }
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        let text = entries.map { HistoryFile.encode($0) + "\n" }.joined()
        do {
            try AtomicWrite.write(Data(text.utf8), to: path, replacing: true, mode: 0o600)
        } catch {
            throw HistoryError("cannot write \(path): \(error)")
        }
    }

    /// One entry as one line: `\` → `\\`, line feed → `\n`, carriage return → `\r`.
    static func encode(_ entry: String) -> String {
        var line = ""
        for character in entry.unicodeScalars {
            switch character {
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            default: line.unicodeScalars.append(character)
            }
        }
        return line
    }

    static func decode(_ line: String) -> String {
        var entry = ""
        var escaped = false
        for character in line.unicodeScalars {
            if escaped {
                switch character {
                case "n": entry += "\n"
                case "r": entry += "\r"
                default: entry.unicodeScalars.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                entry.unicodeScalars.append(character)
            }
        }
        if escaped { entry += "\\" }
        return entry
    }
}

struct HistoryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
