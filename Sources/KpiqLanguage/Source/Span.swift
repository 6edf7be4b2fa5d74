/// A half-open range of UTF-8 byte offsets into one `SourceFile`.
///
/// Spans stay as offsets through every stage; line and column are computed only when a
/// diagnostic is rendered.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var lower: Int
    public var upper: Int

    public init(_ lower: Int, _ upper: Int) {
        precondition(lower <= upper, "span bounds out of order")
        self.lower = lower
        self.upper = upper
    }

    /// An empty span at `offset`, for "expected X here" diagnostics.
    public static func at(_ offset: Int) -> Span { Span(offset, offset) }

    /// A span for values that did not come from source text (generated statements).
    public static let none = Span(0, 0)

    public var length: Int { upper - lower }

    /// The smallest span covering both.
    public func merged(with other: Span) -> Span {
        Span(Swift.min(lower, other.lower), Swift.max(upper, other.upper))
    }

    public var description: String { "\(lower)..<\(upper)" }
}
