/// A problem (or notice) found in user input, with where it is and what to do about it.
///
/// Diagnostics are values: every stage returns them instead of throwing strings, and
/// `DiagnosticRenderer` turns them into text with the source line and a caret.
public struct Diagnostic: Error, Sendable, Equatable {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    /// Where the problem is; nil when it concerns no source text (a file that is missing
    /// is reported at the path's span, so this is rare).
    public var span: Span?
    public var source: SourceFile?
    /// Short suggestions printed as `help: ...` lines, such as "did you mean `win_rate`?".
    public var hints: [String]

    public init(
        _ severity: Severity = .error,
        _ message: String,
        at span: Span? = nil,
        in source: SourceFile? = nil,
        hints: [String] = []
    ) {
        self.severity = severity
        self.message = message
        self.span = span
        self.source = source
        self.hints = hints
    }

    public static func error(_ message: String, at span: Span?, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, at: span, hints: hints)
    }

    /// The same diagnostic, attached to `source` unless it already has one.
    public func located(in source: SourceFile) -> Diagnostic {
        var copy = self
        if copy.source == nil { copy.source = source }
        return copy
    }

    public static func == (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        lhs.severity == rhs.severity && lhs.message == rhs.message && lhs.span == rhs.span
            && lhs.hints == rhs.hints && lhs.source?.name == rhs.source?.name
    }
}

/// Several diagnostics raised together (a script with more than one mistake).
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
