import Foundation
import KpiqEngine
import KpiqLanguage

/// What reading one line at the prompt gave.
public enum LineInput: Equatable, Sendable {
    /// A line, without its line break (a statement recalled from history may hold several).
    case line(String)
    /// Ctrl-C: the line, and any statement begun on the lines before, are dropped.
    case interrupt
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// Where the interactive loop gets its lines: libedit on a terminal, plain reads otherwise.
public protocol LineSource {
    /// Reads a line after `prompt`. `pending` is the statement typed so far on earlier lines
    /// (empty at the first prompt), for completion.
    mutating func read(prompt: String, pending: String) -> LineInput
    /// Keeps a whole statement in the history.
    mutating func remember(_ entry: String)
    /// Follows settings that concern the prompt (`set editing = vi`).
    mutating func apply(_ settings: Settings)
}

extension LineSource {
    public mutating func apply(_ settings: Settings) {}
}

/// Lines from standard input with no editing (pipes, dumb terminals).
public struct PlainLineSource: LineSource {
    public init() {}

    public mutating func read(prompt: String, pending: String) -> LineInput {
        fputs(prompt, StandardStream.output)
        fflush(StandardStream.output)
        return Swift.readLine(strippingNewline: true).map(LineInput.line) ?? .end
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
        lines.apply(session.settings)
        while true {
            guard let entry = readStatement(&lines) else { break }
            guard !entry.allSatisfy(\.isWhitespace) else { continue }
            lines.remember(entry)
            entryNumber += 1
            session.refreshTerminalSize()
            Cancellation.reset()
            let outcome = session.run(SourceFile(name: "<input \(entryNumber)>", text: entry))
            session.results.flush()
            lines.apply(session.settings)
            lastFailed = outcome.failed
            if outcome.quit { break }
        }
        return lastFailed
    }

    /// One statement, read over as many lines as it needs; "" after Ctrl-C, nil at the end.
    static func readStatement(_ lines: inout some LineSource) -> String? {
        var entry: String
        switch lines.read(prompt: prompt, pending: "") {
        case .end: return nil
        case .interrupt: return ""
        case .line(let line): entry = line
        }
        while InputCompleteness.needsContinuation(entry) {
            switch lines.read(prompt: continuationPrompt, pending: entry) {
            case .end: return nil
            case .interrupt: return ""
            case .line(let more): entry += "\n" + more
            }
        }
        return entry
    }
}
