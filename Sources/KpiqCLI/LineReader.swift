import CEditLine
import Foundation
import KpiqLanguage

/// Where the interactive loop gets its lines: libedit on a terminal, plain reads otherwise.
public protocol LineSource {
    /// The next line without its newline, or nil at end of input.
    mutating func readLine(prompt: String) -> String?
    mutating func remember(_ entry: String)
}

/// libedit's readline interface: line editing, history within the session.
public struct EditLineSource: LineSource {
    public init() {
        rl_initialize()
    }

    public mutating func readLine(prompt: String) -> String? {
        guard let line = readline(prompt) else { return nil }
        defer { free(line) }
        return String(cString: line)
    }

    public mutating func remember(_ entry: String) {
        add_history(entry)
    }
}

/// Lines from standard input with no editing (pipes, dumb terminals).
public struct PlainLineSource: LineSource {
    public init() {}

    public mutating func readLine(prompt: String) -> String? {
        fputs(prompt, StandardStream.output)
        fflush(StandardStream.output)
        return Swift.readLine(strippingNewline: true)
    }

    public mutating func remember(_ entry: String) {}
}

/// The interactive loop: reads whole statements (continuing while one is unfinished) and
/// runs each in the session.
public enum InteractiveLoop {
    public static let prompt = "kpiq> "
    public static let continuationPrompt = "  ... "

    /// Runs until `quit` or end of input; returns whether the last statement failed.
    @discardableResult
    public static func run(_ session: Session, lines: inout some LineSource) -> Bool {
        var lastFailed = false
        var entryNumber = 0
        while true {
            guard var entry = lines.readLine(prompt: prompt) else { break }
            while InputCompleteness.needsContinuation(entry) {
                guard let more = lines.readLine(prompt: continuationPrompt) else { break }
                entry += "\n" + more
            }
            guard !entry.allSatisfy(\.isWhitespace) else { continue }
            lines.remember(entry)
            entryNumber += 1
            let outcome = session.run(SourceFile(name: "<input \(entryNumber)>", text: entry))
            session.results.flush()
            lastFailed = outcome.failed
            if outcome.quit { break }
        }
        return lastFailed
    }
}
