import Dispatch
import Foundation

/// The join machinery behind `LinkBuilder` for text keys: the ASCII fast path, which finds each
/// source value among the target values by its bytes (`KeyJoin`).
extension LinkBuilder {
    /// Text to text with ASCII keys (equal as strings exactly when equal as bytes): the target's
    /// distinct values indexed by their bytes, each distinct source value looked up once, and the
    /// rows mapped through a table by code; every step on all cores. nil when it does not apply,
    /// or a key repeats (then the general path reports it).
    static func asciiTextMapping(from: ColumnVector, to: ColumnVector) -> (mapping: [Int32], unmatched: Int)? {
        guard case .text(let fromCodes, let fromDictionary) = from.data, case .text(let toCodes, let toDictionary) = to.data
        else { return nil }
        let large = from.count >= 1 << 20 || fromDictionary.count + toDictionary.count >= 1 << 16
        // A power of two, so that a hash's part is a mask of its bits.
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let parts = large ? 1 << (Int.bitWidth - 1 - cores.leadingZeroBitCount) : 1

        let keySets = Slots<KeyBytes>(count: 2)
        concurrently(large ? 2 : 1, 2) { side in keySets[side] = KeyBytes(side == 0 ? toDictionary.values : fromDictionary.values) }
        guard let targetKeys = keySets[0], let sourceKeys = keySets[1] else { return nil }

        var rowOfCode = [Int32](repeating: -1, count: toDictionary.count)
        let repeated = rowOfCode.withUnsafeMutableBufferPointer { rowOfCode in
            toCodes.withUnsafeBufferPointer { codes in
                withValidityWords(to.validity) { words in
                    for row in 0..<codes.count where words.map({ Bitmap.test($0, row) }) ?? true {
                        let code = Int(codes[row])
                        if rowOfCode[code] >= 0 { return true }
                        rowOfCode[code] = Int32(row)
                    }
                    return false
                }
            }
        }
        if repeated { return nil }
        let rows = from.count
        // Without values, no row of `from` is valid.
        if sourceKeys.count == 0 { return ([Int32](repeating: -1, count: rows), rows) }

        guard let byCode = KeyJoin.rows(of: sourceKeys, in: targetKeys, rowOfKey: rowOfCode, threads: large ? parts : 1)
        else { return nil }

        let mappingParts = rows >= 1 << 20 ? parts : 1
        let unmatchedByPart = Slots<Int>(count: mappingParts)
        let mapping = [Int32](unsafeUninitializedCapacity: rows) { output, initialized in
            let output = UncheckedSendable(output.baseAddress!)
            fromCodes.withUnsafeBufferPointer { codes in
                byCode.withUnsafeBufferPointer { byCode in
                    withValidityWords(from.validity) { words in
                        let codes = UncheckedSendable(codes.baseAddress), byCode = UncheckedSendable(byCode.baseAddress)
                        let words = UncheckedSendable(words)
                        // Parts of whole validity words, so that no two threads share one.
                        let step = (rows / mappingParts + 63) & ~63
                        concurrently(mappingParts, mappingParts) { part in
                            let lower = min(part * step, rows), upper = part == mappingParts - 1 ? rows : min(lower + step, rows)
                            let codes = codes.value!, byCode = byCode.value!, output = output.value
                            var unmatched = 0
                            if let words = words.value {
                                for row in lower..<upper {
                                    let target = Bitmap.test(words, row) ? byCode[Int(codes[row])] : -1
                                    output[row] = target
                                    unmatched &+= target < 0 ? 1 : 0
                                }
                            } else {
                                for row in lower..<upper {
                                    let target = byCode[Int(codes[row])]
                                    output[row] = target
                                    unmatched &+= target < 0 ? 1 : 0
                                }
                            }
                            unmatchedByPart[part] = unmatched
                        }
                    }
                }
            }
            initialized = rows
        }
        return (mapping, (0..<mappingParts).reduce(0) { $0 + unmatchedByPart[$1]! })
    }

    /// Runs `body(0..<iterations)`, on up to `threads` threads.
    fileprivate static func concurrently(_ threads: Int, _ iterations: Int, _ body: @Sendable (Int) -> Void) {
        if threads <= 1 {
            for iteration in 0..<iterations { body(iteration) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }
}

/// Finds each source key among the target keys by its bytes, as a radix-partitioned hash join:
/// both sides hashed, the keys put in order of their hashes' top bits into parts of about 1,024
/// target keys, and each part joined through a table small enough for the core's cache, the parts
/// shared out among threads. Where a lookup in one table over all target keys waits on a cache
/// miss or two for every key, this reads and writes memory in order except for comparing the
/// bytes of keys whose hashes match.
private enum KeyJoin {
    /// Slots of a table for `keys` keys: a power of two, at least 16, at most half full.
    static func tableSlots(for keys: Int) -> Int {
        var slots = 16
        while slots < 2 * keys { slots *= 2 }
        return slots
    }

    /// The target row of each source key, -1 when it has none; nil when two target keys have the
    /// same bytes.
    static func rows(of source: KeyBytes, in target: KeyBytes, rowOfKey: [Int32], threads: Int) -> [Int32]? {
        var bits = 0
        while target.count >> (bits + 10) > 0, bits < 16 { bits += 1 }
        let sides = Slots<Partitioned>(count: 2)
        let both = bits
        LinkBuilder.concurrently(threads > 1 ? 2 : 1, 2) { side in sides[side] = Partitioned(side == 0 ? target : source, bits: both) }
        let targets = sides[0]!, sources = sides[1]!
        let parts = 1 << bits
        var largest = 0
        for part in 0..<parts { largest = max(largest, targets.range(part).count) }
        let tableSize = tableSlots(for: largest)
        let workers = max(1, min(threads, parts))
        let failed = Slots<Bool>(count: workers)
        let result = [Int32](unsafeUninitializedCapacity: source.count) { output, initialized in
            let output = UncheckedSendable(output.baseAddress!)
            rowOfKey.withUnsafeBufferPointer { rowOfKey in
                let rowOfKey = UncheckedSendable(rowOfKey.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    // Each worker's table: the target key + 1 of a slot (0 when empty), and its hash.
                    let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: tableSize)
                    let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: tableSize)
                    defer {
                        keys.deallocate()
                        hashes.deallocate()
                    }
                    for part in Swift.stride(from: worker, to: parts, by: workers) {
                        let targetRange = targets.range(part)
                        let size = tableSlots(for: targetRange.count)
                        let mask = size - 1
                        keys.update(repeating: 0, count: size)
                        for entry in targetRange {
                            let hash = targets.entries[entry].hash
                            var slot = Int(truncatingIfNeeded: hash) & mask
                            while keys[slot] != 0 {
                                if hashes[slot] == hash, targets.equal(Int(keys[slot]) - 1, targets, entry) {
                                    failed[worker] = true
                                    return
                                }
                                slot = (slot + 1) & mask
                            }
                            keys[slot] = UInt32(entry + 1)
                            hashes[slot] = hash
                        }
                        for entry in sources.range(part) {
                            let hash = sources.entries[entry].hash
                            var slot = Int(truncatingIfNeeded: hash) & mask
                            var row: Int32 = -1
                            while keys[slot] != 0 {
                                if hashes[slot] == hash, sources.equal(entry, targets, Int(keys[slot]) - 1) {
                                    row = rowOfKey.value[Int(targets.entries[Int(keys[slot]) - 1].key)]
                                    break
                                }
                                slot = (slot + 1) & mask
                            }
                            output.value[Int(sources.entries[entry].key)] = row
                        }
                    }
                }
            }
            initialized = source.count
        }
        return (0..<workers).contains { failed[$0] == true } ? nil : result
    }

    /// A key with its hash, length and first and last eight bytes (which are the whole of a key
    /// of up to 16 bytes).
    struct Entry {
        var hash: UInt64
        var first: UInt64
        var last: UInt64
        var key: UInt32
        var length: UInt32
    }

    /// Keys in order of their hash's top `bits` (a counting sort).
    final class Partitioned: @unchecked Sendable {
        let source: KeyBytes
        let entries: UnsafeMutablePointer<Entry>
        /// Part `p` is `starts[p]..<starts[p + 1]`.
        private let starts: [Int]

        init(_ source: KeyBytes, bits: Int) {
            self.source = source
            let count = source.count
            let all = UnsafeMutablePointer<UInt64>.allocate(capacity: max(count, 1))
            defer { all.deallocate() }
            for key in 0..<count {
                let (p, n) = source[key]
                all[key] = ByteDictionary.hash(p, n)
            }
            let shift = UInt64(64 - bits)
            @inline(__always) func part(_ hash: UInt64) -> Int { bits == 0 ? 0 : Int(truncatingIfNeeded: hash >> shift) }
            var starts = [Int](repeating: 0, count: (1 << bits) + 1)
            for key in 0..<count { starts[part(all[key]) + 1] += 1 }
            for index in 0..<(1 << bits) { starts[index + 1] += starts[index] }
            entries = .allocate(capacity: max(count, 1))
            var next = starts
            for key in 0..<count {
                let hash = all[key]
                let place = next[part(hash)]
                next[part(hash)] = place + 1
                let (p, n) = source[key]
                // KeyBytes ends in eight spare bytes: every key can be read a word at a time.
                let raw = UnsafeRawPointer(p)
                let word = raw.loadUnaligned(as: UInt64.self)
                (entries + place).initialize(to: Entry(
                    hash: hash, first: n >= 8 ? word : word & (UInt64(1) << UInt64(n * 8) &- 1),
                    last: n >= 8 ? raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) : 0,
                    key: UInt32(key), length: UInt32(n)))
            }
            self.starts = starts
        }

        deinit { entries.deallocate() }

        /// Whether entry `i` has the bytes of entry `j` of `other`.
        @inline(__always)
        func equal(_ i: Int, _ other: Partitioned, _ j: Int) -> Bool {
            let a = entries[i], b = other.entries[j]
            guard a.length == b.length, a.first == b.first, a.last == b.last else { return false }
            if a.length <= 16 { return true }
            let (p, n) = source[Int(a.key)], (q, _) = other.source[Int(b.key)]
            return ByteDictionary.equal(p, q, n)
        }

        func range(_ part: Int) -> Range<Int> { starts[part]..<starts[part + 1] }
    }
}

/// A value handed to the threads of a `concurrentPerform`, which use it without races.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
