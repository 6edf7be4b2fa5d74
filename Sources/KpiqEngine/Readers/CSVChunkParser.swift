/// What every chunk of one file is parsed with.
struct CSVLayout: Sendable {
    let delimiter: UInt8
    /// Where the rows start (after the header).
    let bodyStart: Int
    let names: [String]
    let forced: [DataType?]
    let allowed: DateOrders
    let markers: NullMarkers
    let skipMalformedRows: Bool
    /// Columns forced to a type other than text: their cells are checked before a row is stored.
    let checkedColumns: [Int]
    /// The other columns.
    let storedColumns: [Int]

    init(delimiter: UInt8, names: [String], forced: [DataType?], bodyStart: Int, options: CSVOptions) {
        self.delimiter = delimiter
        self.bodyStart = bodyStart
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

    static func parse(_ bytes: CSVBytes, layout: CSVLayout, start: Int, limit: Int) -> CSVChunk {
        let chunk = CSVChunk(start: start, limit: limit, builders: layout.makeBuilders())
        let columnCount = layout.columnCount
        let fields = FieldBounds(capacity: columnCount + 1)
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: layout.delimiter, position: start, fields: fields)
        var scratch = ScratchBuffer()
        defer { scratch.deallocate() }
        let markers = layout.markers
        let checked = layout.checkedColumns
        let stored = layout.storedColumns
        var checkedCells = [CellClass](repeating: .null, count: checked.count)
        var rowCount = 0
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
                    for column in stored {
                        let (p, n) = tokenizer.field(column, scratch: &scratch)
                        builders[column].append(p, n, markers: markers)
                    }
                    rowCount += 1
                    if rowCount == 1024 {
                        // Size the arrays for the whole chunk, from the bytes per row so far; the
                        // first chunk's for the whole file, as the other chunks are appended to it.
                        let bytesLeft = start == layout.bodyStart ? bytes.count - start : limit - start
                        let estimate = Double(bytesLeft) / Double(tokenizer.position - start) * 1.05 * 1024
                        let capacity = Int(min(estimate, 1e10)) + 1024
                        for column in 0..<columnCount { builders[column].reserve(capacity) }
                    }
                    if rowCount & 0x3FFF == 0 {  // every 16,384 rows: progress, and stop when cancelled
                        reported = LoadProgress.advance(from: reported, to: tokenizer.position, rows: 0x4000)
                        if Cancellation.isRequested { break records }
                    }
                }
            }
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
