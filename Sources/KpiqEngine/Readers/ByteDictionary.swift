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
    /// Full hashes by code, to grow the table.
    private var hashes: [UInt64] = []
    /// Open addressing: 0 is empty, otherwise `(code + 1) << 32 | hash >> 32`, so that most
    /// mismatches are seen without touching `bytes`.
    private var slots = [UInt64](repeating: 0, count: 64)
    /// The code handed out last: runs of one value (sorted files) skip the hash table.
    private var lastCode = UInt32.max

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
        if lastCode != .max, matches(lastCode, p, n) { return lastCode }
        let hash = Self.hash(p, n)
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF == tag {
                let code = UInt32(truncatingIfNeeded: entry >> 32) - 1
                if matches(code, p, n) {
                    lastCode = code
                    return code
                }
            }
            slot = (slot + 1) & mask
        }
        let code = UInt32(ends.count)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(bytes.count)
        hashes.append(hash)
        slots[slot] = UInt64(code + 1) << 32 | tag
        if ends.count * 2 > slots.count { grow() }
        lastCode = code
        return code
    }

    @inline(__always)
    private func matches(_ code: UInt32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let range = range(of: code)
        guard range.count == n else { return false }
        return bytes.withUnsafeBufferPointer { Self.equal($0.baseAddress! + range.lowerBound, p, n) }
    }

    /// Whether `n` bytes at `a` and `b` are equal; short strings without a call to memcmp.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n >= 8 {
            let first = UnsafeRawPointer(a).loadUnaligned(as: UInt64.self)
            guard first == UnsafeRawPointer(b).loadUnaligned(as: UInt64.self) else { return false }
            return n == 8 || memcmp(a + 8, b + 8, n - 8) == 0
        }
        for index in 0..<n where a[index] != b[index] { return false }
        return true
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        let mask = capacity - 1
        var grown = [UInt64](repeating: 0, count: capacity)
        for (code, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = UInt64(code + 1) << 32 | hash >> 32
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
