import Dispatch
import Foundation
import KpiqLanguage

/// A many-to-one link: each row of `from` finds at most one row of `to` with an equal key.
///
/// The row mapping is computed once when the link is made (datasets never change after
/// loading) and reused by every query that reaches a column through it.
public struct Link: Sendable {
    public var fromDataset: String
    public var fromColumn: Int
    public var toDataset: String
    public var toColumn: Int
    /// For each row of `from`, the matching row of `to`, or -1.
    public var mapping: [Int32]
    /// Rows of `from` whose key found no row in `to` (null keys included).
    public var unmatchedRows: Int
    public var fromColumnName: String
    public var toColumnName: String

    /// Builds the row mapping of `from.fromColumn -> to.toColumn`.
    static func make(from: Dataset, fromColumn: Int, to: Dataset, toColumn: Int) -> Result<Link, LinkError> {
        LinkBuilder.mapping(from: from.columns[fromColumn].vector, to: to.columns[toColumn].vector).map { built in
            Link(fromDataset: from.name, fromColumn: fromColumn, toDataset: to.name, toColumn: toColumn,
                 mapping: built.mapping, unmatchedRows: built.unmatched,
                 fromColumnName: from.columns[fromColumn].name, toColumnName: to.columns[toColumn].name)
        }
    }

    /// `deals.sales_agent -> teams.sales_agent`, with the names as loaded.
    public var description: String {
        "\(fromDataset).\(fromColumnName) -> \(toDataset).\(toColumnName)"
    }
}

/// Why a link could not be made.
public enum LinkError: Error, Equatable {
    case duplicateKey(value: String, count: Int)
}

enum LinkBuilder {
    /// Maps every row of `from` to the row of `to` with an equal key.
    static func mapping(from: ColumnVector, to: ColumnVector) -> Result<(mapping: [Int32], unmatched: Int), LinkError> {
        if let fast = asciiTextMapping(from: from, to: to) { return .success(fast) }
        var index: [Value: Int32] = [:]
        index.reserveCapacity(to.count)
        for row in 0..<to.count {
            let key = linkKey(to.value(at: row))
            if key.isNull { continue }
            if index[key] != nil {
                let count = (0..<to.count).reduce(0) { $0 + (linkKey(to.value(at: $1)) == key ? 1 : 0) }
                return .failure(.duplicateKey(value: ValueDescription.text(key), count: count))
            }
            index[key] = Int32(row)
        }
        var mapping = [Int32](repeating: -1, count: from.count)
        var unmatched = 0
        if case .text(let codes, let dictionary) = from.data {
            // One lookup per distinct value, not per row.
            let byCode = dictionary.values.map { index[.text($0)] ?? -1 }
            for row in 0..<from.count {
                let target = from.isValid(row) ? byCode[Int(codes[row])] : -1
                mapping[row] = target
                if target < 0 { unmatched += 1 }
            }
        } else {
            for row in 0..<from.count {
                let key = linkKey(from.value(at: row))
                let target = key.isNull ? -1 : (index[key] ?? -1)
                mapping[row] = target
                if target < 0 { unmatched += 1 }
            }
        }
        return .success((mapping, unmatched))
    }

    /// Text to text with ASCII keys (equal as strings exactly when equal as bytes): the target's
    /// distinct values indexed by their bytes, each distinct source value looked up once, and the
    /// rows mapped through a table by code; every step on all cores. nil when it does not apply,
    /// or a key repeats (then the general path reports it).
    private static func asciiTextMapping(from: ColumnVector, to: ColumnVector) -> (mapping: [Int32], unmatched: Int)? {
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

        guard let index = KeyIndex(targetKeys, rowOfKey: rowOfCode, parts: parts) else { return nil }
        let byCode = [Int32](unsafeUninitializedCapacity: sourceKeys.count) { output, initialized in
            let output = UncheckedSendable(output.baseAddress!)
            let step = (sourceKeys.count + parts - 1) / parts
            concurrently(parts, parts) { part in
                let keys = min(part * step, sourceKeys.count)..<min((part + 1) * step, sourceKeys.count)
                index.rows(of: sourceKeys, keys, into: output.value)
            }
            initialized = sourceKeys.count
        }

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
    private static func concurrently(_ threads: Int, _ iterations: Int, _ body: @Sendable (Int) -> Void) {
        if threads <= 1 {
            for iteration in 0..<iterations { body(iteration) }
        } else {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        }
    }

    /// Keys compare by value across integer, decimal and text columns (an id read as
    /// integers in one file and as text in another still links).
    private static func linkKey(_ value: Value) -> Value {
        switch value {
        case .integer(let number): return .text(String(number))
        case .decimal(let number):
            if number == number.rounded(), abs(number) < 1e15 { return .text(String(Int64(number))) }
            return .text(String(number))
        default: return value
        }
    }
}

/// Short text for a value inside a message.
enum ValueDescription {
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .decimal(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .date(let days): return CivilDate.isoString(days: Int(days))
        case .timestamp(let micros): return String(micros)
        case .text(let text): return "\"\(text)\""
        case .period(let grain, let index): return PeriodIndex.label(index, grain: grain)
        }
    }
}

/// The keys of a text dictionary as bytes back to back, when all of them are ASCII.
private final class KeyBytes: @unchecked Sendable {
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let starts: UnsafeMutablePointer<Int>
    let count: Int
    var byteCount: Int { starts[count] }

    init?(_ values: [String]) {
        count = values.count
        var total = 0
        for value in values { total += value.utf8.count }
        bytes = .allocate(capacity: total + 8)
        starts = .allocate(capacity: count + 1)
        var end = 0
        var combined: UInt8 = 0
        for (key, value) in values.enumerated() {
            starts[key] = end
            var value = value
            value.withUTF8 { utf8 in
                for byte in utf8 { combined |= byte }
                if let base = utf8.baseAddress { (bytes + end).initialize(from: base, count: utf8.count) }
                end += utf8.count
            }
        }
        starts[count] = end
        (bytes + end).initialize(repeating: 0, count: 8)
        guard combined < 0x80 else { return nil }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// Key `k` as a pointer and a length, valid while `self` is.
    @inline(__always)
    subscript(key: Int) -> (UnsafePointer<UInt8>, Int) { (UnsafePointer(bytes + starts[key]), starts[key + 1] - starts[key]) }
}

/// The target keys of a link by their bytes: one `ByteDictionary` per part of the hashes, each
/// built on its own thread. A key's part is the low bits of its hash (a dictionary places values
/// by the top bits).
private final class KeyIndex: @unchecked Sendable {
    private let parts: Int
    private let dictionaries: [ByteDictionary]
    /// The target row of each code of each part's dictionary.
    private let rows: [[Int32]]

    /// nil when two keys have the same bytes.
    init?(_ keys: KeyBytes, rowOfKey: [Int32], parts: Int) {
        self.parts = parts
        let hashes = [UInt64](unsafeUninitializedCapacity: keys.count) { hashes, initialized in
            for key in 0..<keys.count {
                let (p, n) = keys[key]
                hashes[key] = ByteDictionary.hash(p, n)
            }
            initialized = keys.count
        }
        var partSizes = [Int](repeating: 0, count: parts)
        for hash in hashes { partSizes[Self.part(hash, parts)] += 1 }
        let counts = partSizes
        let built = Slots<(ByteDictionary, [Int32])?>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var dictionary = ByteDictionary(reservingCapacity: counts[part], bytes: keys.byteCount / parts + 1024)
            var rows: [Int32] = []
            rows.reserveCapacity(counts[part])
            let capacity = FieldBatch.capacity
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { batchHashes in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { batchKeys in
                    var count = 0
                    var distinct = true
                    func flush() {
                        if dictionary.isLarge { dictionary.warm(batchHashes.baseAddress!, count: count) }
                        for index in 0..<count {
                            let (p, n) = keys[batchKeys[index]]
                            // Each key is new, and its code the next.
                            distinct = distinct && dictionary.intern(p, n, hash: batchHashes[index]) == UInt32(rows.count)
                            rows.append(rowOfKey[batchKeys[index]])
                        }
                        count = 0
                    }
                    for key in 0..<keys.count where Self.part(hashes[key], parts) == part {
                        batchHashes[count] = hashes[key]
                        batchKeys[count] = key
                        count += 1
                        if count == capacity { flush() }
                    }
                    flush()
                    built[part] = distinct ? (dictionary, rows) : nil
                }
            }
        }
        guard (0..<parts).allSatisfy({ built[$0]! != nil }) else { return nil }
        dictionaries = (0..<parts).map { built[$0]!!.0 }
        rows = (0..<parts).map { built[$0]!!.1 }
    }

    /// `parts` is a power of two.
    @inline(__always)
    private static func part(_ hash: UInt64, _ parts: Int) -> Int {
        Int(truncatingIfNeeded: hash) & (parts - 1)
    }

    /// Writes to `output[key]` the target row of each of `keys` of `source`, -1 when none.
    func rows(of source: KeyBytes, _ keys: Range<Int>, into output: UnsafeMutablePointer<Int32>) {
        let capacity = FieldBatch.capacity
        let large = dictionaries.contains { $0.isLarge }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { hashes in
            for lower in stride(from: keys.lowerBound, to: keys.upperBound, by: capacity) {
                let batch = lower..<min(lower + capacity, keys.upperBound)
                for key in batch {
                    let (p, n) = source[key]
                    hashes[key - lower] = ByteDictionary.hash(p, n)
                }
                if large {
                    // See `ByteDictionary.warm`.
                    var sink: UInt64 = 0
                    for index in 0..<batch.count {
                        let hash = hashes[index]
                        sink ^= dictionaries[Self.part(hash, parts)].warmSlot(hash)
                    }
                    for index in 0..<batch.count {
                        let hash = hashes[index]
                        sink ^= dictionaries[Self.part(hash, parts)].warmValue(hash)
                    }
                    dictionaries[0].keep(sink)
                }
                for key in batch {
                    let (p, n) = source[key]
                    let hash = hashes[key - lower]
                    let part = Self.part(hash, parts)
                    output[key] = dictionaries[part].code(of: p, n, hash: hash).map { rows[part][Int($0)] } ?? -1
                }
            }
        }
    }
}

/// A value handed to the threads of a `concurrentPerform`, which use it without races.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
