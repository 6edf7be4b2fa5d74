import Dispatch
import Foundation
import KpiqEngine

extension Session {
    /// Runs a load, showing its progress on stderr when stderr is a terminal and the load
    /// takes more than half a second.
    func withLoadProgress<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard messagesAreTerminal else { return try body() }
        LoadProgress.begin(bytes: 0)
        let line = ProgressLine(label: label, width: terminalWidth ?? 80, stream: StandardStream.error)
        line.start()
        defer { line.stop() }
        return try body()
    }
}

/// One line on a terminal, redrawn ten times a second from `LoadProgress`, and erased at the end:
///
/// ```
/// loading big.csv ███████████░░░░░░░░░  55% · 110.2/200.4 MB · 1,412,896 rows · 1,030,112 rows/s
/// ```
final class ProgressLine: @unchecked Sendable {
    static let delay = DispatchTimeInterval.milliseconds(500)
    static let interval = DispatchTimeInterval.milliseconds(100)
    static let barWidth = 20

    private let label: String
    private let width: Int
    private let stream: UnsafeMutablePointer<FILE>
    private let queue = DispatchQueue(label: "kpiq.progress")
    private let timer: DispatchSourceTimer
    private let started = DispatchTime.now()
    // Touched only on `queue`.
    private var drawn = false
    private var stopped = false

    init(label: String, width: Int, stream: UnsafeMutablePointer<FILE>) {
        self.label = label
        self.width = width
        self.stream = stream
        timer = DispatchSource.makeTimerSource(queue: queue)
    }

    func start() {
        timer.schedule(deadline: .now() + Self.delay, repeating: Self.interval)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    /// Stops redrawing and erases the line; when it returns, nothing more is drawn.
    func stop() {
        timer.cancel()
        queue.sync {
            stopped = true
            if drawn { fputs("\r\u{1B}[K", stream) }
        }
    }

    private func draw() {
        guard !stopped else { return }
        let (bytes, total, rows) = LoadProgress.snapshot
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let text = ProgressLine.text(label: label, bytes: bytes, total: total, rows: rows, seconds: seconds, width: width)
        fputs("\r" + text + "\u{1B}[K", stream)
        drawn = true
    }

    /// The line for a load of `total` bytes of which `bytes` are parsed, in at most `width - 1`
    /// columns (the last column of a terminal line makes some terminals wrap).
    static func text(label: String, bytes: Int, total: Int, rows: Int, seconds: Double, width: Int) -> String {
        let name = TerminalText.truncated((label as NSString).lastPathComponent, toWidth: 30)
        guard total > 0 else { return TerminalText.truncated("loading \(name): reading the file", toWidth: width - 1) }
        let fraction = min(1, Double(bytes) / Double(total))
        if fraction >= 1 { return TerminalText.truncated("loading \(name): building columns of \(Formatting.thousands(rows)) rows", toWidth: width - 1) }
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        let percent = "\(Int(fraction * 100))%".leftPadded(to: 4)
        let amount = "\(megabytes(bytes))/\(megabytes(total)) MB"
        let rate = seconds > 0 ? "\(Formatting.thousands(Int(Double(rows) / seconds))) rows/s" : ""
        let candidates = [
            "loading \(name) \(bar) \(percent) · \(amount) · \(Formatting.thousands(rows)) rows · \(rate)",
            "loading \(name) \(bar) \(percent) · \(amount)",
            "loading \(name) \(percent)",
        ]
        let fitting = candidates.first { TerminalText.width($0) <= width - 1 } ?? candidates.last!
        return TerminalText.truncated(fitting, toWidth: width - 1)
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
