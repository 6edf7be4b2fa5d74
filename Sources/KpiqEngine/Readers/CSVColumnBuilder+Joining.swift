/// Joining a column's chunks (`append(contentsOf:last:)`), and finishing the joined column into
/// a `ColumnVector`.
extension ColumnBuilder {
    // MARK: Combining chunks

    /// Appends the rows of `other`, a later chunk of the same column in the same state. `last`:
    /// no chunk follows, so `other`'s new text values need no place in the dictionary's table
    /// (see `ByteDictionary.Storage.codeOrAppend`).
    mutating func append(contentsOf other: ColumnBuilder, last: Bool = false) {
        let offset = rows
        nulls.append(contentsOf: other.nulls.lazy.map { $0 + offset })
        switch state.kind {
        case .empty: break
        case .integer: integers.append(contentsOf: other.integers)
        case .decimal: decimals.append(contentsOf: other.decimals)
        case .boolean: booleans.append(contentsOf: other.booleans)
        case .temporal:
            dates.append(contentsOf: other.dates)
            micros.append(contentsOf: other.micros)
        case .text:
            var remap = [UInt32](repeating: 0, count: other.dictionary.count)
            let bytes = other.dictionary.bytes.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: FieldBatch.capacity) { hashes in
                // In batches, prefetching ahead (see `ByteDictionary.lookUpPipelined`).
                for batchStart in stride(from: 0, to: remap.count, by: hashes.count) {
                    let batch = batchStart..<min(batchStart + hashes.count, remap.count)
                    for code in batch {
                        let range = other.dictionary.range(of: UInt32(code))
                        hashes[code - batchStart] = ByteDictionary.hash(bytes + range.lowerBound, range.count)
                    }
                    var found = [UInt32](repeating: 0, count: batch.count)
                    let storage = last ? dictionary.storageForAppending() : dictionary.uniqueStorage()
                    dictionary.lookUpPipelined(hashes.baseAddress!, count: batch.count) { index in
                        let range = other.dictionary.range(of: UInt32(batchStart + index))
                        let p = bytes + range.lowerBound, hash = hashes[index]
                        found[index] = last ? storage.codeOrAppend(p, range.count, hash: hash) : storage.intern(p, range.count, hash: hash)
                    }
                    for index in 0..<batch.count { remap[batchStart + index] = found[index] }
                }
            }
            // Through a buffer, without a check per code (nulls have code 0, which may not be in `remap`).
            let count = other.codes.count
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: FieldBatch.capacity) { buffer in
                other.codes.withUnsafeBufferPointer { source in
                    remap.withUnsafeBufferPointer { remap in
                        var nullIndex = 0
                        for lower in stride(from: 0, to: count, by: buffer.count) {
                            let upper = min(lower + buffer.count, count)
                            if remap.isEmpty {
                                for row in lower..<upper { buffer[row - lower] = 0 }
                            } else {
                                for row in lower..<upper { buffer[row - lower] = remap[Int(source[row])] }
                            }
                            while nullIndex < other.nulls.count, other.nulls[nullIndex] < upper {
                                buffer[other.nulls[nullIndex] - lower] = 0
                                nullIndex += 1
                            }
                            codes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<upper - lower]))
                        }
                    }
                }
            }
            appearanceOrdered = appearanceOrdered && other.appearanceOrdered
        }
        rows += other.rows
    }

    // MARK: Finishing

    /// For a text column whose dictionary stands as it is (see `finishText`) and is large: its
    /// strings to make in `parts`, so that `finish(strings:)` need not.
    func dictionaryStrings(parts: Int) -> DictionaryStrings? {
        guard state.kind == .text, appearanceOrdered, dictionary.count >= 1 << 16, parts > 1, dictionary.isASCII else { return nil }
        return DictionaryStrings(dictionary, parts: parts)
    }

    /// The column's values; `.empty` (all null) becomes text. `strings` are those of the
    /// dictionary, made by `dictionaryStrings`.
    func finish(strings: [String]? = nil) -> ColumnVector {
        var validity: Bitmap?
        if !nulls.isEmpty {
            var words = [UInt64](repeating: ~0, count: (rows + 63) >> 6)
            words.withUnsafeMutableBufferPointer { words in
                for row in nulls { words[row >> 6] &= ~(1 << UInt64(row & 63)) }
            }
            validity = Bitmap(words: words, count: rows)
        }
        switch state.kind {
        case .empty:
            return ColumnVector(.text([UInt32](repeating: 0, count: rows), TextDictionary()), validity: validity)
        case .integer:
            return ColumnVector(.integer(integers), validity: validity)
        case .decimal:
            return ColumnVector(.decimal(decimals), validity: validity)
        case .boolean:
            return ColumnVector(.boolean(booleans), validity: validity)
        case .temporal:
            var days = dates
            if !state.orders.contains(.ymd) {
                // Dates as written, in the order the column settled on.
                let format = state.orders.chosen
                days.withUnsafeMutableBufferPointer { days in
                    for row in 0..<days.count where days[row] != 0 {
                        days[row] = CSVScalar.days(packed: days[row], format: format)
                    }
                }
            }
            guard state.hasTime else { return ColumnVector(.date(days), validity: validity) }
            let stamps = [Int64](unsafeUninitializedCapacity: rows) { buffer, count in
                for row in 0..<rows { buffer[row] = Int64(days[row]) * CSVScalar.microsPerDay + micros[row] }
                count = rows
            }
            return ColumnVector(.timestamp(stamps), validity: validity)
        case .text:
            if let strings { return ColumnVector(.text(codes, TextDictionary(distinct: strings)), validity: validity) }
            let (finalCodes, textDictionary) = finishText()
            return ColumnVector(.text(finalCodes, textDictionary), validity: validity)
        }
    }

    /// The codes and dictionary of a text column, in order of first appearance. Distinct byte
    /// strings can be equal as `String`s (invalid UTF-8, canonical equivalence): they share a code.
    private func finishText() -> ([UInt32], TextDictionary) {
        if appearanceOrdered, dictionary.isASCII {
            // Distinct ASCII byte strings are distinct strings: the codes stand as they are.
            return (codes, TextDictionary(distinct: (0..<UInt32(dictionary.count)).map(dictionary.string)))
        }
        let result = TextDictionary()
        if appearanceOrdered {
            var remap: [UInt32]?
            for code in 0..<UInt32(dictionary.count) {
                let final = result.intern(dictionary.string(code))
                if remap == nil, final != code { remap = Array(0..<code) }
                remap?.append(final)
            }
            guard let remap else { return (codes, result) }
            var remapped = codes.map { remap[Int($0)] }
            for row in nulls { remapped[row] = 0 }
            return (remapped, result)
        }
        var remap = [UInt32](repeating: .max, count: dictionary.count)
        var remapped = codes
        var nullIndex = 0
        for row in 0..<rows {
            if nullIndex < nulls.count, nulls[nullIndex] == row {
                nullIndex += 1
                remapped[row] = 0
                continue
            }
            let code = Int(codes[row])
            if remap[code] == .max { remap[code] = result.intern(dictionary.string(UInt32(code))) }
            remapped[row] = remap[code]
        }
        return (remapped, result)
    }
}
