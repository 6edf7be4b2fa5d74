import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Gap filling on hand-built group sets, so that the kept groups, the added rows and their
/// order are pinned exactly (a query's result is sorted afterwards, which would hide the order).
@Suite("Engine: filling in missing periods")
struct EnginePeriodGapsTests {
    static func month(_ year: Int, _ month: Int) -> Value { .period(.month, Int32(year * 12 + month - 1)) }
    static func year(_ year: Int) -> Value { .period(.year, Int32(year)) }

    /// A group set of `rows` (keys then a count and a sum), typed `keyTypes`; aggregate 0 is the count.
    static func groups(_ keyTypes: [DataType], _ rows: [(keys: [Value], count: Int64, sum: Double?, current: Bool)]) -> Executor.GroupSet {
        let keys = keyTypes.enumerated().map { position, type in
            var builder = VectorBuilder(type: type)
            for row in rows { builder.append(row.keys[position]) }
            return builder.finish()
        }
        var counts = VectorBuilder(type: .integer), sums = VectorBuilder(type: .decimal)
        for row in rows {
            counts.append(.integer(row.count))
            sums.append(row.sum.map(Value.decimal) ?? .null)
        }
        return Executor.GroupSet(count: rows.count, keys: keys, aggregates: [0: counts.finish(), 1: sums.finish()],
                                 countIndexes: [0], current: rows.map(\.current))
    }

    /// Each group as its keys, count, sum and current flag.
    static func rows(_ set: Executor.GroupSet) -> [[Value]] {
        (0..<set.count).map { group in
            set.keys.map { $0.value(at: group) } + [set.aggregates[0]!.value(at: group), set.aggregates[1]!.value(at: group),
                                                    .boolean(set.current[group])]
        }
    }

    static func periods(_ grain: PeriodGrain, keyIndex: Int, lower: Int? = nil, upper: Int? = nil) -> QueryPeriods {
        QueryPeriods(grain: grain, unit: TimeShift(months: 1), keyIndex: keyIndex, lowerDay: lower, upperDay: upper,
                     filter: nil, calendar: FiscalCalendar())
    }

    @Test func everyCombinationOfTheOtherKeysGetsEveryPeriodInOrder() {
        let types: [DataType] = [.text, .period(.year), .period(.month), .integer]
        let m = Self.month, y = Self.year
        let set = Self.groups(types, [
            ([.text("b"), y(2024), m(2024, 11), .integer(1)], 3, 10, true),
            ([.text("a"), y(2025), m(2025, 2), .null], 1, 5, true),
            ([.null, y(2024), m(2024, 12), .integer(2)], 2, 7, true),
            ([.text("b"), y(2025), m(2025, 1), .integer(1)], 1, 1, true),
            // No period: kept, as it has rows in the current period, but it adds no periods.
            ([.text("a"), .null, .null, .null], 4, 2, true),
            // Only earlier periods produced these: outside the range they go, inside they stay.
            ([.text("c"), y(2024), m(2024, 10), .integer(3)], 1, nil, false),
            ([.text("c"), y(2025), m(2025, 2), .integer(3)], 1, nil, false),
            ([.null, y(2025), m(2025, 3), .null], 1, nil, false),
        ])
        let filled = PeriodGaps.fill(set, keyIndex: 2, periods: Self.periods(.month, keyIndex: 2))
        func added(_ agent: Value, _ year: Int, _ month: Int, _ tier: Value) -> [Value] {
            [agent, y(year), m(year, month), tier, .integer(0), .null, .boolean(true)]
        }
        #expect(Self.rows(filled) == [
            [.text("b"), y(2024), m(2024, 11), .integer(1), .integer(3), .decimal(10), .boolean(true)],
            [.text("a"), y(2025), m(2025, 2), .null, .integer(1), .decimal(5), .boolean(true)],
            [.null, y(2024), m(2024, 12), .integer(2), .integer(2), .decimal(7), .boolean(true)],
            [.text("b"), y(2025), m(2025, 1), .integer(1), .integer(1), .decimal(1), .boolean(true)],
            [.text("a"), .null, .null, .null, .integer(4), .decimal(2), .boolean(true)],
            [.text("c"), y(2025), m(2025, 2), .integer(3), .integer(1), .null, .boolean(false)],
            added(.text("b"), 2024, 12, .integer(1)), added(.text("b"), 2025, 2, .integer(1)),
            added(.text("a"), 2024, 11, .null), added(.text("a"), 2024, 12, .null), added(.text("a"), 2025, 1, .null),
            added(.null, 2024, 11, .integer(2)), added(.null, 2025, 1, .integer(2)), added(.null, 2025, 2, .integer(2)),
            added(.text("c"), 2024, 11, .integer(3)), added(.text("c"), 2024, 12, .integer(3)), added(.text("c"), 2025, 1, .integer(3)),
        ])
    }

    @Test func theFilterBoundsTheRangeAndNoDatedGroupGivesNullKeys() {
        let types: [DataType] = [.integer, .period(.month)]
        let set = Self.groups(types, [([.integer(7), .null], 2, 3, true)])
        let lower = CivilDate.daysUnchecked(year: 2024, month: 12, day: 1)
        let upper = CivilDate.daysUnchecked(year: 2025, month: 2, day: 28)
        let filled = PeriodGaps.fill(set, keyIndex: 1, periods: Self.periods(.month, keyIndex: 1, lower: lower, upper: upper))
        #expect(Self.rows(filled) == [
            [.integer(7), .null, .integer(2), .decimal(3), .boolean(true)],
            [.null, Self.month(2024, 12), .integer(0), .null, .boolean(true)],
            [.null, Self.month(2025, 1), .integer(0), .null, .boolean(true)],
            [.null, Self.month(2025, 2), .integer(0), .null, .boolean(true)],
        ])
    }

    @Test func tooManyPeriodsToFillAddsNone() {
        // 1001 agents over 1000 days is just over the limit; 1000 agents is not.
        let first = CivilDate.daysUnchecked(year: 2024, month: 1, day: 1)
        for agents in [1001, 1000] {
            let rows = (0..<agents).map { agent -> (keys: [Value], count: Int64, sum: Double?, current: Bool) in
                ([.text("a\(agent)"), .period(.day, Int32(first + agent % 1000))], 1, 1, true)
            }
            let filled = PeriodGaps.fill(Self.groups([.text, .period(.day)], rows), keyIndex: 1,
                                         periods: Self.periods(.day, keyIndex: 1))
            #expect(filled.count == (agents > 1000 ? agents : agents * 1000))
            if agents == 1000 {
                // a0 has the first day; its first added row is the second.
                #expect(Self.rows(filled)[agents] == [.text("a0"), .period(.day, Int32(first + 1)), .integer(0), .null, .boolean(true)])
            }
        }
    }

    /// A week is in the year of its first day when it is filled in, but a group may carry the
    /// year of its own days: 2025-W01 begins on 2024-12-30, and its row for 2025 is the week's
    /// row. No second row with 2024 and a zero is added.
    @Test func aWeekThatStraddlesNewYearIsNotFilledInAgain() {
        let types: [DataType] = [.period(.year), .period(.week)]
        let week = PeriodIndex.of(days: CivilDate.daysUnchecked(year: 2025, month: 1, day: 1), grain: .week)
        #expect(CivilDate.civil(fromDays: PeriodIndex.firstDay(of: week, grain: .week)).year == 2024)
        let set = Self.groups(types, [([.period(.year, 2025), .period(.week, week)], 1, 1, true)])
        let filled = PeriodGaps.fill(set, keyIndex: 1, periods: Self.periods(.week, keyIndex: 1))
        #expect(Self.rows(filled) == [[.period(.year, 2025), .period(.week, week), .integer(1), .decimal(1), .boolean(true)]])
    }

    /// A missing week takes the year of its first day.
    @Test func aMissingWeekTakesTheYearOfItsFirstDay() {
        let types: [DataType] = [.period(.year), .period(.week)]
        let first = PeriodIndex.of(days: CivilDate.daysUnchecked(year: 2024, month: 12, day: 16), grain: .week)
        let last = first + 3  // 2025-W02; 2024-W52 and 2025-W01 are missing
        let set = Self.groups(types, [
            ([.period(.year, 2024), .period(.week, first)], 1, 1, true),
            ([.period(.year, 2025), .period(.week, last)], 1, 1, true),
        ])
        let filled = PeriodGaps.fill(set, keyIndex: 1, periods: Self.periods(.week, keyIndex: 1))
        #expect(Self.rows(filled).map { $0[0] } == [.period(.year, 2024), .period(.year, 2025), .period(.year, 2024), .period(.year, 2024)])
    }

    /// Filled-in rows of a text aggregate (`max(stage)`) are a null constant, whose dictionary is
    /// empty; joining them to the kept rows must not look their codes up.
    @Test func textJoinedWithANullConstant() {
        let kept = ColumnVector(.text([1, 0], TextDictionary(["Lost", "Won"])))
        let joined = ColumnVector.concatenate([kept, .constant(.null, type: .text, count: 2)])
        #expect((0..<4).map { joined.value(at: $0) } == [.text("Won"), .text("Lost"), .null, .null])
    }
}
