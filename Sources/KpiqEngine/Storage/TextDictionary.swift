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
        if values.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            // ASCII: bytes decide. All values' bytes go side by side, so that comparing two
            // is a memcmp; their first eight bytes (big-endian, a number) settle most.
            var starts = [Int](repeating: 0, count: values.count + 1)
            for (code, value) in values.enumerated() { starts[code + 1] = starts[code] + value.utf8.count }
            var bytes = [UInt8](repeating: 0, count: starts[values.count] + 8)
            var prefixes = [UInt64](repeating: 0, count: values.count)
            bytes.withUnsafeMutableBufferPointer { bytes in
                for (code, value) in values.enumerated() {
                    var offset = starts[code]
                    for byte in value.utf8 {
                        bytes[offset] = byte
                        offset += 1
                    }
                    var prefix: UInt64 = 0
                    for index in 0..<8 {
                        let position = starts[code] + index
                        prefix = prefix << 8 | UInt64(position < starts[code + 1] ? bytes[position] : 0)
                    }
                    prefixes[code] = prefix
                }
            }
            bytes.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress!
                prefixes.withUnsafeBufferPointer { prefixes in
                    starts.withUnsafeBufferPointer { starts in
                        order.sort { a, b in
                            let left = prefixes[Int(a)], right = prefixes[Int(b)]
                            if left != right { return left < right }
                            let leftStart = starts[Int(a)], rightStart = starts[Int(b)]
                            let leftCount = starts[Int(a) + 1] - leftStart, rightCount = starts[Int(b) + 1] - rightStart
                            let common = min(leftCount, rightCount)
                            if common > 8 {
                                let order = memcmp(base + leftStart + 8, base + rightStart + 8, common - 8)
                                if order != 0 { return order < 0 }
                            }
                            return leftCount != rightCount ? leftCount < rightCount : a < b
                        }
                    }
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
