/// Guesses the delimiter and whether the first record is a header, from the start of a file.
enum CSVDetection {
    static let candidateDelimiters: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]  // , ; tab |

    /// The candidate that splits the first records into the same number (> 1) of fields most
    /// consistently; ties go to more fields, then to the order `,` `;` tab `|`. `,` when none splits.
    static func delimiter(_ bytes: CSVBytes, start: Int) -> UInt8 {
        var best: (delimiter: UInt8, consistency: Double, fields: Int)?
        for candidate in candidateDelimiters {
            let counts = fieldCounts(bytes, start: start, delimiter: candidate, records: 100, byteLimit: 256 * 1024)
            guard let first = counts.first, first > 1 else { continue }
            let consistency = Double(counts.filter { $0 == first }.count) / Double(counts.count)
            if let current = best,
                consistency < current.consistency || (consistency == current.consistency && first <= current.fields)
            {
                continue
            }
            best = (candidate, consistency, first)
        }
        return best?.delimiter ?? 0x2C
    }

    /// Field counts of the first non-blank records.
    private static func fieldCounts(_ bytes: CSVBytes, start: Int, delimiter: UInt8, records: Int, byteLimit: Int) -> [Int] {
        let fields = FieldBounds(capacity: 1)
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: delimiter, position: start, fields: fields)
        var counts: [Int] = []
        let limit = start + byteLimit
        while counts.count < records, tokenizer.position < limit {
            guard case .record = tokenizer.nextRecord() else { break }
            counts.append(tokenizer.fieldCount)
        }
        return counts
    }

    /// Whether the first record (whose cells are given) names the columns. It does unless it looks
    /// like data: no cell of it would turn a typed column text, and some cell of it is typed like
    /// the column below (`2019` over integers, `3/1/2020` over dates). Columns that are text or
    /// empty below tell nothing, so a file of text is taken to have a header.
    static func hasHeader(
        _ bytes: CSVBytes, firstRow: [[UInt8]], bodyStart: Int, layout: CSVLayout
    ) -> Bool {
        let columnCount = firstRow.count
        var states = [TypeState](repeating: TypeState(), count: columnCount)
        let fields = FieldBounds(capacity: columnCount + 1)
        var tokenizer = CSVTokenizer(bytes: bytes, delimiter: layout.delimiter, position: bodyStart, fields: fields)
        var scratch = ScratchBuffer()
        defer { scratch.deallocate() }
        let limit = bodyStart + 1024 * 1024
        var sampled = 0
        sampling: while sampled < 1000, tokenizer.position < limit {
            switch tokenizer.nextRecord() {
            case .record where tokenizer.fieldCount == columnCount:
                for column in 0..<columnCount {
                    let (p, n) = tokenizer.field(column, scratch: &scratch)
                    states[column].absorb(classify(p, n, layout: layout))
                }
                sampled += 1
            case .record:
                continue
            case .unclosedQuote, .end, .blank:
                break sampling
            }
        }
        var looksLikeData = false
        for column in 0..<columnCount where states[column].isTyped {
            let cell = firstRow[column].withUnsafeBufferPointer { buffer in
                classify(buffer.baseAddress ?? UnsafePointer(bytes.base), buffer.count, layout: layout)
            }
            if case .null = cell { continue }
            var widened = states[column]
            widened.absorb(cell)
            if widened.kind == .text { return true }
            looksLikeData = true
        }
        return !looksLikeData
    }

    private static func classify(_ raw: UnsafePointer<UInt8>, _ rawCount: Int, layout: CSVLayout) -> CellClass {
        let (p, n) = CSVScalar.trimmed(raw, rawCount)
        if n == 0 || layout.markers.matches(p, n) { return .null }
        return TypeState.classify(p, n, allowed: layout.allowed)
    }
}
