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
    /// ISO dates (year first, the only order they can be read in) as days since 1970-01-01;
    /// other dates as written (`TemporalValue.packed`), their order settled when the column is
    /// finished. A column's dates are all ISO or none are (its orders include `.ymd` or not).
    var dates: [Int32] = []
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
            dates.reserveCapacity(rows)
            if state.hasTime { micros.reserveCapacity(rows) }
        case .text: codes.reserveCapacity(rows)
        }
    }

    // MARK: Batches

    /// Adds a batch of cells of a column that is inferred (or forced to text): what
    /// `append(_:_:markers:)` does per cell, in a loop per representation while the cells are of
    /// the column's type as it stands. `work` has room for a value and a hash per cell.
    mutating func append(_ cells: Cells, markers: NullMarkers, scratch: inout ScratchBuffer, work: UnsafeMutableRawPointer) {
        var index = 0
        if state.kind == .text, dictionary.isLarge {
            appendLargeText(cells, markers: markers, scratch: &scratch,
                            hashes: work.bindMemory(to: UInt64.self, capacity: cells.count),
                            into: (work + 8 * cells.count).bindMemory(to: UInt32.self, capacity: cells.count))
            return
        }
        while index < cells.count {
            switch state.kind {
            case .integer:
                index = appendValues(cells, from: index, markers: markers, work: work, into: \.integers) { p, n in
                    guard Self.untrimmed(p, n), case .value(let value) = CSVScalar.parseInteger(p, n, strict: true) else { return nil }
                    return value
                }
            case .decimal:
                index = appendValues(cells, from: index, markers: markers, work: work, into: \.decimals) { p, n in
                    Self.untrimmed(p, n) ? CSVScalar.parseDecimal(p, n, strict: true) : nil
                }
            case .temporal:
                if state.orders == .ymd, !state.hasTime {
                    // `YYYY-MM-DD` dates, for a column of ISO dates.
                    index = appendValues(cells, from: index, markers: markers, work: work, into: \.dates, parse: CSVScalar.parseISODate)
                }
            case .text: index = appendText(cells, from: index, markers: markers, into: work.bindMemory(to: UInt32.self, capacity: cells.count))
            case .empty, .boolean: break
            }
            guard index < cells.count else { return }
            // A cell the loops leave: one at a time.
            let (p, n) = cells.value(index, scratch: &scratch)
            append(p, n, markers: markers)
            index += 1
        }
    }

    /// Whether an unescaped cell that is not empty has no space to trim (then a typed cell is
    /// its own value, or a null marker).
    @inline(__always)
    private static func untrimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        p[0] != CSVScalar.space && p[n - 1] != CSVScalar.space
    }

    /// Values of one type (and nulls) from cell `first` on, up to the first cell that `parse`
    /// does not read, appended to `column`. `work` has room for a value per cell.
    @inline(__always)
    private mutating func appendValues<Value: AdditiveArithmetic>(
        _ cells: Cells, from first: Int, markers: NullMarkers, work: UnsafeMutableRawPointer,
        into column: WritableKeyPath<ColumnBuilder, [Value]>, parse: (UnsafePointer<UInt8>, Int) -> Value?
    ) -> Int {
        let values = work.bindMemory(to: Value.self, capacity: cells.count)
        var index = first
        var count = 0
        while index < cells.count, !cells.escaped[index] {
            let (p, n) = cells[index]
            if n == 0 || (Self.untrimmed(p, n) && markers.matches(p, n)) {
                nulls.append(rows + count)
                values[count] = .zero
            } else {
                guard let value = parse(p, n) else { break }
                values[count] = value
            }
            count += 1
            index += 1
        }
        self[keyPath: column].append(contentsOf: UnsafeBufferPointer(start: values, count: count))
        rows += count
        return index
    }

    /// Text cells from cell `first` on, up to the first escaped one.
    private mutating func appendText(_ cells: Cells, from first: Int, markers: NullMarkers, into codes: UnsafeMutablePointer<UInt32>) -> Int {
        var index = first
        var count = 0
        let storage = dictionary.uniqueStorage()
        while index < cells.count, !cells.escaped[index] {
            let (p, n) = cells[index]
            if markers.matches(p, n) {
                nulls.append(rows + count)
                codes[count] = 0
            } else {
                codes[count] = n <= 16 ? storage.internShort(p, n) : storage.intern(p, n, hash: ByteDictionary.hash(p, n))
            }
            count += 1
            index += 1
        }
        self.codes.append(contentsOf: UnsafeBufferPointer(start: codes, count: count))
        rows += count
        return index
    }

    /// The cells of a text column whose dictionary is too large for the caches: hashed first, then
    /// looked up with the slots and values of the cells ahead prefetched
    /// (`ByteDictionary.lookUpPipelined`).
    private mutating func appendLargeText(
        _ cells: Cells, markers: NullMarkers, scratch: inout ScratchBuffer,
        hashes: UnsafeMutablePointer<UInt64>, into found: UnsafeMutablePointer<UInt32>
    ) {
        for index in 0..<cells.count {
            let (p, n) = cells[index]
            // An escaped cell is hashed once unescaped, below; 0 only prefetches a slot in vain.
            hashes[index] = cells.escaped[index] ? 0 : ByteDictionary.hash(p, n)
        }
        let storage = dictionary.uniqueStorage()
        var nullRows: [Int] = []
        dictionary.lookUpPipelined(hashes, count: cells.count) { index in
            var (p, n) = cells[index]
            var hash = hashes[index]
            if cells.escaped[index] {
                (p, n) = scratch.unescape(p, n)
                hash = ByteDictionary.hash(p, n)
            }
            if markers.matches(p, n) {
                nullRows.append(index)
                found[index] = 0
            } else {
                found[index] = storage.intern(p, n, hash: hash)
            }
        }
        for index in nullRows { nulls.append(rows + index) }
        codes.append(contentsOf: UnsafeBufferPointer(start: found, count: cells.count))
        rows += cells.count
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
        case (.empty, .temporal): dates = [Int32](repeating: 0, count: rows)
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
        dates = []
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
        dates.append(value.orders == .ymd ? CSVScalar.days(packed: value.packed, format: .ymd) : value.packed)
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
            dates.append(0)
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
}
