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

    /// Makes room for `capacity` rows in the arrays of the current type. (Dictionaries grow as
    /// they go: the first rows of a column of categories are mostly distinct too.)
    mutating func reserve(_ capacity: Int) {
        switch state.kind {
        case .empty: break
        case .integer: integers.reserveCapacity(capacity)
        case .decimal: decimals.reserveCapacity(capacity)
        case .boolean: booleans.reserveCapacity(capacity)
        case .temporal:
            packedDates.reserveCapacity(capacity)
            if state.hasTime { micros.reserveCapacity(capacity) }
        case .text: codes.reserveCapacity(capacity)
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
            preconditionFailure("text parts are joined by finishText")
        }
        rows += other.rows
    }

    // MARK: Finishing

    /// The column made of its chunks' parts, all converted to one state.
    static func finish(_ parts: consuming [ColumnBuilder]) -> ColumnVector {
        if parts[0].state.kind == .text { return finishText(parts) }
        var joined = parts.removeFirst()
        for part in parts { joined.append(contentsOf: part) }
        parts = []
        return joined.finish()
    }

    /// The validity of rows made of `parts`; nil when none is null.
    private static func validity(_ parts: [ColumnBuilder]) -> Bitmap? {
        guard parts.contains(where: { !$0.nulls.isEmpty }) else { return nil }
        var bitmap = Bitmap(count: parts.reduce(0) { $0 + $1.rows }, value: true)
        var offset = 0
        for part in parts {
            for row in part.nulls { bitmap[offset + row] = false }
            offset += part.rows
        }
        return bitmap
    }

    /// The column's values; `.empty` (all null) becomes text. The builder is left empty.
    private mutating func finish() -> ColumnVector {
        let validity = Self.validity([self])
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
            // Converted in place: the packed dates become days, the times of day timestamps.
            let format = state.orders.chosen
            var days: [Int32] = []
            var stamps: [Int64] = []
            swap(&days, &packedDates)
            swap(&stamps, &micros)
            days.withUnsafeMutableBufferPointer { days in
                var lastPacked: Int32 = 0
                var lastDays: Int32 = 0
                for row in days.indices where days[row] != 0 {
                    let packed = days[row]
                    if packed != lastPacked {
                        lastPacked = packed
                        lastDays = CSVScalar.days(packed: packed, format: format)
                    }
                    days[row] = lastDays
                }
                guard state.hasTime else { return }
                stamps.withUnsafeMutableBufferPointer { stamps in
                    for row in days.indices { stamps[row] += Int64(days[row]) * CSVScalar.microsPerDay }
                }
            }
            return ColumnVector(state.hasTime ? .timestamp(stamps) : .date(days), validity: validity)
        case .text:
            return Self.finishText([self])
        }
    }

    /// A text column from its chunks' parts, its dictionary in order of first appearance. Each
    /// part's distinct values are interned once; distinct byte strings can be equal as `String`s
    /// (invalid UTF-8, canonical equivalence), and then share a code.
    private static func finishText(_ parts: [ColumnBuilder]) -> ColumnVector {
        let validity = validity(parts)
        let result = TextDictionary()
        if parts.count == 1, parts[0].appearanceOrdered {
            // Codes in order of appearance stay as they are unless two values merge.
            let part = parts[0]
            var same = true
            for code in 0..<UInt32(part.dictionary.count) where result.intern(part.dictionary.string(code)) != code {
                same = false
                break
            }
            if same { return ColumnVector(.text(part.codes, result), validity: validity) }
            return finishText(parts, into: TextDictionary(), validity: validity)
        }
        return finishText(parts, into: result, validity: validity)
    }

    private static func finishText(_ parts: [ColumnBuilder], into result: TextDictionary, validity: Bitmap?) -> ColumnVector {
        let total = parts.reduce(0) { $0 + $1.rows }
        let codes = [UInt32](unsafeUninitializedCapacity: total) { buffer, count in
            var offset = 0
            for part in parts {
                var remap = [UInt32](repeating: .max, count: part.dictionary.count)
                var nullIndex = 0
                for row in 0..<part.rows {
                    if nullIndex < part.nulls.count, part.nulls[nullIndex] == row {
                        nullIndex += 1
                        buffer[offset + row] = 0
                        continue
                    }
                    let code = Int(part.codes[row])
                    if remap[code] == .max { remap[code] = result.intern(part.dictionary.string(UInt32(code))) }
                    buffer[offset + row] = remap[code]
                }
                offset += part.rows
            }
            count = total
        }
        return ColumnVector(.text(codes, result), validity: validity)
    }
}
