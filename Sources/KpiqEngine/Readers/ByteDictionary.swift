#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings without making a `String` per cell: the distinct values of a text column
/// while a chunk is read. Codes count up from 0 in order of first appearance.
struct ByteDictionary {
    /// A hash table entry: everything needed to tell most values apart without reading `bytes`.
    private struct Slot {
        /// 0 when empty, otherwise `(code + 1) << 32 | hash >> 32`.
        var key: UInt64 = 0
        /// Where the value starts in `bytes`, shifted left 16 bits, and its length (`0xFFFF` for longer).
        var location: UInt64 = 0
        /// The value's first 8 bytes (zero-padded).
        var prefix: UInt64 = 0

        var code: UInt32 { UInt32(truncatingIfNeeded: key >> 32) - 1 }
    }

    /// All distinct values back to back.
    private(set) var bytes: [UInt8] = []
    /// `ends[code]` is where value `code` ends in `bytes`; it starts where the previous one ends.
    private(set) var ends: [Int] = []
    /// Full hashes by code, to grow the table.
    private var hashes: [UInt64] = []
    private var slots = [Slot](repeating: Slot(), count: 64)
    /// The slot of the value handed out last: runs of one value (sorted files) skip the table.
    private var last = Slot()

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
        let prefix = Self.prefix(p, n)
        let length = UInt64(min(n, 0xFFFF))
        if last.key != 0, matches(last, p, n, prefix: prefix, length: length) { return last.code }
        let hash = Self.hash(p, n)
        let tag = hash >> 32
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.key == 0 { break }
            if slot.key & 0xFFFF_FFFF == tag, matches(slot, p, n, prefix: prefix, length: length) {
                last = slot
                return slot.code
            }
            index = (index + 1) & mask
        }
        let code = UInt32(ends.count)
        let slot = Slot(key: UInt64(code + 1) << 32 | tag, location: UInt64(bytes.count) << 16 | length, prefix: prefix)
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ends.append(bytes.count)
        hashes.append(hash)
        slots[index] = slot
        last = slot
        if ends.count * 2 > slots.count { grow() }
        return code
    }

    /// The first (up to) 8 bytes as a little-endian word.
    @inline(__always)
    private static func prefix(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        if n >= 8 { return UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)) }
        var word: UInt64 = 0
        for index in 0..<n { word |= UInt64(p[index]) << UInt64(index * 8) }
        return word
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ p: UnsafePointer<UInt8>, _ n: Int, prefix: UInt64, length: UInt64) -> Bool {
        guard slot.location & 0xFFFF == length, slot.prefix == prefix else { return false }
        if n <= 8 { return true }
        if length == 0xFFFF, range(of: slot.code).count != n { return false }
        let start = Int(slot.location >> 16)
        return bytes.withUnsafeBufferPointer { Self.equal($0.baseAddress! + start + 8, p + 8, n - 8) }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        let mask = capacity - 1
        var grown = [Slot](repeating: Slot(), count: capacity)
        for slot in slots where slot.key != 0 {
            var index = Int(truncatingIfNeeded: hashes[Int(slot.code)]) & mask
            while grown[index].key != 0 { index = (index + 1) & mask }
            grown[index] = slot
        }
        slots = grown
    }

    /// Whether `n` bytes at `a` and `b` are equal: a word at a time, without a call for short strings.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n > 64 { return memcmp(a, b, n) == 0 }
        var index = 0
        while index + 8 <= n {
            let left = UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
            guard left == UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) else { return false }
            index += 8
        }
        while index < n {
            guard a[index] == b[index] else { return false }
            index += 1
        }
        return true
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
