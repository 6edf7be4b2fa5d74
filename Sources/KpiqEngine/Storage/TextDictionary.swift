import Foundation

/// The distinct strings of a text column; rows store a `UInt32` code into `values`.
///
/// Grouping and filtering on text work on codes; a string predicate is evaluated once per
/// distinct value, not once per row.
public final class TextDictionary: @unchecked Sendable {
    public private(set) var values: [String]
    /// Code by value. Built on first use when the dictionary is made from values known to be
    /// distinct (a loaded column), as most never need it; `lock` guards building it.
    private var codes: [String: UInt32]?
    private let lock = NSLock()

    public init(_ values: [String] = []) {
        self.values = []
        self.codes = [:]
        self.values.reserveCapacity(values.count)
        for value in values { _ = intern(value) }
    }

    /// A dictionary of `values`, which the caller guarantees are distinct as `String`s.
    init(distinct values: [String]) {
        self.values = values
        self.codes = nil
    }

    public var count: Int { values.count }

    /// The code of `value`, adding it when new.
    @inline(__always)
    public func intern(_ value: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if codes == nil { codes = Self.index(values) }
        if let code = codes![value] { return code }
        let code = UInt32(values.count)
        values.append(value)
        codes![value] = code
        return code
    }

    public func code(of value: String) -> UInt32? {
        lock.lock()
        defer { lock.unlock() }
        if codes == nil { codes = Self.index(values) }
        return codes![value]
    }

    @inline(__always)
    public subscript(code: UInt32) -> String { values[Int(code)] }

    private static func index(_ values: [String]) -> [String: UInt32] {
        var codes: [String: UInt32] = [:]
        codes.reserveCapacity(values.count)
        for (code, value) in values.enumerated() { codes[value] = UInt32(code) }
        return codes
    }
}
