/// The text of one script, REPL entry or `-c` argument, with a name for diagnostics.
///
/// A class so that tokens, AST nodes and diagnostics can refer to their source cheaply.
public final class SourceFile: @unchecked Sendable {
    /// The name shown in diagnostics: a path, `<stdin>`, `<command line>` or `<repl>`.
    public let name: String
    public let text: String
    /// The UTF-8 bytes of `text`; spans index into this.
    public let bytes: [UInt8]
    /// Offsets where each line begins (line 1 starts at 0).
    public let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        // A byte-order mark (some editors start every UTF-8 file with one) is not part of
        // the script.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// 1-based line and column (columns count characters, not bytes) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = Swift.max(0, Swift.min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let lineStart = lineStarts[low]
        let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
        return (low + 1, prefix.count + 1)
    }

    /// The text of line `line` (1-based) without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text a span covers.
    public func text(of span: Span) -> String {
        let lower = Swift.max(0, Swift.min(span.lower, bytes.count))
        let upper = Swift.max(lower, Swift.min(span.upper, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
