import KpiqLanguage

/// `define kpi name = expr [format f] [target ...] ["description"]`, as the catalog keeps it.
///
/// The expression stays an AST with its source: it is checked afresh in each query, where
/// the grouping and filters are known.
public struct KPIDefinition: Sendable {
    public var name: String
    public var expression: Expr
    public var source: SourceFile
    public var format: ValueFormat
    public var description: String?
    public var target: TargetClause?

    public init(name: String, expression: Expr, source: SourceFile, format: ValueFormat, description: String?, target: TargetClause?) {
        self.name = name
        self.expression = expression
        self.source = source
        self.format = format
        self.description = description
        self.target = target
    }

    /// The definition as written (`won / closed`).
    public var definitionText: String { source.text(of: expression.span) }

    /// The target clause as written (`>= 63% warn 60%`), when there is one.
    public var targetText: String? {
        target.map { source.text(of: $0.span) }
    }
}
