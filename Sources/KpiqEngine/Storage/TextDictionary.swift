/// The distinct strings of a text column; rows store a `UInt32` code into `values`.
///
/// Grouping and filtering on text work on codes; a string predicate is evaluated once per
/// distinct value, not once per row.
public final class TextDictionary: @unchecked Sendable {
    public private(set) var values: [String]
    private var codes: [String: UInt32]

    public init(_ values: [String] = []) {
        self.values = []
        self.codes = [:]
        self.values.reserveCapacity(values.count)
        for value in values { _ = intern(value) }
    }

    public var count: Int { values.count }

    /// The code of `value`, adding it when new.
    @inline(__always)
    public func intern(_ value: String) -> UInt32 {
        if let code = codes[value] { return code }
        let code = UInt32(values.count)
        values.append(value)
        codes[value] = code
        return code
    }

    public func code(of value: String) -> UInt32? { codes[value] }

    @inline(__always)
    public subscript(code: UInt32) -> String { values[Int(code)] }
}
