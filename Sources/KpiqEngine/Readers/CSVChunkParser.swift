/// What every chunk of one file is parsed with.
struct CSVLayout: Sendable {
    let delimiter: UInt8
    let names: [String]
    let forced: [DataType?]
    let allowed: DateOrders
    let markers: NullMarkers
    let skipMalformedRows: Bool
    /// Columns forced to a type other than text: their cells are checked before a row is stored.
    let checkedColumns: [Int]
    /// The other columns.
    let storedColumns: [Int]

    init(delimiter: UInt8, names: [String], forced: [DataType?], options: CSVOptions) {
        self.delimiter = delimiter
        self.names = names
        self.forced = forced
        allowed = DateOrders(allowing: options.dateFormat)
        markers = NullMarkers(options.nullMarkers)
        skipMalformedRows = options.skipMalformedRows
        let checked = forced.indices.filter { forced[$0] != nil && forced[$0] != .text }
        checkedColumns = checked
        storedColumns = forced.indices.filter { !checked.contains($0) }
    }

    var columnCount: Int { names.count }

    func makeBuilders() -> [ColumnBuilder] {
        forced.map { ColumnBuilder(forced: $0, allowed: allowed) }
    }
}

/// A row problem, with its line counted from the start of its chunk.
struct ChunkProblem {
    /// Line breaks between the chunk's start and the problem's line.
    var lineBreaks: Int
    var reason: String
    /// The reason names a column: `line 5, column "x": ...` rather than `line 5: ...`.
    var namesColumn: Bool
}

/// The rows of one part of a file, records starting in `start..<limit`.
final class CSVChunk: @unchecked Sendable {
    let start: Int
    let limit: Int
    var builders: [ColumnBuilder]
    var rowCount = 0
    var skipped: [ChunkProblem] = []
    /// Where the skipped records start, ascending: the rescan leaves out the same records.
    var skippedOffsets: [Int] = []
    /// The first malformed row when rows are not skipped: the parse stopped there.
    var failure: ChunkProblem?
    /// Where the last record ended, and the line breaks from `start` to there.
    var end = 0
    var lineBreaks = 0

    init(start: Int, limit: Int, builders: [ColumnBuilder]) {
        self.start = start
        self.limit = limit
        self.builders = builders
    }
}

/// Parses a chunk of records into column builders.
enum CSVChunkParser {
    static let unclosedQuoteReason = "unclosed quote (the field starting here never ends)"

    /// Parses the records starting in `start..<limit`. Columns are reserved for the rows up to
    /// `expectedEnd` (the first chunk's columns become the whole file's when chunks are joined).
    static func parse(_ bytes: CSVBytes, layout: CSVLayout, start: Int, limit: Int, expectedEnd: Int? = nil) -> CSVChunk {
        let chunk = CSVChunk(start: start, limit: limit, builders: layout.makeBuilders())
        let columnCount = layout.columnCount
        let batch = FieldBatch(columnCount: columnCount)
        // The tokenizer writes each record's fields into the batch's next row.
        let fields = batch.fields
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: layout.delimiter, position: start, fields: fields)
        var scratch = ScratchBuffer()
        defer { scratch.deallocate() }
        let markers = layout.markers
        let checked = layout.checkedColumns
        let stored = layout.storedColumns
        var checkedCells = [CellClass](repeating: .null, count: checked.count)
        var rowCount = 0
        // Parsed bytes of a mapped file are dropped every `releaseStep` (see `CSVBytes.release`).
        let releaseStep = 16 << 20
        var released = start
        var reserved = false
        var reported = start

        /// Records a malformed row; false when that ends the parse.
        func reject(_ problem: ChunkProblem, recordStart: Int) -> Bool {
            guard layout.skipMalformedRows else {
                chunk.failure = problem
                return false
            }
            chunk.skipped.append(problem)
            chunk.skippedOffsets.append(recordStart)
            return true
        }

        chunk.builders.withUnsafeMutableBufferPointer { builders in
            records: while tokenizer.position < limit {
                switch tokenizer.nextRecord() {
                case .end, .blank:
                    break records
                case .unclosedQuote:
                    let lineBreaks = layout.skipMalformedRows ? tokenizer.recordLineBreaks : tokenizer.unclosedFieldLineBreaks
                    let problem = ChunkProblem(lineBreaks: lineBreaks, reason: unclosedQuoteReason, namesColumn: false)
                    guard reject(problem, recordStart: tokenizer.recordStart) else { break records }
                    tokenizer.resumeAfterUnclosedQuote()
                case .record:
                    guard tokenizer.fieldCount == columnCount else {
                        let reason = "expected \(columnCount) fields, found \(tokenizer.fieldCount)"
                        let problem = ChunkProblem(lineBreaks: tokenizer.recordLineBreaks, reason: reason, namesColumn: false)
                        if reject(problem, recordStart: tokenizer.recordStart) { continue } else { break records }
                    }
                    if !checked.isEmpty {
                        var failed = false
                        for (index, column) in checked.enumerated() {
                            let (p, n) = tokenizer.field(column, scratch: &scratch)
                            if let cell = builders[column].parseForced(p, n, markers: markers) {
                                checkedCells[index] = cell
                                continue
                            }
                            let reason = "column \"\(layout.names[column])\": " + builders[column].forcedFailure(p, n)
                            failed = true
                            let problem = ChunkProblem(lineBreaks: tokenizer.recordLineBreaks, reason: reason, namesColumn: true)
                            if !reject(problem, recordStart: tokenizer.recordStart) { break records }
                            break
                        }
                        if failed { continue }
                        for (index, column) in checked.enumerated() { builders[column].store(checkedCells[index]) }
                    }
                    batch.accept()
                    if batch.isFull {
                        batch.flush(bytes, into: builders, columns: stored, markers: markers, scratch: &scratch)
                        if !reserved {
                            // Room for the rows the chunk likely holds, from the length of the first ones,
                            // so that the columns grow without copies.
                            reserved = true
                            let rowLength = max(1, (tokenizer.position - start) / (rowCount + 1))
                            let estimate = (max(expectedEnd ?? limit, limit) - start) / rowLength * 21 / 20
                            for column in 0..<builders.count { builders[column].reserve(estimate) }
                        }
                        if tokenizer.position - released >= releaseStep {
                            bytes.release(released..<tokenizer.recordStart)
                            released = tokenizer.recordStart
                        }
                    }
                    rowCount += 1
                    if rowCount & 0x3FFF == 0 {  // every 16,384 rows: progress, and stop when cancelled
                        reported = LoadProgress.advance(from: reported, to: tokenizer.position, rows: 0x4000)
                        if Cancellation.isRequested { break records }
                    }
                }
            }
            batch.flush(bytes, into: builders, columns: stored, markers: markers, scratch: &scratch)
        }
        chunk.rowCount = rowCount
        chunk.end = tokenizer.position
        chunk.lineBreaks = tokenizer.lineBreaks
        return chunk
    }

    /// Reads again, as text, the rows before `textFrom` of every column that turned text late.
    static func rescan(_ bytes: CSVBytes, layout: CSVLayout, chunk: CSVChunk) {
        let columns = chunk.builders.indices.filter { chunk.builders[$0].textFrom > 0 }
        guard !columns.isEmpty else { return }
        let rowLimit = columns.map { chunk.builders[$0].textFrom }.max()!
        let fields = FieldBounds(capacity: layout.columnCount + 1)
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: layout.delimiter, position: chunk.start, fields: fields)
        var scratch = ScratchBuffer()
        defer { scratch.deallocate() }
        let markers = layout.markers
        var skippedIndex = 0
        var row = 0
        chunk.builders.withUnsafeMutableBufferPointer { builders in
            records: while row < rowLimit {
                switch tokenizer.nextRecord() {
                case .end, .blank:
                    break records
                case .unclosedQuote:
                    skippedIndex += 1
                    tokenizer.resumeAfterUnclosedQuote()
                case .record:
                    if skippedIndex < chunk.skippedOffsets.count, chunk.skippedOffsets[skippedIndex] == tokenizer.recordStart {
                        skippedIndex += 1
                        continue
                    }
                    for column in columns where row < builders[column].textFrom {
                        let (p, n) = tokenizer.field(column, scratch: &scratch)
                        builders[column].rescanned(row: row, p, n, markers: markers)
                    }
                    row += 1
                }
            }
            for column in columns { builders[column].finishRescan() }
        }
    }
}

/// The field bounds of up to `capacity` accepted records, kept so that their cells are stored a
/// column at a time: the loop over one column's cells is short, so the processor overlaps the
/// cache misses of consecutive dictionary lookups, and each builder's state stays in registers.
/// The tokenizer writes each record straight into the next row (`fields`).
final class FieldBatch {
    static let capacity = 1024
    /// Columns lie this far apart: not a power of two, so that the same row of every column does
    /// not fall into the same cache set.
    static let stride = capacity + 40
    let columnCount: Int
    /// Column-major: field `row` of column `column` is at `column * stride + row`, for
    /// `columnCount + 1` columns (the tokenizer keeps one field more, to count them).
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    private let escaped: UnsafeMutablePointer<Bool>
    /// The current record: row `rows`.
    let fields: FieldBounds
    /// Room for one column's values, or hashes and codes, while a batch is stored.
    private let work: UnsafeMutableRawPointer
    private(set) var rows = 0

    init(columnCount: Int) {
        self.columnCount = columnCount
        let size = (columnCount + 1) * Self.stride
        starts = .allocate(capacity: size)
        ends = .allocate(capacity: size)
        escaped = .allocate(capacity: size)
        fields = FieldBounds(capacity: columnCount + 1, stride: Self.stride, starts: starts, ends: ends, escaped: escaped)
        work = .allocate(byteCount: Self.capacity * 16, alignment: 16)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
        work.deallocate()
    }

    var isFull: Bool { rows == Self.capacity }

    /// Keeps the current record: the next one goes into the next row.
    @inline(__always)
    func accept() {
        rows += 1
        fields.moveTo(row: rows)
    }

    /// Appends the kept cells to their builders, column by column, and empties the batch.
    func flush(_ bytes: CSVBytes, into builders: UnsafeMutableBufferPointer<ColumnBuilder>, columns: [Int],
               markers: NullMarkers, scratch: inout ScratchBuffer) {
        defer {
            rows = 0
            fields.moveTo(row: 0)
        }
        guard rows > 0 else { return }
        for column in columns {
            let base = column * Self.stride
            let cells = Cells(bytes: bytes.base, starts: starts + base, ends: ends + base, escaped: escaped + base, count: rows)
            builders[column].append(cells, markers: markers, scratch: &scratch, work: work)
        }
    }
}

/// One column's cells of a `FieldBatch`.
struct Cells {
    let bytes: UnsafePointer<UInt8>
    let starts: UnsafePointer<Int>
    let ends: UnsafePointer<Int>
    /// The cell must be unescaped: `starts..<ends` is the raw text, quotes and all.
    let escaped: UnsafePointer<Bool>
    let count: Int

    /// Cell `index` as written (the raw text when escaped).
    @inline(__always)
    subscript(index: Int) -> (UnsafePointer<UInt8>, Int) {
        let start = starts[index]
        return (bytes + start, ends[index] - start)
    }

    /// Cell `index`, unescaped into `scratch` when it has to be.
    @inline(__always)
    func value(_ index: Int, scratch: inout ScratchBuffer) -> (UnsafePointer<UInt8>, Int) {
        let (p, n) = self[index]
        return escaped[index] ? scratch.unescape(p, n) : (p, n)
    }
}
