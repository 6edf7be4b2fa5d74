import Foundation
import KpiqLanguage

/// A loaded table: named columns of equal length, its time column and the derived dimensions
/// defined on it. Columns never change after loading; `define dimension` adds definitions,
/// not data.
public final class Dataset: @unchecked Sendable {
    public let name: String
    /// Where it was loaded from, as written, and the options used (for `describe` and saving).
    public let origin: String
    public let columns: [Column]
    public let rowCount: Int
    /// snake_case form of each column name, index-aligned with `columns`.
    public let snakeNames: [String]
    /// The column periods come from, when chosen with `time` or the only date column.
    public var timeColumnIndex: Int?
    public var timeColumnChosen: Bool
    /// `define dimension ds.name = expr`, in definition order.
    public var dimensions: [DimensionDefinition] = []

    public init(name: String, origin: String, columns: [Column], rowCount: Int) {
        self.name = name
        self.origin = origin
        self.columns = columns
        self.rowCount = rowCount
        self.snakeNames = columns.map { NameMatching.snakeCase($0.name) }
        let temporal = columns.indices.filter { columns[$0].type.isTemporal }
        self.timeColumnIndex = temporal.count == 1 ? temporal[0] : nil
        self.timeColumnChosen = false
    }

    public func columnIndex(_ written: String) -> NameMatching.MatchResult {
        NameMatching.match(written, in: columns.map(\.name), snakeNames: snakeNames)
    }

    public func dimension(named written: String) -> DimensionDefinition? {
        dimensions.first { $0.name == written } ?? dimensions.first { $0.name.lowercased() == written.lowercased() }
    }

    /// Every name a user may write for a column or dimension of this dataset (for hints).
    public var knownNames: [String] {
        snakeNames + columns.map(\.name) + dimensions.map(\.name)
    }

    /// Indexes of the date and timestamp columns.
    public var temporalColumns: [Int] { columns.indices.filter { columns[$0].type.isTemporal } }

    /// Per date column, the days each block of rows spans; made on first use (columns never
    /// change), under `lock` since queries may run off the main thread.
    private var dayBlocksCache: [Int: DayBlocks] = [:]
    private let lock = NSLock()

    /// Which cohorts `cohorts(_:make:)` keeps: of a key column, by a time column's periods.
    struct CohortKey: Hashable {
        var key: Int
        var time: Int
        var grain: PeriodGrain
        var calendar: FiscalCalendar
    }

    /// Each row's cohort, per key column, time column and grain, as `Evaluator` makes it
    /// (`cohort(...)`, `months_since`, `cohort_size` each read it, several times a query). A
    /// few are kept, as each takes 4 bytes a row.
    private var cohortCache: [CohortKey: ColumnVector] = [:]

    func cohorts(_ key: CohortKey, make: () -> ColumnVector) -> ColumnVector {
        lock.lock()
        let known = cohortCache[key]
        lock.unlock()
        if let known { return known }
        // Made outside the lock: making them reads the block summaries, which take it.
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if cohortCache.count >= 4 { cohortCache.removeAll() }
        cohortCache[key] = made
        return made
    }

    /// The block summary of a date column; nil for any other column.
    func dayBlocks(column index: Int) -> DayBlocks? {
        lock.lock()
        defer { lock.unlock() }
        if let blocks = dayBlocksCache[index] { return blocks }
        guard columns.indices.contains(index), case .date(let days) = columns[index].vector.data else { return nil }
        let blocks = DayBlocks(days: days, validity: columns[index].vector.validity)
        dayBlocksCache[index] = blocks
        return blocks
    }

    /// The latest day of a date or timestamp column; nil when it has none.
    func lastDay(column index: Int) -> Int? {
        if let blocks = dayBlocks(column: index) { return blocks.lastDay }
        return PeriodVectors.lastDay(of: columns[index].vector)
    }

    /// The earliest and the latest day of a date or timestamp column; nil when it has none.
    public func dayRange(column index: Int) -> ClosedRange<Int>? {
        if let blocks = dayBlocks(column: index) {
            guard let first = blocks.firstDay, let last = blocks.lastDay else { return nil }
            return first...last
        }
        let vector = columns[index].vector
        guard columns[index].type.isTemporal else { return nil }
        var range: ClosedRange<Int>?
        for row in 0..<vector.count where vector.isValid(row) {
            let day = PeriodVectors.days(vector, row)
            range = range.map { min($0.lowerBound, day)...max($0.upperBound, day) } ?? day...day
        }
        return range
    }
}

/// A derived per-row column: `define dimension deals.size_band = if(close_value > 5000, "large", "small")`.
public struct DimensionDefinition: Sendable {
    public init(name: String, expression: Expr, source: SourceFile) {
        self.name = name
        self.expression = expression
        self.source = source
    }

    public var name: String
    public var expression: Expr
    public var source: SourceFile
}
