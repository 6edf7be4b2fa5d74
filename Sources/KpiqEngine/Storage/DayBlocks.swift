/// The earliest and latest day in each block of rows of a date column.
///
/// A filter on a period of the time column (`quarter = 2024-Q3`, or the previous quarter for
/// `previous(...)`) reads only the blocks whose days overlap the period's, and takes a block whose
/// days all lie inside without testing its rows. Data is usually loaded roughly in time order,
/// so most blocks are skipped; on data in no order the cost is one comparison per block.
struct DayBlocks: Sendable {
    /// Rows per block, as a power of two.
    static let shift = 12
    static let size = 1 << shift

    /// Per block, its earliest and latest valid day; `Int32.max` and `Int32.min` when it has none.
    let earliest: [Int32]
    let latest: [Int32]
    /// Per block, whether every row has a day.
    let complete: [Bool]
    let rowCount: Int

    init(days: [Int32], validity: Bitmap?) {
        let blocks = (days.count + DayBlocks.size - 1) >> DayBlocks.shift
        var earliest = [Int32](repeating: .max, count: blocks)
        var latest = [Int32](repeating: .min, count: blocks)
        var complete = [Bool](repeating: true, count: blocks)
        days.withUnsafeBufferPointer { days in
            withValidityWords(validity) { words in
                for block in 0..<blocks {
                    let start = block << DayBlocks.shift
                    let end = min(start + DayBlocks.size, days.count)
                    var low = Int32.max, high = Int32.min
                    if let words {
                        var all = true
                        for row in start..<end {
                            guard Bitmap.test(words, row) else { all = false; continue }
                            low = min(low, days[row])
                            high = max(high, days[row])
                        }
                        complete[block] = all
                    } else {
                        for row in start..<end {
                            low = min(low, days[row])
                            high = max(high, days[row])
                        }
                    }
                    earliest[block] = low
                    latest[block] = high
                }
            }
        }
        self.earliest = earliest
        self.latest = latest
        self.complete = complete
        self.rowCount = days.count
    }

    /// The earliest day of the column; nil when every row is null.
    var firstDay: Int? {
        let first = earliest.min() ?? .max
        return first == .max ? nil : Int(first)
    }

    /// The latest day of the column; nil when every row is null.
    var lastDay: Int? {
        let last = latest.max() ?? .min
        return last == .min ? nil : Int(last)
    }

    /// The rows whose day is valid and in `low..<high`, in order.
    func positions(days: [Int32], validity: Bitmap?, from low: Int64, to high: Int64) -> [Int32] {
        // The blocks to read, and at most how many rows they give.
        var touched: [Int] = []
        var capacity = 0
        for block in 0..<earliest.count {
            let first = Int64(earliest[block]), last = Int64(latest[block])
            guard first <= last, last >= low, first < high else { continue }
            touched.append(block)
            capacity += min(DayBlocks.size, rowCount - (block << DayBlocks.shift))
        }
        // Bounds clamped to days a date can hold, so that the test below is on Int32.
        let lowDay = Int32(clamping: low), highDay = Int32(clamping: high)
        let openEnded = high > Int64(Int32.max)
        return [Int32](unsafeUninitializedCapacity: capacity) { output, initialized in
            var count = 0
            days.withUnsafeBufferPointer { days in
                withValidityWords(validity) { words in
                    for block in touched {
                        let start = block << DayBlocks.shift
                        let end = min(start + DayBlocks.size, rowCount)
                        if complete[block], Int64(earliest[block]) >= low, Int64(latest[block]) < high {
                            for row in start..<end { output[count] = Int32(truncatingIfNeeded: row); count += 1 }
                            continue
                        }
                        // Branch-free: write every row, advance past the ones inside.
                        for row in start..<end {
                            let day = days[row]
                            let inside = day >= lowDay && (openEnded || day < highDay)
                            let valid = words.map { Bitmap.test($0, row) } ?? true
                            output[count] = Int32(truncatingIfNeeded: row)
                            count += inside && valid ? 1 : 0
                        }
                    }
                }
            }
            initialized = count
        }
    }
}
