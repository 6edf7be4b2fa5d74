import Foundation
import KpiqEngine

/// What the session does differently at a terminal: a screenful of rows, and word of a
/// statement that Ctrl-C stopped.
extension Session {
    /// The most rows the table format shows, or nil for all of them.
    var rowLimit: Int? {
        switch settings.maxRows {
        case .all: return nil
        case .rows(let count): return count
        case .auto:
            guard resultsAreTerminal, let height = terminalHeight else { return nil }
            // The header, its rule, the "more rows" note, a caption line or two and the prompt.
            return max(5, height - 7)
        }
    }

    /// Says that Ctrl-C stopped `statement`, or (nil) the statements after one that had just
    /// finished, on a line of its own: the terminal has echoed `^C` where the cursor was.
    func reportCancelled(_ statement: String?) {
        let clearLine = messagesAreTerminal ? "\r\u{1B}[K" : ""
        guard let statement else {
            messages.write(clearLine + "cancelled: the statements after this one did not run\n")
            return
        }
        let firstLine = statement.split(separator: "\n").first.map(String.init) ?? statement
        let shown = firstLine.count > 48 ? firstLine.prefix(47) + "…" : firstLine
        messages.write(clearLine + "cancelled `\(shown)`: the session is as it was before it\n")
    }
}

extension Session {
    /// Reads the terminal's size again (it may have been resized since the last statement):
    /// standard output's, or `COLUMNS` and `LINES`.
    public func refreshTerminalSize() {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            terminalWidth = Int(size.ws_col)
            terminalHeight = size.ws_row > 0 ? Int(size.ws_row) : nil
            return
        }
        let environment = ProcessInfo.processInfo.environment
        terminalWidth = environment["COLUMNS"].flatMap(Int.init)
        terminalHeight = environment["LINES"].flatMap(Int.init)
    }
}
