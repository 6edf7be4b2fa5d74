import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Each aggregate per group, with nulls, filter masks and no rows at all.
@Suite("Engine: aggregates")
struct EngineAggregateTests {
    /// One aggregate over `argument`, every row in group 0 unless `groups` says otherwise.
    func aggregate(_ kind: AggregateKind, _ argument: ColumnVector?, type: DataType = .decimal, mask: ColumnVector? = nil,
                   groups: [Int32]? = nil, groupCount: Int = 1) -> [Value] {
        let count = argument?.count ?? mask?.count ?? groups?.count ?? 0
        return Aggregates.compute(kind, type: type, argument: argument, mask: mask,
                                  groupIds: groups ?? [Int32](repeating: 0, count: count), groupCount: groupCount).values
    }

    @Test func countCountsRowsAndCountOfAColumnCountsValues() {
        let values = integers([1, nil, 3, nil])
        #expect(aggregate(.count, nil, type: .integer, groups: [0, 0, 0, 0]) == [.integer(4)])
        #expect(aggregate(.count, values, type: .integer) == [.integer(4)])
        #expect(aggregate(.countValues, values, type: .integer) == [.integer(2)])
        #expect(aggregate(.countValues, texts([nil, "a", "a"]), type: .integer) == [.integer(2)])
    }

    @Test func countDistinctIgnoresNulls() {
        #expect(aggregate(.countDistinct, integers([1, 1, 2, nil, nil]), type: .integer) == [.integer(2)])
        #expect(aggregate(.countDistinct, texts(["a", nil, "b", "a"]), type: .integer) == [.integer(2)])
        #expect(aggregate(.countDistinct, decimals([0.0, -0.0, 1.5]), type: .integer) == [.integer(2)])
        #expect(aggregate(.countDistinct, dates(["2017-01-01", "2017-01-01", nil]), type: .integer) == [.integer(1)])
        // Per group: the same value in two groups counts in each.
        #expect(aggregate(.countDistinct, texts(["a", "a", "b", "a"]), type: .integer, groups: [0, 1, 1, 1], groupCount: 2)
                == [.integer(1), .integer(2)])
    }

    /// Pseudo-random argument columns of each kind, with nulls, for the distinct-count paths.
    static let distinctArguments: [ColumnVector] = {
        var numbers = SeededNumbers(seed: 0x2545_F491_4F6C_DD1D)
        func next(_ bound: Int) -> Int { numbers.next(bound) }
        let count = 5000
        func maybe<T>(_ value: T) -> T? { next(10) == 0 ? nil : value }
        let decimalBases: [Double] = [0.0, -0.0, 1.5, -2.25, 1e300, 3.5]
        return [
            integers((0..<count).map { _ in maybe(Int64(next(300))) }),
            // A range too wide for offsets: the values are numbered through the hash table.
            integers((0..<count).map { _ in maybe(Int64(next(2000)) * 1_000_000_007 - 999_999_999_999) }),
            decimals((0..<count).map { _ in maybe(decimalBases[next(6)] + Double(next(700))) }),
            texts((0..<count).map { _ in maybe("v\(next(900))") }),
            dates((0..<count).map { _ in maybe("20\(10 + next(15))-0\(1 + next(9))-1\(next(10))") }),
        ]
    }()

    /// `count_distinct` through the bucketed path (no bitmap allowed) agrees with the bitmap of
    /// (group, value) and with counting sets of values, with and without a filter; groups 7 to
    /// 9 have no rows.
    @Test(arguments: distinctArguments)
    func countDistinctBucketedAgreesWithTheBitmap(_ argument: ColumnVector) {
        let count = argument.count
        let groups = (0..<count).map { Int32(($0 * 7919) % 7) }
        let filter = booleans((0..<count).map { $0 % 11 == 0 ? nil : $0 % 3 != 0 })
        for mask in [nil, filter] {
            let bitmap = Aggregates.compute(.countDistinct, type: .integer, argument: argument, mask: mask,
                                            groupIds: groups, groupCount: 10).values
            let bucketed = Aggregates.compute(.countDistinct, type: .integer, argument: argument, mask: mask,
                                              groupIds: groups, groupCount: 10, distinctBitmapLimit: 0).values
            var sets = [Set<Value>](repeating: [], count: 10)
            let values = argument.values
            for row in 0..<count where values[row] != .null && (mask.map { $0.values[row] == .boolean(true) } ?? true) {
                sets[Int(groups[row])].insert(values[row])
            }
            let expected = sets.map { Value.integer(Int64($0.count)) }
            #expect(bucketed == expected)
            #expect(bitmap == expected)
            #expect(expected[0] != .integer(0) && expected[9] == .integer(0))
        }
    }

    @Test func sumOfIntegersIsAnIntegerAndOfDecimalsADecimal() {
        #expect(aggregate(.sum, integers([1, 2, nil, 4]), type: .integer) == [.integer(7)])
        #expect(aggregate(.sum, decimals([0.5, nil, 0.25]), type: .decimal) == [.decimal(0.75)])
        #expect(aggregate(.sum, integers([nil, nil]), type: .integer) == [.null])
    }

    /// A sum past Int64 is computed again in doubles rather than wrapping around.
    @Test func sumThatOverflowsIsADecimal() {
        let result = aggregate(.sum, integers([.max, 1, .max]), type: .integer)
        #expect(result == [.decimal(Double(Int64.max) * 2 + 1)])
        let negative = aggregate(.sum, integers([.min, -1]), type: .integer)
        #expect(negative == [.decimal(Double(Int64.min) - 1)])
    }

    @Test func avgOfIntegersIsExactAndDoesNotWrap() {
        #expect(aggregate(.avg, integers([1, 2, nil]), type: .decimal) == [.decimal(1.5)])
        #expect(aggregate(.avg, decimals([0.5, 1.0]), type: .decimal) == [.decimal(0.75)])
        // Two rows of Int64.max once averaged to -1, their sum having wrapped around.
        #expect(aggregate(.avg, integers([.max, .max]), type: .decimal) == [.decimal(Double(Int64.max))])
    }

    @Test func minAndMaxOfTextAreByBytes() {
        let words = texts(["b", "B", nil, "a", "é", "z"])
        #expect(aggregate(.min, words, type: .text) == [.text("B")])
        #expect(aggregate(.max, words, type: .text) == [.text("é")])
    }

    @Test func minAndMaxOfDatesNumbersAndBooleans() {
        let days = dates(["2017-03-01", nil, "2016-08-10", "2017-09-30"])
        #expect(aggregate(.min, days, type: .date) == [.date(Int32(day("2016-08-10")))])
        #expect(aggregate(.max, days, type: .date) == [.date(Int32(day("2017-09-30")))])
        #expect(aggregate(.min, integers([3, nil, -7, 5]), type: .integer) == [.integer(-7)])
        #expect(aggregate(.max, decimals([0.5, -1, nil]), type: .decimal) == [.decimal(0.5)])
        #expect(aggregate(.max, booleans([false, true, nil]), type: .boolean) == [.boolean(true)])
    }

    /// Linear interpolation between the closest ranks, as DuckDB's `quantile_cont`.
    @Test(arguments: [
        (AggregateKind.median, [1.0, 2, 3, 4], 2.5),
        (.median, [3.0, 1, 2], 2.0),
        (.median, [7.0], 7.0),
        (.percentile(0.25), [1.0, 2, 3, 4], 1.75),
        (.percentile(0.9), [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9.1),
        (.percentile(0), [5.0, -1, 3], -1.0),
        (.percentile(1), [5.0, -1, 3], 5.0),
        (.percentile(0.5), [10.0, 20], 15.0),
    ])
    func quantilesInterpolate(_ kind: AggregateKind, _ values: [Double], _ expected: Double) {
        let result = aggregate(kind, decimals(values.map { $0 } + [nil]))
        guard case .decimal(let value) = result[0] else {
            Issue.record("\(kind) gave \(result)")
            return
        }
        #expect(abs(value - expected) < 1e-9)
    }

    @Test func stddevIsTheSampleDeviation() {
        let result = aggregate(.stddev, integers([2, 4, 4, 4, 5, 5, 7, 9, nil]))
        guard case .decimal(let value) = result[0] else {
            Issue.record("stddev gave \(result)")
            return
        }
        #expect(abs(value - (32.0 / 7).squareRoot()) < 1e-12)
        // One value has no sample deviation.
        #expect(aggregate(.stddev, integers([5, nil])) == [.null])
    }

    /// Over no rows `count` is 0 and every other aggregate is null.
    @Test(arguments: [
        (AggregateKind.count, DataType.integer, Value.integer(0)),
        (.countValues, .integer, .integer(0)),
        (.countDistinct, .integer, .integer(0)),
        (.sum, .integer, .null), (.sum, .decimal, .null), (.avg, .decimal, .null),
        (.min, .integer, .null), (.max, .integer, .null),
        (.median, .decimal, .null), (.percentile(0.9), .decimal, .null), (.stddev, .decimal, .null),
    ])
    func overNoRows(_ kind: AggregateKind, _ type: DataType, _ expected: Value) {
        let argument: ColumnVector? = kind == .count ? nil : integers([])
        #expect(aggregate(kind, argument, type: type, groups: [], groupCount: 1) == [expected])
    }

    /// A group all of whose rows the filter drops is like a group of no rows.
    @Test(arguments: [
        (AggregateKind.count, DataType.integer, [Value.integer(2), .integer(0)]),
        (.countValues, .integer, [.integer(1), .integer(0)]),
        (.countDistinct, .integer, [.integer(1), .integer(0)]),
        (.sum, .integer, [.integer(10), .null]),
        (.avg, .decimal, [.decimal(10), .null]),
        (.min, .integer, [.integer(10), .null]),
        (.max, .integer, [.integer(10), .null]),
        (.median, .decimal, [.decimal(10), .null]),
        (.stddev, .decimal, [.null, .null]),
    ])
    func filterMasksKeepOnlyTrueRows(_ kind: AggregateKind, _ type: DataType, _ expected: [Value]) {
        // Group 0 keeps rows 0 (10) and 2 (null); group 1 keeps none (false, null).
        let values = integers([10, 20, nil, 30, 40])
        let mask = booleans([true, false, true, nil, false])
        let argument: ColumnVector? = kind == .count ? nil : values
        #expect(aggregate(kind, argument, type: type, mask: mask, groups: [0, 0, 0, 1, 1], groupCount: 2) == expected)
    }

    /// `count(where null)`: a filter with no boolean in it keeps no row (it once kept them all).
    @Test func aNullFilterKeepsNoRows() {
        let nullMask = ColumnVector.constant(.null, type: .null, count: 3)
        #expect(aggregate(.count, nil, type: .integer, mask: nullMask, groups: [0, 0, 0]) == [.integer(0)])
        #expect(aggregate(.sum, integers([1, 2, 3]), type: .integer, mask: nullMask) == [.null])
    }

    @Test func severalGroups() {
        let values = integers([1, 2, 3, 4, nil, 6])
        let groups: [Int32] = [0, 1, 0, 1, 2, 2]
        #expect(aggregate(.sum, values, type: .integer, groups: groups, groupCount: 3) == [.integer(4), .integer(6), .integer(6)])
        #expect(aggregate(.countValues, values, type: .integer, groups: groups, groupCount: 3) == [.integer(2), .integer(2), .integer(1)])
        #expect(aggregate(.avg, values, groups: groups, groupCount: 3) == [.decimal(2), .decimal(3), .decimal(6)])
        #expect(aggregate(.max, values, type: .integer, groups: groups, groupCount: 3) == [.integer(3), .integer(4), .integer(6)])
    }

    /// Selection finds the ranks sorting would, on shapes that defeat naive pivots: sorted,
    /// reversed, all equal, few distinct values, organ pipe, random.
    @Test("quantiles by selection agree with sorting", arguments: [1, 2, 3, 16, 17, 18, 100, 1001, 5000])
    func quantilesBySelection(_ count: Int) {
        var generator = SystemRandomNumberGenerator()
        let shapes: [[Double]] = [
            (0..<count).map(Double.init),
            (0..<count).reversed().map(Double.init),
            [Double](repeating: 7, count: count),
            (0..<count).map { Double($0 % 3) },
            (0..<count).map { Double(min($0, count - $0)) },
            (0..<count).map { _ in Double(Int.random(in: -50...50, using: &generator)) / 4 },
        ]
        for shape in shapes {
            let sorted = shape.sorted()
            for fraction in [0, 0.1, 0.25, 0.5, 0.9, 0.999, 1] {
                let position = fraction * Double(count - 1)
                let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
                let expected = sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
                var values = shape
                let found = values.withUnsafeMutableBufferPointer { Aggregates.selectedQuantile($0, fraction) }
                #expect(found == expected, "\(count) values, fraction \(fraction): \(shape.prefix(20))")
                #expect(values.sorted() == sorted, "selection keeps the values")
            }
        }
    }
}
