/// How to render one result: the format and the few settings that change its text.
public struct RenderSpec: Sendable {
    public var format: OutputFormat
    /// ANSI colors in the table format (bold headers, dim nulls, red negative measures).
    /// Ignored by the other formats.
    public var color: Bool
    /// Decimal places of the `number` format and of decimals shown `automatic`ally.
    /// Machine formats ignore it and print full precision.
    public var decimals: Int
    /// The terminal's width in columns; a wider table has its long text cells cut with `…`.
    /// nil means no limit.
    public var maxWidth: Int?

    public init(format: OutputFormat = .table, color: Bool = false, decimals: Int = 2, maxWidth: Int? = nil) {
        self.format = format
        self.color = color
        self.decimals = decimals
        self.maxWidth = maxWidth
    }
}
