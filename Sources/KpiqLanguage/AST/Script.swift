/// A parsed script: its statements in order, and the diagnostics the lexer and parser raised.
///
/// Statements that failed to parse are left out; `diagnostics` says why.
public struct Script: Sendable {
    public var source: SourceFile
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]

    public init(source: SourceFile, statements: [Statement], diagnostics: [Diagnostic]) {
        self.source = source
        self.statements = statements
        self.diagnostics = diagnostics
    }
}

/// A name as written, with its span. `quoted` is true for a backquoted name.
public struct Identifier: Hashable, Sendable {
    public var name: String
    public var span: Span
    public var quoted: Bool

    public init(_ name: String, span: Span, quoted: Bool = false) {
        self.name = name
        self.span = span
        self.quoted = quoted
    }
}

/// `name` or `qualifier.name` (a dataset-qualified column, `deals.close_value`).
public struct QualifiedName: Hashable, Sendable {
    public var qualifier: Identifier?
    public var name: Identifier

    public init(qualifier: Identifier? = nil, name: Identifier) {
        self.qualifier = qualifier
        self.name = name
    }

    public var span: Span {
        qualifier.map { $0.span.merged(with: name.span) } ?? name.span
    }

    /// `qualifier.name` or `name`, as a user would write it.
    public var description: String {
        qualifier.map { "\($0.name).\(name.name)" } ?? name.name
    }
}

/// A string literal in a statement position (a path), with its span.
public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var span: Span

    public init(_ value: String, span: Span) {
        self.value = value
        self.span = span
    }
}
