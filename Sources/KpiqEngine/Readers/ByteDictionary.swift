#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// LLVM's prefetch, which Swift does not expose (declared by its intrinsic's name): brings the
/// cache line of `address` closer without the load waiting for it, so that many can be in flight
/// while other work goes on (`address`, read or write, temporal locality, data or instructions).
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)

/// Asks for the cache line of `address`, for reading, into all cache levels.
@inline(__always)
func prefetch(_ address: UnsafeRawPointer) {
    llvmPrefetch(address, 0, 3, 1)
}

/// The values of a dictionary as `String`s, in code order, made in parts that threads share out
/// (`make(part:)`, each part once); then `take()`.
final class DictionaryStrings: @unchecked Sendable {
    let parts: Int
    private let count: Int
    private let output: UnsafeMutablePointer<String>
    private let bytes: UnsafePointer<UInt8>
    private let starts: UnsafePointer<UInt64>
    /// The dictionary, kept alive (and unchanged) while its bytes are read.
    private let storage: AnyObject

    init(_ dictionary: ByteDictionary, parts: Int) {
        count = dictionary.count
        self.parts = max(1, min(parts, count))
        output = .allocate(capacity: count)
        (bytes, starts, storage) = dictionary.contents
    }

    func make(part: Int) {
        let step = (count + parts - 1) / parts
        for code in min(part * step, count)..<min((part + 1) * step, count) {
            let start = Int(starts[code]), end = Int(starts[code + 1])
            (output + code).initialize(to: String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self))
        }
    }

    /// The strings, moved out once every part is made.
    func take() -> [String] {
        [String](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: output, count: count)
            initialized = count
        }
    }

    deinit { output.deallocate() }
}

/// Interns byte strings without making a `String` per cell: the distinct values of a text column
/// while a chunk is read. Codes count up from 0 in order of first appearance.
///
/// Built for columns of many distinct values (ids, names), where a lookup is bound by cache
/// misses: a slot holds the code, 32 bits of the hash and where the value's bytes are, so a
/// lookup touches its slot and, on a tag match, the bytes; nothing else.
struct ByteDictionary {
    private var storage = Storage()

    var count: Int { storage.count }

    /// All distinct values back to back, in code order.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.bytes, count: storage.byteCount) }

    /// The bytes of value `code`.
    @inline(__always)
    func range(of code: UInt32) -> Range<Int> {
        let start = Int(storage.starts[Int(code)])
        return start..<Int(storage.starts[Int(code) + 1])
    }

    func string(_ code: UInt32) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range(of: code)]), as: UTF8.self)
    }

    /// The code of the `n` bytes at `p`, adding them when new.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        intern(p, n, hash: Self.hash(p, n))
    }

    /// The code of the `n` bytes at `p`, nil when they are not in the dictionary.
    func code(of p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        storage.find(p, n, hash: Self.hash(p, n))
    }

    /// `intern` with the value's `hash` already computed.
    @inline(__always)
    mutating func intern(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> UInt32 {
        return uniqueStorage().intern(p, n, hash: hash)
    }

    /// The storage, not shared with a copy, for a run of `Storage.intern`s.
    mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        precondition(storage.indexed, "a value interned after values were added without a slot")
        return storage
    }

    /// The storage, not shared with a copy, for a run of `Storage.codeOrAppend`s.
    mutating func storageForAppending() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The values' bytes and where each starts (see `Storage`), and the owner that keeps them.
    var contents: (UnsafePointer<UInt8>, UnsafePointer<UInt64>, AnyObject) {
        (UnsafePointer(storage.bytes), UnsafePointer(storage.starts), storage)
    }

    /// Whether every value is ASCII (then distinct values are distinct `String`s).
    var isASCII: Bool {
        Kernels.isASCII(UnsafeBufferPointer(start: storage.bytes, count: storage.byteCount))
    }

    /// Whether the table outgrew the caches, so that lookups are worth prefetching
    /// (`lookUpPipelined`).
    var isLarge: Bool { storage.slotCount >= 1 << 16 }

    /// Prefetches the first slot of `hash` (see `lookUpPipelined`).
    @inline(__always)
    func prefetchSlot(_ hash: UInt64) {
        prefetch(storage.slots + 2 * Int(truncatingIfNeeded: hash >> storage.indexShift))
    }

    /// Prefetches the value of the first slot with the hash's tag among the first few, once its
    /// slot is cached (see `lookUpPipelined`).
    @inline(__always)
    func prefetchValue(_ hash: UInt64) {
        let slots = storage.slots
        let mask = storage.slotCount - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash >> storage.indexShift)
        for _ in 0..<4 {
            let entry = slots[2 * slot]
            if entry == 0 { return }
            if entry >> 32 == tag {
                let location = slots[2 * slot + 1]
                let length = Int(location & 0xFF_FFFF)
                guard location != .max, length > 0 else { return }
                // The first and the last byte: a value may straddle two cache lines.
                let start = storage.bytes + Int(location >> 24)
                prefetch(start)
                prefetch(start + length - 1)
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `lookUp(i)` for `i` in `0..<count` in order, the slots of `hashes[i]` prefetched
    /// `valueDistance` calls ahead and the value they point to `slotDistance` ahead: a software
    /// pipeline that keeps many misses in flight while the lookups go on. (Loading the same slots
    /// and values in a loop of their own first, as this did before, waits for every load before
    /// any lookup starts: ~30% slower.)
    @inline(__always)
    func lookUpPipelined(_ hashes: UnsafePointer<UInt64>, count: Int, _ lookUp: (Int) -> Void) {
        let slotDistance = 16, valueDistance = 8
        for index in 0..<min(count, slotDistance) { prefetchSlot(hashes[index]) }
        for index in 0..<min(count, valueDistance) { prefetchValue(hashes[index]) }
        for index in 0..<count {
            if index + slotDistance < count { prefetchSlot(hashes[index + slotDistance]) }
            if index + valueDistance < count { prefetchValue(hashes[index + valueDistance]) }
            lookUp(index)
        }
    }


    /// Open addressing with linear probing. Slot words, two per slot: `tag << 32 | code + 1` (0 when
    /// empty), then `start << 24 | length` of the value in `bytes`, for values that fit (else
    /// `UInt64.max`, and the bytes are found through `starts`). The tag is the hash's high 32 bits
    /// and a value's first slot is the tag's top bits, so growing moves slots without rehashing.
    final class Storage {
        var slots: UnsafeMutablePointer<UInt64>
        var slotCount = 64
        /// `hash >> indexShift` is a hash's first slot.
        var indexShift: UInt64 = 64 - 6
        /// `starts[code]` is where value `code` begins in `bytes`; `starts[count]` is the end.
        var starts: UnsafeMutablePointer<UInt64>
        var startCapacity = 64
        var count = 0
        var bytes: UnsafeMutablePointer<UInt8>
        var byteCount = 0
        var byteCapacity = 1024
        /// Every value has its slot; false once values were added without (`codeOrAppend`), after
        /// which the dictionary only gives its values (`bytes`, `range(of:)`), as no lookup would
        /// find them.
        var indexed = true

        init() {
            slots = LargeBuffer.allocate(slotCount * 2)
            slots.initialize(repeating: 0, count: slotCount * 2)
            starts = LargeBuffer.allocate(startCapacity + 1)
            starts[0] = 0
            bytes = LargeBuffer.allocate(byteCapacity)
        }

        deinit {
            LargeBuffer.release(slots)
            LargeBuffer.release(starts)
            LargeBuffer.release(bytes)
            recent?.deallocate()
        }

        /// The codes of values of up to 16 bytes seen lately (see `internShort`): sets of two
        /// entries of four words, the value's first eight bytes, its last eight, `length + 1 << 32
        /// | code`, and one unused. Made on first use; a copy starts without.
        private var recent: UnsafeMutablePointer<UInt64>?
        private static let recentSetBits = 9

        /// `intern` for a value of at most 16 bytes: found by its bytes among those seen lately
        /// (two loads and a compare), else interned and remembered. For columns of few distinct
        /// values, where hashing and probing would be most of the work.
        @inline(__always)
        func internShort(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
            let first: UInt64, last: UInt64
            if n >= 8 {
                first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                last = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self)
            } else {
                first = ByteDictionary.shortWord(p, n)
                last = 0
            }
            // The first and last words and the length are the whole value.
            let length = UInt64(n + 1) << 32
            let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xD6E8_FEB8_6659_FD93) ^ length
            let entry = (recent ?? makeRecent()) + Int(truncatingIfNeeded: mixed >> UInt64(64 - Self.recentSetBits)) &* 8
            if (entry[0] ^ first) | (entry[1] ^ last) | ((entry[2] & ~0xFFFF_FFFF) ^ length) == 0 {
                return UInt32(truncatingIfNeeded: entry[2])
            }
            if (entry[4] ^ first) | (entry[5] ^ last) | ((entry[6] & ~0xFFFF_FFFF) ^ length) == 0 {
                return UInt32(truncatingIfNeeded: entry[6])
            }
            return internRecent(p, n, entry: entry, first: first, last: last, length: length)
        }

        /// `internShort` for a value not among those seen lately: interned, and remembered in
        /// its set's first entry (the other entry goes).
        @inline(never)
        private func internRecent(_ p: UnsafePointer<UInt8>, _ n: Int, entry: UnsafeMutablePointer<UInt64>,
                                  first: UInt64, last: UInt64, length: UInt64) -> UInt32 {
            let code = intern(p, n, hash: ByteDictionary.hash(p, n))
            entry[4] = entry[0]
            entry[5] = entry[1]
            entry[6] = entry[2]
            entry[0] = first
            entry[1] = last
            entry[2] = length | UInt64(code)
            return code
        }

        @inline(never)
        private func makeRecent() -> UnsafeMutablePointer<UInt64> {
            let words = 8 << Self.recentSetBits
            let made = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
            made.initialize(repeating: 0, count: words)
            recent = made
            return made
        }

        func copy() -> Storage {
            let copy = Storage()
            LargeBuffer.release(copy.slots)
            LargeBuffer.release(copy.starts)
            LargeBuffer.release(copy.bytes)
            copy.slotCount = slotCount
            copy.indexShift = indexShift
            copy.slots = LargeBuffer.allocate(slotCount * 2)
            copy.slots.initialize(from: slots, count: slotCount * 2)
            copy.startCapacity = startCapacity
            copy.starts = LargeBuffer.allocate(startCapacity + 1)
            copy.starts.initialize(from: starts, count: count + 1)
            copy.count = count
            copy.byteCapacity = byteCapacity
            copy.bytes = LargeBuffer.allocate(byteCapacity)
            copy.bytes.initialize(from: bytes, count: byteCount)
            copy.byteCount = byteCount
            copy.indexed = indexed
            return copy
        }

        @inline(__always)
        func intern(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> UInt32 {
            let (code, slot) = probe(p, n, hash: hash)
            return code ?? insert(p, n, tag: hash >> 32, slot: slot)
        }

        func find(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> UInt32? {
            probe(p, n, hash: hash).code
        }

        /// The value's code, or nil and the empty slot where it would go.
        @inline(__always)
        private func probe(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> (code: UInt32?, slot: Int) {
            let tag = hash >> 32
            let mask = slotCount - 1
            var slot = Int(truncatingIfNeeded: hash >> indexShift)
            while true {
                let entry = slots[2 * slot]
                if entry == 0 { return (nil, slot) }
                if entry >> 32 == tag {
                    let location = slots[2 * slot + 1]
                    let code = UInt32(truncatingIfNeeded: entry) &- 1
                    if location != .max {
                        if Int(location & 0xFF_FFFF) == n, ByteDictionary.equal(bytes + Int(location >> 24), p, n) { return (code, slot) }
                    } else {
                        let start = Int(starts[Int(code)])
                        if Int(starts[Int(code) + 1]) - start == n, ByteDictionary.equal(bytes + start, p, n) { return (code, slot) }
                    }
                }
                slot = (slot + 1) & mask
            }
        }

        private func insert(_ p: UnsafePointer<UInt8>, _ n: Int, tag: UInt64, slot: Int) -> UInt32 {
            let (code, start) = appendValue(p, n)
            slots[2 * slot] = tag << 32 | UInt64(code + 1)
            slots[2 * slot + 1] = start < 1 << 40 && n < 1 << 24 ? UInt64(start) << 24 | UInt64(n) : .max
            if count * 2 > slotCount { grow() }
            return code
        }

        /// The code of the `n` bytes at `p`; when they are new, the next code, added without a
        /// slot: no table to grow, for the last values a dictionary takes (the last chunk's joined
        /// into the first's), after which no value may be interned.
        func codeOrAppend(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64) -> UInt32 {
            if let code = find(p, n, hash: hash) { return code }
            indexed = false
            return appendValue(p, n).code
        }

        /// Adds the value's bytes as the next code; its slot is the caller's to set.
        private func appendValue(_ p: UnsafePointer<UInt8>, _ n: Int) -> (code: UInt32, start: Int) {
            let code = UInt32(count)
            if byteCount + n > byteCapacity {
                let capacity = max(byteCapacity * 2, byteCount + n)
                let grown: UnsafeMutablePointer<UInt8> = LargeBuffer.allocate(capacity)
                grown.initialize(from: bytes, count: byteCount)
                LargeBuffer.release(bytes)
                bytes = grown
                byteCapacity = capacity
            }
            if count + 1 > startCapacity {
                let capacity = startCapacity * 2
                let grown: UnsafeMutablePointer<UInt64> = LargeBuffer.allocate(capacity + 1)
                grown.initialize(from: starts, count: count + 1)
                LargeBuffer.release(starts)
                starts = grown
                startCapacity = capacity
            }
            let start = byteCount
            (bytes + start).initialize(from: p, count: n)
            byteCount += n
            count += 1
            starts[count] = UInt64(byteCount)
            return (code, start)
        }

        private func grow() {
            let capacity = slotCount * 2
            let mask = capacity - 1
            let shift = indexShift - 1
            let grown: UnsafeMutablePointer<UInt64> = LargeBuffer.allocate(capacity * 2)
            grown.initialize(repeating: 0, count: capacity * 2)
            for old in 0..<slotCount where slots[2 * old] != 0 {
                // The tag is the hash's high half: its top bits are the new first slot.
                var slot = Int(truncatingIfNeeded: slots[2 * old] >> shift)
                while grown[2 * slot] != 0 { slot = (slot + 1) & mask }
                grown[2 * slot] = slots[2 * old]
                grown[2 * slot + 1] = slots[2 * old + 1]
            }
            LargeBuffer.release(slots)
            slots = grown
            slotCount = capacity
            indexShift = shift
        }
    }

    /// Whether `n` bytes at `a` and `b` are equal; word at a time, as values are mostly short.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let left = UnsafeRawPointer(a), right = UnsafeRawPointer(b)
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                if left.loadUnaligned(fromByteOffset: i, as: UInt64.self) != right.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            // The last word overlaps the ones compared already.
            return i == n || left.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The `n` < 8 bytes at `p` as a little-endian word, the rest zero.
    @inline(__always)
    static func shortWord(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if UInt(bitPattern: raw) & 4095 <= 4088 {
            // Eight bytes from the value's start stay on its page: keep its own bytes.
            return raw.loadUnaligned(as: UInt64.self) & (UInt64(1) << UInt64(n * 8) &- 1)
        }
        var word: UInt64 = 0
        for i in 0..<n { word |= UInt64(p[i]) << UInt64(i * 8) }
        return word
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
            // The last eight bytes, overlapping the words already mixed in, or a short value.
            let word = n >= 8 ? raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) : shortWord(p, n)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        hash = (hash ^ (hash >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }
}
