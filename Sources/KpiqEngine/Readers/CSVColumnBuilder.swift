/// One column of one chunk while it is read. Values are stored in the type inferred so far and
/// converted when the type widens (integer → decimal, date → timestamp). When a typed column turns
/// text, the rows before are read again from the bytes (`textFrom`), so every cell keeps its raw text.
struct ColumnBuilder {
    /// The type from `CSVOptions.types`; nil when inferred.
    let forced: DataType?
    /// The date orders the options allow.
    let allowed: DateOrders
    var state = TypeState()
    var rows = 0
    /// Null rows, ascending.
    var nulls: [Int] = []
    /// While `.empty`: some null was only null once trimmed (`"  "`), so it is text if the column is.
    var sawSpaceNull = false

    var integers: [Int64] = []
    var decimals: [Double] = []
    var booleans: [Bool] = []
    /// Dates as written (`TemporalValue.packed`); the order is settled when the column is finished.
    var packedDates: [Int32] = []
    /// Time of day per row, only once some value had one.
    var micros: [Int64] = []
    var codes: [UInt32] = []
    var dictionary = ByteDictionary()

    /// Rows before this one still need their text read (see `CSVChunkParser.rescan`).
    var textFrom = 0
    /// Nulls found by the rescan, ascending.
    private var rescannedNulls: [Int] = []
    /// Codes were handed out in row order, so the dictionary is in order of first appearance.
    var appearanceOrdered = true

    init(forced: DataType?, allowed: DateOrders) {
        self.forced = forced
        self.allowed = allowed
        switch forced {
        case .integer?: state.kind = .integer
        case .decimal?: state.kind = .decimal
        case .boolean?: state.kind = .boolean
        case .date?, .timestamp?:
            state.kind = .temporal
            state.orders = allowed
            state.hasTime = forced == .timestamp
        case .text?: state.kind = .text
        default: break
        }
    }

    /// Makes room for `rows` values in the column's representation as it stands.
    mutating func reserve(_ rows: Int) {
        switch state.kind {
        case .empty: break
        case .integer: integers.reserveCapacity(rows)
        case .decimal: decimals.reserveCapacity(rows)
        case .boolean: booleans.reserveCapacity(rows)
        case .temporal:
            packedDates.reserveCapacity(rows)
            if state.hasTime { micros.reserveCapacity(rows) }
        case .text: codes.reserveCapacity(rows)
        }
    }

    // MARK: Inferred columns (and forced text)

    /// Adds a cell of a column that is inferred (or forced to text).
    @inline(__always)
    mutating func append(_ raw: UnsafePointer<UInt8>, _ rawCount: Int, markers: NullMarkers) {
        if state.kind == .text {
            appendText(raw, rawCount, markers: markers)
            return
        }
        let (p, n) = CSVScalar.trimmed(raw, rawCount)
        if n == 0 || markers.matches(p, n) {
            if state.kind == .empty, !sawSpaceNull, !markers.matches(raw, rawCount) { sawSpaceNull = true }
            appendNull()
            return
        }
        switch state.kind {
        case .integer:
            if case .value(let value) = CSVScalar.parseInteger(p, n, strict: true) {
                integers.append(value)
                rows += 1
                return
            }
        case .decimal:
            if let value = CSVScalar.parseDecimal(p, n, strict: true) {
                decimals.append(value)
                rows += 1
                return
            }
        case .boolean:
            if let value = CSVScalar.parseBoolean(p, n) {
                booleans.append(value)
                rows += 1
                return
            }
        case .temporal:
            if let value = CSVScalar.parseTemporal(p, n), value.orders.isSuperset(of: state.orders),
                state.hasTime || !value.hasTime
            {
                appendTemporal(value)
                return
            }
        case .empty, .text:
            break
        }
        appendWidening(raw, rawCount, p, n, markers: markers)
    }

    /// The slow path: the cell is not of the column's type as it stands.
    private mutating func appendWidening(
        _ raw: UnsafePointer<UInt8>, _ rawCount: Int, _ p: UnsafePointer<UInt8>, _ n: Int, markers: NullMarkers
    ) {
        let cell = TypeState.classify(p, n, allowed: allowed)
        var next = state
        next.absorb(cell)
        convert(to: next)
        if state.kind == .text {
            appendText(raw, rawCount, markers: markers)
            return
        }
        store(cell)
    }

    /// Converts the values so far to the representation of `next`, a state at least as wide.
    mutating func convert(to next: TypeState) {
        if next.kind == .text {
            if state.kind != .text { becomeText() }
            return
        }
        switch (state.kind, next.kind) {
        case (.empty, .integer): integers = [Int64](repeating: 0, count: rows)
        case (.empty, .decimal): decimals = [Double](repeating: 0, count: rows)
        case (.empty, .boolean): booleans = [Bool](repeating: false, count: rows)
        case (.empty, .temporal): packedDates = [Int32](repeating: 0, count: rows)
        case (.integer, .decimal):
            decimals = integers.map(Double.init)
            integers = []
        default: break
        }
        if next.kind == .temporal, next.hasTime, !(state.kind == .temporal && state.hasTime) {
            micros = [Int64](repeating: 0, count: rows)
        }
        state = next
    }

    private mutating func becomeText() {
        if state.kind == .empty && !sawSpaceNull {
            // Every row so far was a null marker as written: null as text too.
            textFrom = 0
        } else {
            textFrom = rows
            nulls.removeAll()
        }
        codes = [UInt32](repeating: 0, count: rows)
        integers = []
        decimals = []
        booleans = []
        packedDates = []
        micros = []
        state = TypeState(kind: .text)
    }

    @inline(__always)
    private mutating func appendText(_ raw: UnsafePointer<UInt8>, _ rawCount: Int, markers: NullMarkers) {
        if markers.matches(raw, rawCount) {
            codes.append(0)
            nulls.append(rows)
        } else {
            codes.append(dictionary.intern(raw, rawCount))
        }
        rows += 1
    }

    /// `appendText` for a column already text, with the cell's `ByteDictionary.hash`.
    @inline(__always)
    mutating func appendText(_ raw: UnsafePointer<UInt8>, _ rawCount: Int, hash: UInt64, markers: NullMarkers) {
        if markers.matches(raw, rawCount) {
            codes.append(0)
            nulls.append(rows)
        } else {
            codes.append(dictionary.intern(raw, rawCount, hash: hash))
        }
        rows += 1
    }

    @inline(__always)
    private mutating func appendTemporal(_ value: TemporalValue) {
        state.orders.formIntersection(value.orders)
        packedDates.append(value.packed)
        if state.hasTime { micros.append(value.micros) }
        rows += 1
    }

    @inline(__always)
    private mutating func appendNull() {
        switch state.kind {
        case .empty: break
        case .integer: integers.append(0)
        case .decimal: decimals.append(0)
        case .boolean: booleans.append(false)
        case .temporal:
            packedDates.append(0)
            if state.hasTime { micros.append(0) }
        case .text: codes.append(0)
        }
        nulls.append(rows)
        rows += 1
    }

    // MARK: Forced columns

    /// Parses a cell of a column forced to a type other than text; nil when it is not of that type.
    /// The row's cells are stored (`store`) only when all its forced cells parse.
    func parseForced(_ raw: UnsafePointer<UInt8>, _ rawCount: Int, markers: NullMarkers) -> CellClass? {
        let (p, n) = CSVScalar.trimmed(raw, rawCount)
        if n == 0 || markers.matches(p, n) { return .null }
        switch forced {
        case .integer?:
            if case .value(let value) = CSVScalar.parseInteger(p, n, strict: false) { return .integer(value) }
        case .decimal?:
            return CSVScalar.parseDecimal(p, n, strict: false).map(CellClass.decimal)
        case .boolean?:
            return CSVScalar.parseBoolean(p, n, lenient: true).map(CellClass.boolean)
        case .date?, .timestamp?:
            guard var value = CSVScalar.parseTemporal(p, n) else { return nil }
            value.orders.formIntersection(state.orders)
            if value.orders.isEmpty { return nil }
            if forced == .date {
                guard value.micros == 0 else { return nil }
                value.hasTime = false
            }
            return .temporal(value)
        default:
            break
        }
        return nil
    }

    /// Stores a cell of the column's type (`.text` is never passed: it is stored from its bytes).
    mutating func store(_ cell: CellClass) {
        switch cell {
        case .null, .text: appendNull()
        case .integer(let value):
            if state.kind == .integer { integers.append(value) } else { decimals.append(Double(value)) }
            rows += 1
        case .decimal(let value):
            decimals.append(value)
            rows += 1
        case .boolean(let value):
            booleans.append(value)
            rows += 1
        case .temporal(let value):
            appendTemporal(value)
        }
    }

    /// Why a cell did not parse as the forced type.
    func forcedFailure(_ raw: UnsafePointer<UInt8>, _ rawCount: Int) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: raw, count: min(rawCount, 80)), as: UTF8.self)
        let shown = rawCount > 80 ? text + "..." : text
        let what: String
        switch forced {
        case .integer?: what = "an integer"
        case .decimal?: what = "a decimal"
        case .boolean?: what = "a boolean"
        case .date?: what = "a date"
        default: what = "a timestamp"
        }
        var reason = "\"\(shown)\" is not \(what)"
        let (p, n) = CSVScalar.trimmed(raw, rawCount)
        if (forced == .date || forced == .timestamp), let value = CSVScalar.parseTemporal(p, n),
            value.orders.intersection(state.orders).isEmpty
        {
            reason += " in the column's date format \(state.orders.chosen.pattern)"
        }
        return reason
    }

    // MARK: Rescan

    /// Sets the text of a row before `textFrom` (rows come in order).
    @inline(__always)
    mutating func rescanned(row: Int, _ raw: UnsafePointer<UInt8>, _ rawCount: Int, markers: NullMarkers) {
        if markers.matches(raw, rawCount) {
            rescannedNulls.append(row)
        } else {
            codes[row] = dictionary.intern(raw, rawCount)
        }
    }

    mutating func finishRescan() {
        if textFrom < rows { appearanceOrdered = false }
        nulls = rescannedNulls + nulls
        rescannedNulls = []
        textFrom = 0
    }

    // MARK: Combining chunks

    /// Appends the rows of `other`, a later chunk of the same column in the same state.
    mutating func append(contentsOf other: ColumnBuilder) {
        let offset = rows
        nulls.append(contentsOf: other.nulls.lazy.map { $0 + offset })
        switch state.kind {
        case .empty: break
        case .integer: integers.append(contentsOf: other.integers)
        case .decimal: decimals.append(contentsOf: other.decimals)
        case .boolean: booleans.append(contentsOf: other.booleans)
        case .temporal:
            packedDates.append(contentsOf: other.packedDates)
            micros.append(contentsOf: other.micros)
        case .text:
            var remap = [UInt32](repeating: 0, count: other.dictionary.count)
            let bytes = other.dictionary.bytes.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: FieldBatch.capacity) { hashes in
                // In batches, warming the table first when it is large (see `ByteDictionary.warm`).
                for batchStart in stride(from: 0, to: remap.count, by: hashes.count) {
                    let batch = batchStart..<min(batchStart + hashes.count, remap.count)
                    for code in batch {
                        let range = other.dictionary.range(of: UInt32(code))
                        hashes[code - batchStart] = ByteDictionary.hash(bytes + range.lowerBound, range.count)
                    }
                    if dictionary.isLarge { dictionary.warm(hashes.baseAddress!, count: batch.count) }
                    for code in batch {
                        let range = other.dictionary.range(of: UInt32(code))
                        remap[code] = dictionary.intern(bytes + range.lowerBound, range.count, hash: hashes[code - batchStart])
                    }
                }
            }
            codes.reserveCapacity(rows + other.rows)
            for code in other.codes { codes.append(remap.isEmpty ? 0 : remap[Int(code)]) }
            for row in other.nulls { codes[row + offset] = 0 }
            appearanceOrdered = appearanceOrdered && other.appearanceOrdered
        }
        rows += other.rows
    }

    // MARK: Finishing

    /// The column's values; `.empty` (all null) becomes text.
    func finish() -> ColumnVector {
        var validity: Bitmap?
        if !nulls.isEmpty {
            var bitmap = Bitmap(count: rows, value: true)
            for row in nulls { bitmap[row] = false }
            validity = bitmap
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
            let format = state.orders.chosen
            let days = [Int32](unsafeUninitializedCapacity: rows) { buffer, count in
                for row in 0..<rows {
                    let packed = packedDates[row]
                    buffer[row] = packed == 0 ? 0 : CSVScalar.days(packed: packed, format: format)
                }
                count = rows
            }
            guard state.hasTime else { return ColumnVector(.date(days), validity: validity) }
            let stamps = [Int64](unsafeUninitializedCapacity: rows) { buffer, count in
                for row in 0..<rows { buffer[row] = Int64(days[row]) * CSVScalar.microsPerDay + micros[row] }
                count = rows
            }
            return ColumnVector(.timestamp(stamps), validity: validity)
        case .text:
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
