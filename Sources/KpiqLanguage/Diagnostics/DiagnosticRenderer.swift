/// Prints diagnostics the way compilers do:
///
/// ```
/// model.kpiq:3:5: error: unknown KPI `win_rat`
///   3 | kpi win_rat by manager
///     |     ^^^^^^^
///     = help: did you mean `win_rate`?
/// ```
public struct DiagnosticRenderer: Sendable {
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var lines: [String] = []
        let label = paint(diagnostic.severity.rawValue, severityColor(diagnostic.severity))
        let message = paint(diagnostic.message, "1")
        guard let source = diagnostic.source, let span = diagnostic.span else {
            let prefix = diagnostic.source.map { "\($0.name): " } ?? ""
            lines.append("\(prefix)\(label): \(message)")
            lines += diagnostic.hints.map { "  = help: \($0)" }
            return lines.joined(separator: "\n")
        }
        let (line, column) = source.location(of: span.lower)
        lines.append("\(source.name):\(line):\(column): \(label): \(message)")
        let lineText = source.lineText(line).replacingTabs()
        let gutter = String(line)
        let blank = String(repeating: " ", count: gutter.count)
        lines.append(" \(gutter) | \(lineText)")
        let (endLine, endColumn) = source.location(of: span.upper)
        let lineLength = lineText.count
        let caretEnd = endLine == line ? endColumn : lineLength + 1
        let caretCount = Swift.max(1, caretEnd - column)
        let pad = String(repeating: " ", count: Swift.max(0, column - 1))
        lines.append(" \(blank) | \(pad)\(paint(String(repeating: "^", count: caretCount), severityColor(diagnostic.severity)))")
        lines += diagnostic.hints.map { " \(blank) = help: \($0)" }
        return lines.joined(separator: "\n")
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    private func severityColor(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "1;31"
        case .warning: return "1;33"
        case .note: return "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// Tabs become single spaces so that caret columns line up with the printed line.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
