#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Reads CSV files into columns: RFC 4180 with detection of the delimiter, the header and each
/// column's type over all rows. Large files are parsed in chunks on all cores.
public enum CSVReader {
    /// Bodies at least this large are split into one chunk per core.
    static let parallelThreshold = 4 * 1024 * 1024

    public static func read(path: String, options: CSVOptions) throws(CSVError) -> LoadedTable {
        MemoryTuning.forLoading()
        if let mapped = try MappedFile(path: path) {
            defer { mapped.unmap() }
            return try load(mapped.bytes, options: options, chunkCount: nil)
        }
        let bytes = try readFile(path)
        return try read(bytes: bytes, options: options)
    }

    public static func read(bytes: [UInt8], options: CSVOptions) throws(CSVError) -> LoadedTable {
        try read(bytes: bytes, options: options, chunkCount: nil)
    }

    /// With `chunkCount` (for tests), read in exactly that many chunks, whatever the size.
    static func read(bytes: [UInt8], options: CSVOptions, chunkCount: Int?) throws(CSVError) -> LoadedTable {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) in try load(CSVBytes(buffer), options: options, chunkCount: chunkCount) }
        }
        return try result.get()
    }

    // MARK: Files

    static func readFile(_ path: String) throws(CSVError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(path, errno) }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw CSVError(message: "cannot open \"\(path)\": it is a directory", hint: "give the path of a CSV file")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw openError(path, errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        var failure: Int32 = 0
        while failure == 0 {
            // Read until end of file: the size may have changed, and pipes have none.
            var reachedEnd = false
            let part = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = 0
                while count < capacity {
                    let got = Glibc.read(descriptor, buffer.baseAddress! + count, capacity - count)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if got == 0 {
                        reachedEnd = true
                        return
                    }
                    count += got
                }
            }
            if bytes.isEmpty { bytes = part } else { bytes.append(contentsOf: part) }
            if reachedEnd { break }
            capacity = max(capacity, 1 << 20)
        }
        if failure != 0 {
            throw CSVError(message: "cannot read \"\(path)\": \(String(cString: strerror(failure)))")
        }
        return bytes
    }

    static func openError(_ path: String, _ code: Int32) -> CSVError {
        switch code {
        case ENOENT, ENOTDIR:
            return CSVError(message: "cannot open \"\(path)\": no such file", hint: "check the path; it is relative to the current directory")
        case EACCES, EPERM:
            return CSVError(message: "cannot open \"\(path)\": permission denied")
        default:
            return CSVError(message: "cannot open \"\(path)\": \(String(cString: strerror(code)))")
        }
    }

    // MARK: Loading

    static func load(_ bytes: CSVBytes, options: CSVOptions, chunkCount requestedChunks: Int?) throws(CSVError) -> LoadedTable {
        LoadProgress.begin(bytes: bytes.count)
        var start = 0
        if bytes.count >= 3, bytes.base[0] == 0xEF, bytes.base[1] == 0xBB, bytes.base[2] == 0xBF { start = 3 }
        let delimiter = options.delimiter ?? CSVDetection.delimiter(bytes, start: start)

        // The first record: the header, or the first row.
        let firstFields = FieldBounds(capacity: 1 << 16)
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, position: start, fields: firstFields)
        switch tokenizer.nextRecord() {
        case .end:
            throw CSVError(message: "file is empty")
        case .unclosedQuote:
            let line = tokenizer.unclosedFieldLineBreaks + 1
            throw CSVError(message: "line \(line): \(CSVChunkParser.unclosedQuoteReason)", line: line, hint: "a field that starts with \" ends at the next \" that is not doubled")
        case .record, .blank:
            break
        }
        let columnCount = tokenizer.fieldCount
        guard columnCount <= firstFields.capacity else {
            throw CSVError(message: "line \(tokenizer.recordLineBreaks + 1): \(columnCount) fields are more than the \(firstFields.capacity) columns a table can have", line: tokenizer.recordLineBreaks + 1)
        }
        var scratch = ScratchBuffer()
        let firstRow = (0..<columnCount).map { column in
            let (p, n) = tokenizer.field(column, scratch: &scratch)
            return Array(UnsafeBufferPointer(start: p, count: n))
        }
        scratch.deallocate()

        let detectionLayout = CSVLayout(
            delimiter: delimiter, names: firstRow.indices.map { "column\($0 + 1)" },
            forced: [DataType?](repeating: nil, count: columnCount), options: options)
        let hasHeader = options.header ?? CSVDetection.hasHeader(bytes, firstRow: firstRow, bodyStart: tokenizer.position, layout: detectionLayout)
        let names = hasHeader ? columnNames(firstRow) : detectionLayout.names
        let bodyStart = hasHeader ? tokenizer.position : tokenizer.recordStart
        let bodyLineBreaks = hasHeader ? tokenizer.lineBreaks : tokenizer.recordLineBreaks

        var forced = [DataType?](repeating: nil, count: columnCount)
        for (name, type) in options.types.sorted(by: { $0.key < $1.key }) {
            guard let column = names.firstIndex(of: name) else {
                let shown = names.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
                throw CSVError(message: "types: the file has no column \"\(name)\"", hint: "its columns are \(shown)\(names.count > 20 ? ", ..." : "")")
            }
            switch type {
            case .integer, .decimal, .boolean, .date, .timestamp, .text: forced[column] = type
            case .period, .null: throw CSVError(message: "types: column \"\(name)\" cannot be read as \(type)", hint: "use integer, decimal, boolean, date, timestamp or text")
            }
        }
        let layout = CSVLayout(delimiter: delimiter, names: names, forced: forced, options: options)

        var chunks = try parseBody(bytes, layout: layout, bodyStart: bodyStart, lineBreaksBefore: bodyLineBreaks, chunkCount: requestedChunks)
        if chunks.count > 1, forcedDatesDisagree(chunks, layout: layout) {
            // Each chunk read a forced date column in a different order: read again in one pass,
            // which fails (or skips) at the first row that does not fit.
            chunks = try parseBody(bytes, layout: layout, bodyStart: bodyStart, lineBreaksBefore: bodyLineBreaks, chunkCount: 1)
        }
        var skippedRows: [SkippedRow] = []
        var lineBreaks = bodyLineBreaks
        var rowCount = 0
        for chunk in chunks {
            skippedRows += chunk.skipped.map { SkippedRow(line: lineBreaks + $0.lineBreaks + 1, reason: $0.reason) }
            lineBreaks += chunk.lineBreaks
            rowCount += chunk.rowCount
        }
        let columns = try buildColumns(bytes, layout: layout, chunks: chunks)
        return LoadedTable(columns: columns, rowCount: rowCount, skippedRows: skippedRows, delimiter: delimiter, hasHeader: hasHeader)
    }

    /// Header cells as column names: empty ones become `columnN`, repeated ones `name_2`, `name_3`.
    static func columnNames(_ cells: [[UInt8]]) -> [String] {
        var names: [String] = []
        var used = Set<String>()
        for (index, cell) in cells.enumerated() {
            var name = String(decoding: cell, as: UTF8.self)
            if name.isEmpty { name = "column\(index + 1)" }
            if used.contains(name) {
                var suffix = 2
                while used.contains("\(name)_\(suffix)") { suffix += 1 }
                name = "\(name)_\(suffix)"
            }
            used.insert(name)
            names.append(name)
        }
        return names
    }

    /// Parses the records after the header, in chunks on all cores when the body is large. A chunk
    /// starts after a line feed and is parsed before it is known whether that line feed ends a
    /// record (it may be inside a quoted field): a chunk whose predecessor did not end exactly at
    /// its start is parsed again from where the predecessor ended.
    private static func parseBody(
        _ bytes: CSVBytes, layout: CSVLayout, bodyStart: Int, lineBreaksBefore: Int, chunkCount requested: Int?
    ) throws(CSVError) -> [CSVChunk] {
        let bodySize = bytes.count - bodyStart
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let chunkCount = max(1, requested ?? (bodySize >= parallelThreshold ? min(cores, 16) : 1))
        var bounds = [bodyStart]
        for index in 1..<max(chunkCount, 1) {
            var split = max(bodyStart + bodySize / chunkCount * index, bounds.last!)
            while split < bytes.count, bytes.base[split] != CSVTokenizer.lineFeed { split += 1 }
            bounds.append(min(split + 1, bytes.count))
        }
        bounds.append(bytes.count)
        let chunkBounds = bounds

        let speculative = Slots<CSVChunk>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
            speculative[index] = CSVChunkParser.parse(
                bytes, layout: layout, start: chunkBounds[index], limit: chunkBounds[index + 1],
                expectedEnd: index == 0 ? bytes.count : nil)
        }
        if Cancellation.isRequested { throw CSVError(message: Cancellation.message) }

        var chunks: [CSVChunk] = []
        var position = bodyStart
        var lineBreaks = lineBreaksBefore
        for index in 0..<chunkCount {
            let limit = bounds[index + 1]
            guard position < limit || (index == 0 && position == limit) else { continue }
            var chunk = speculative[index]!
            if chunk.start != position {
                chunk = CSVChunkParser.parse(bytes, layout: layout, start: position, limit: limit)
            }
            if let failure = chunk.failure {
                throw malformedRowError(failure, lineBreaksBefore: lineBreaks, layout: layout)
            }
            chunks.append(chunk)
            position = chunk.end
            lineBreaks += chunk.lineBreaks
        }
        return chunks
    }

    private static func malformedRowError(_ problem: ChunkProblem, lineBreaksBefore: Int, layout: CSVLayout) -> CSVError {
        let line = lineBreaksBefore + problem.lineBreaks + 1
        let hint = problem.namesColumn
            ? "fix the value, leave the column's type to be inferred, or add with (on_error = skip) to skip such rows"
            : "add with (on_error = skip) to skip malformed rows"
        return CSVError(message: "line \(line)\(problem.namesColumn ? ", " : ": ")\(problem.reason)", line: line, hint: hint)
    }

    /// Whether the chunks settled a column forced to date or timestamp on different date orders.
    private static func forcedDatesDisagree(_ chunks: [CSVChunk], layout: CSVLayout) -> Bool {
        layout.checkedColumns.contains { column in
            var state = TypeState()
            for chunk in chunks { state.absorb(chunk.builders[column].state) }
            return state.kind == .text
        }
    }

    /// Settles each column's type over all chunks, reads again as text what has to be, and joins
    /// the chunks' values.
    private static func buildColumns(_ bytes: CSVBytes, layout: CSVLayout, chunks: [CSVChunk]) throws(CSVError) -> [Column] {
        let columnCount = layout.columnCount
        for column in 0..<columnCount {
            var state = TypeState()
            for chunk in chunks { state.absorb(chunk.builders[column].state) }
            if state.kind == .empty { state = TypeState(kind: .text) }
            for chunk in chunks { chunk.builders[column].convert(to: state) }
        }
        if Cancellation.isRequested { throw CSVError(message: Cancellation.message) }
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            CSVChunkParser.rescan(bytes, layout: layout, chunk: chunks[index])
        }
        // Hand each column's parts over, so that joining them does not copy.
        var parts = [[ColumnBuilder]](repeating: [], count: columnCount)
        for chunk in chunks {
            for (column, builder) in chunk.builders.enumerated() { parts[column].append(builder) }
            chunk.builders = []
        }
        let columnParts = Slots<[ColumnBuilder]>(count: columnCount)
        for (column, part) in parts.enumerated() { columnParts[column] = part }
        parts = []
        let joined = Slots<ColumnBuilder>(count: columnCount)
        DispatchQueue.concurrentPerform(iterations: columnCount) { column in
            var builders = columnParts.take(column)!
            var first = builders.removeFirst()
            for (index, part) in builders.enumerated() { first.append(contentsOf: part, last: index == builders.count - 1) }
            builders = []
            joined[column] = first
        }
        // The strings of large dictionaries are made in parts, side by side with finishing the
        // other columns, so that no one column keeps a core busy alone.
        let stringParts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        var tasks: [(column: Int, part: Int)] = []
        var strings: [Int: DictionaryStrings] = [:]
        for column in 0..<columnCount {
            if let made = joined[column]!.dictionaryStrings(parts: stringParts) {
                strings[column] = made
                tasks += (0..<made.parts).map { (column, $0) }
            } else {
                tasks.append((column, -1))
            }
        }
        // Largest first: the strings, then the columns in order.
        tasks.sort { ($0.part < 0 ? 1 : 0, $0.column) < ($1.part < 0 ? 1 : 0, $1.column) }
        let vectors = Slots<ColumnVector>(count: columnCount)
        let scheduled = tasks
        let made = strings
        DispatchQueue.concurrentPerform(iterations: scheduled.count) { index in
            let (column, part) = scheduled[index]
            if part >= 0 {
                made[column]!.make(part: part)
            } else {
                vectors[column] = joined[column]!.finish()
            }
        }
        for (column, made) in made { vectors[column] = joined[column]!.finish(strings: made.take()) }
        return (0..<columnCount).map { Column(name: layout.names[$0], vector: vectors[$0]!) }
    }
}

/// Fixed slots, each written by one thread of a `concurrentPerform`.
final class Slots<Element>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Element?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    subscript(index: Int) -> Element? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Moves the element out of its slot.
    func take(_ index: Int) -> Element? {
        let element = storage[index]
        storage[index] = nil
        return element
    }
}
