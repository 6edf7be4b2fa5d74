#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings without making a `String` per cell: the distinct values of a text column
/// while a chunk is read. Codes count up from 0 in order of first appearance.
struct ByteDictionary {
    /// All distinct values back to back.
    private(set) var bytes: [UInt8] = []
    /// `ends[code]` is where value `code` ends in `bytes`; it starts where the previous one ends.
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing: 0 is empty, otherwise code + 1.
    private var slots: [UInt32] = [UInt32](repeating: 0, count: 64)

    var count: Int { ends.count }

    /// The bytes of value `code`.
    @inline(__always)
    func range(of code: UInt32) -> Range<Int> {
        let index = Int(code)
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func string(_ code: UInt32) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range(of: code)]), as: UTF8.self) }
    }

    /// The code of the `n` bytes at `p`, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let hash = Self.hash(p, n)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = entry - 1
            if hashes[Int(code)] == hash, matches(code, p, n) { return code }
            slot = (slot + 1) & mask
        }
        let code = UInt32(ends.count)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(bytes.count)
        hashes.append(hash)
        slots[slot] = code + 1
        if ends.count * 2 > slots.count { grow() }
        return code
    }

    @inline(__always)
    private func matches(_ code: UInt32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let range = range(of: code)
        guard range.count == n else { return false }
        if n == 0 { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, p, n) == 0 }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        let mask = capacity - 1
        var grown = [UInt32](repeating: 0, count: capacity)
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = UInt32(code) + 1
        }
        slots = grown
    }

    /// A fast 64-bit hash of a byte string (word-at-a-time multiply-xorshift).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(truncatingIfNeeded: n) &* multiplier
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= n {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }
}
