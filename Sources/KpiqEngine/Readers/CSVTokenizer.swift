#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of the bytes being parsed, shareable between the threads that parse chunks
/// (the owner keeps the bytes alive and unchanged while any parse runs).
struct CSVBytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// The bytes are a read-only mapping of a file: pages already parsed may be dropped from
    /// memory (`release`), and are read from the file again if they are touched again.
    let isFileMapping: Bool

    init(_ buffer: UnsafeBufferPointer<UInt8>, isFileMapping: Bool = false) {
        // An empty buffer may have no address; then no byte is ever read through this one.
        base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        count = buffer.count
        self.isFileMapping = isFileMapping
    }

    /// Drops the whole pages of `range` from this process's memory, when the bytes are a file
    /// mapping (so a large file never counts in full against the process's memory).
    func release(_ range: Range<Int>) {
        guard isFileMapping else { return }
        let page = MappedFile.pageSize
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }
}

/// The field bounds of the current record: field `i` is at `i * stride` from `starts`, `ends`
/// and `escaped`. Either its own memory (`stride` 1), or a view of one row of a `FieldBatch`,
/// so that the tokenizer writes a record's fields where they are kept until stored.
final class FieldBounds {
    /// How many fields are kept; a record may have more, which are only counted.
    let capacity: Int
    let stride: Int
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    /// The field must be unescaped: `starts..<ends` is the raw text, quotes and all.
    private(set) var escaped: UnsafeMutablePointer<Bool>
    private let firstStart: UnsafeMutablePointer<Int>
    private let firstEnd: UnsafeMutablePointer<Int>
    private let firstEscaped: UnsafeMutablePointer<Bool>
    private let owned: Bool

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        stride = 1
        starts = .allocate(capacity: self.capacity)
        ends = .allocate(capacity: self.capacity)
        escaped = .allocate(capacity: self.capacity)
        (firstStart, firstEnd, firstEscaped) = (starts, ends, escaped)
        owned = true
    }

    /// Row 0 of fields laid out `stride` apart in memory the caller keeps alive.
    init(capacity: Int, stride: Int, starts: UnsafeMutablePointer<Int>, ends: UnsafeMutablePointer<Int>,
         escaped: UnsafeMutablePointer<Bool>) {
        self.capacity = capacity
        self.stride = stride
        (self.starts, self.ends, self.escaped) = (starts, ends, escaped)
        (firstStart, firstEnd, firstEscaped) = (starts, ends, escaped)
        owned = false
    }

    deinit {
        guard owned else { return }
        starts.deallocate()
        ends.deallocate()
        escaped.deallocate()
    }

    /// Makes row `row` the current record (for a view of a batch).
    @inline(__always)
    func moveTo(row: Int) {
        starts = firstStart + row
        ends = firstEnd + row
        escaped = firstEscaped + row
    }

    @inline(__always) func start(_ field: Int) -> Int { starts[field &* stride] }
    @inline(__always) func end(_ field: Int) -> Int { ends[field &* stride] }
    @inline(__always) func isEscaped(_ field: Int) -> Bool { escaped[field &* stride] }
}

/// Splits bytes into records and fields: RFC 4180 (quoted fields with delimiters, doubled quotes
/// and line breaks), LF, CRLF or lone CR line ends, and lenient about stray quotes: a quote inside
/// an unquoted field is text, and text after a closing quote is kept.
struct CSVTokenizer {
    enum Outcome {
        /// A record is in `fields`, `fieldCount` fields long.
        case record
        /// An empty line: no record.
        case blank
        /// A quoted field runs to the end of the input; `unclosedFieldLineBreaks` tells where it started.
        case unclosedQuote
        case end
    }

    static let quote: UInt8 = 0x22
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    let bytes: CSVBytes
    let delimiter: UInt8
    let fields: FieldBounds
    /// Where the next record starts.
    var position: Int
    /// Line breaks passed since the tokenizer started (inside quoted fields too).
    var lineBreaks = 0
    /// Fields in the last record, including any beyond `fields.capacity`.
    var fieldCount = 0
    /// Where the last record started, and the line breaks before it.
    var recordStart = 0
    var recordLineBreaks = 0
    /// For `.unclosedQuote`: the line breaks before the quote that never closes.
    var unclosedFieldLineBreaks = 0

    init(bytes: CSVBytes, delimiter: UInt8, position: Int, fields: FieldBounds) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = position
        self.fields = fields
    }

    /// Reads the record at `position` and moves past it.
    @inline(__always)
    mutating func next() -> Outcome {
        let base = bytes.base
        let end = bytes.count
        var pos = position
        guard pos < end else { return .end }
        let delimiter = self.delimiter
        let delimiterWord = Self.ones &* UInt64(delimiter)
        let capacity = fields.capacity
        let stride = fields.stride
        let starts = fields.starts
        let ends = fields.ends
        let escaped = fields.escaped
        recordStart = pos
        recordLineBreaks = lineBreaks
        var count = 0
        // Where field `count` goes: `count * stride`.
        var slot = 0
        while true {
            let fieldStart = pos
            var fieldEnd: Int
            var fieldEscaped = false
            if pos < end, base[pos] == Self.quote {
                let fieldLineBreaks = lineBreaks
                pos += 1
                var closed = false
                while pos < end {
                    // Past plain text to the next quote or line end, eight bytes at a time.
                    pos = Self.textEnd(base, pos, end, stop: Self.quote, stopWord: Self.quoteWord)
                    guard pos < end else { break }
                    let byte = base[pos]
                    if byte == Self.quote {
                        if pos + 1 < end, base[pos + 1] == Self.quote {
                            fieldEscaped = true
                            pos += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == Self.lineFeed {
                        lineBreaks += 1
                    } else if byte == Self.carriageReturn, pos + 1 >= end || base[pos + 1] != Self.lineFeed {
                        lineBreaks += 1
                    }
                    pos += 1
                }
                guard closed else {
                    unclosedFieldLineBreaks = fieldLineBreaks
                    position = end
                    return .unclosedQuote
                }
                fieldEnd = pos
                pos += 1
                if pos < end {
                    let byte = base[pos]
                    if byte != delimiter, byte != Self.lineFeed, byte != Self.carriageReturn {
                        // Text after the closing quote: keep it, unescaping the whole field.
                        fieldEscaped = true
                        while pos < end {
                            let byte = base[pos]
                            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                            pos += 1
                        }
                    }
                }
                if count < capacity {
                    starts[slot] = fieldEscaped ? fieldStart : fieldStart + 1
                    ends[slot] = fieldEscaped ? pos : fieldEnd
                    escaped[slot] = fieldEscaped
                }
            } else {
                pos = Self.textEnd(base, pos, end, stop: delimiter, stopWord: delimiterWord)
                fieldEnd = pos
                if count < capacity {
                    starts[slot] = fieldStart
                    ends[slot] = fieldEnd
                    escaped[slot] = false
                }
            }
            count += 1
            slot &+= stride
            if pos >= end { break }
            let byte = base[pos]
            pos += 1
            if byte == delimiter { continue }
            if byte == Self.carriageReturn, pos < end, base[pos] == Self.lineFeed { pos += 1 }
            lineBreaks += 1
            break
        }
        position = pos
        fieldCount = count
        if count == 1, starts[0] == ends[0], base[recordStart] != Self.quote { return .blank }
        return .record
    }

    static let quoteWord = ones &* UInt64(quote)

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let lineFeedWord = ones &* UInt64(lineFeed)
    static let carriageReturnWord = ones &* UInt64(carriageReturn)

    /// Where text from `start` reaches `stop` (a delimiter, or the quote inside a quoted field),
    /// a line feed or a carriage return, or `end`. Eight bytes at a time while eight remain.
    @inline(__always)
    static func textEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, stop: UInt8, stopWord: UInt64) -> Int {
        var pos = start
        let raw = UnsafeRawPointer(base)
        while pos + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            // A byte of `x` is zero where the word holds the byte looked for; the lowest flagged
            // byte is exact (flags above it may be false, from the borrow).
            @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highBits }
            let found = zeroBytes(word ^ stopWord) | zeroBytes(word ^ lineFeedWord) | zeroBytes(word ^ carriageReturnWord)
            if found != 0 { return pos + found.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < end {
            let byte = base[pos]
            if byte == stop || byte == lineFeed || byte == carriageReturn { break }
            pos += 1
        }
        return pos
    }

    /// Reads records up to the next that is not blank (never returns `.blank`).
    @inline(__always)
    mutating func nextRecord() -> Outcome {
        var outcome = next()
        while case .blank = outcome { outcome = next() }
        return outcome
    }

    /// After `.unclosedQuote`: carry on at the line after the one where the record started.
    mutating func resumeAfterUnclosedQuote() {
        let base = bytes.base
        let end = bytes.count
        var pos = recordStart
        while pos < end, base[pos] != Self.lineFeed, base[pos] != Self.carriageReturn { pos += 1 }
        if pos < end {
            if base[pos] == Self.carriageReturn, pos + 1 < end, base[pos + 1] == Self.lineFeed { pos += 1 }
            pos += 1
        }
        position = pos
        lineBreaks = recordLineBreaks + 1
    }

    /// Field `index` of the current record, unescaped into `scratch` when it has to be.
    @inline(__always)
    func field(_ index: Int, scratch: inout ScratchBuffer) -> (UnsafePointer<UInt8>, Int) {
        let start = fields.start(index)
        let count = fields.end(index) - start
        if !fields.isEscaped(index) { return (bytes.base + start, count) }
        return scratch.unescape(bytes.base + start, count)
    }
}

/// Room for one unescaped field.
struct ScratchBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        storage = .allocate(capacity: capacity)
    }

    func deallocate() { storage.deallocate() }

    /// The content of a raw quoted field: quotes toggle quoting, a doubled quote inside quotes
    /// is one quote, everything else is kept.
    mutating func unescape(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
        if n > capacity {
            storage.deallocate()
            capacity = max(n, capacity * 2)
            storage = .allocate(capacity: capacity)
        }
        var out = 0
        var quoted = false
        var i = 0
        while i < n {
            let byte = p[i]
            if byte == CSVTokenizer.quote {
                if quoted, i + 1 < n, p[i + 1] == CSVTokenizer.quote {
                    storage[out] = byte
                    out += 1
                    i += 2
                    continue
                }
                quoted.toggle()
            } else {
                storage[out] = byte
                out += 1
            }
            i += 1
        }
        return (UnsafePointer(storage), out)
    }
}
