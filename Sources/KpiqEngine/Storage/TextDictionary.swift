import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The distinct strings of a text column; rows store a `UInt32` code into `values`.
///
/// Grouping and filtering on text work on codes; a string predicate is evaluated once per
/// distinct value, not once per row.
public final class TextDictionary: @unchecked Sendable {
    public private(set) var values: [String]
    /// Code by value. Built on first use when the dictionary is made from values known to be
    /// distinct (a loaded column), as most never need it; `lock` guards building it.
    private var codes: [String: UInt32]?
    /// Each code's place in the values' order (`ranks`), kept while no value is added.
    private var orderRanks: [Int32]?
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

    /// Each code's place among the values in byte order (`Kernels.compareText`): sorting rows by
    /// text then compares integers. Made once per dictionary, as results sorted by a column of
    /// many distinct values (accounts, names) would otherwise sort its strings on every query.
    public var ranks: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        if let orderRanks, orderRanks.count == values.count { return orderRanks }
        let made = Self.ranks(values)
        orderRanks = made
        return made
    }

    private static func ranks(_ values: [String]) -> [Int32] {
        var order = [Int32](0..<Int32(values.count))
        if let keys = KeyBytes(values) {
            // ASCII: bytes decide. Comparing two values is a memcmp of their bytes; their first
            // eight bytes (big-endian, a number, zeros past the end) settle most.
            let prefixes = (0..<values.count).map { code -> UInt64 in
                let (p, n) = keys[code]
                var prefix: UInt64 = 0
                for index in 0..<8 { prefix = prefix << 8 | UInt64(index < n ? p[index] : 0) }
                return prefix
            }
            prefixes.withUnsafeBufferPointer { prefixes in
                order.sort { a, b in
                    let left = prefixes[Int(a)], right = prefixes[Int(b)]
                    if left != right { return left < right }
                    let (leftBytes, leftCount) = keys[Int(a)], (rightBytes, rightCount) = keys[Int(b)]
                    let common = min(leftCount, rightCount)
                    if common > 8 {
                        let order = memcmp(leftBytes + 8, rightBytes + 8, common - 8)
                        if order != 0 { return order < 0 }
                    }
                    return leftCount != rightCount ? leftCount < rightCount : a < b
                }
            }
        } else {
            order.sort { a, b in
                let byBytes = Kernels.compareText(values[Int(a)], values[Int(b)])
                return byBytes != 0 ? byBytes < 0 : a < b
            }
        }
        var ranks = [Int32](repeating: 0, count: values.count)
        for (position, code) in order.enumerated() { ranks[Int(code)] = Int32(position) }
        return ranks
    }

    private static func index(_ values: [String]) -> [String: UInt32] {
        var codes: [String: UInt32] = [:]
        codes.reserveCapacity(values.count)
        for (code, value) in values.enumerated() { codes[value] = UInt32(code) }
        return codes
    }
}
