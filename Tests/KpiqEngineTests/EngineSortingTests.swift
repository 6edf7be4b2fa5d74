import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Row order: by each key in turn, nulls last in both directions, ties in row order.
@Suite("Engine: sorting")
struct EngineSortingTests {
    func order(_ keys: [(ColumnVector, descending: Bool)]) -> [Int32] {
        Sorting.order(count: keys[0].0.count, keys: keys.map { (comparator: Sorting.comparator($0.0), descending: $0.descending) })
    }

    @Test func nullsComeLastAscendingAndDescending() {
        let values = integers([3, nil, 1, nil, 2])
        #expect(order([(values, descending: false)]) == [2, 4, 0, 1, 3])
        #expect(order([(values, descending: true)]) == [0, 4, 2, 1, 3])
        let words = texts([nil, "b", "a"])
        #expect(order([(words, descending: false)]) == [2, 1, 0])
        #expect(order([(words, descending: true)]) == [1, 2, 0])
    }

    @Test func textSortsByBytes() {
        let words = texts(["b", "a", "B", "é", "z", "ab", ""])
        let sorted = order([(words, descending: false)]).map { words.value(at: Int($0)) }
        #expect(sorted == ["", "B", "a", "ab", "b", "z", "é"].map(Value.text))
    }

    @Test func decimalsDatesAndPeriodsSortByValue() {
        #expect(order([(decimals([0.5, -1, 2.25, nil]), descending: false)]) == [1, 0, 2, 3])
        #expect(order([(dates(["2017-03-01", "2016-12-31", "2017-01-01"]), descending: true)]) == [0, 2, 1])
        let quarters = vector(.period(.quarter), [.period(.quarter, 8069), .period(.quarter, 8066), .null])
        #expect(order([(quarters, descending: false)]) == [1, 0, 2])
    }

    @Test func laterKeysBreakTiesAndRowOrderBreaksTheRest() {
        let region = texts(["N", "S", "N", "S", "N"])
        let amount = integers([5, 1, 7, 1, 5])
        #expect(order([(region, descending: false), (amount, descending: true)]) == [2, 0, 4, 1, 3])
        #expect(order([(amount, descending: false)]) == [1, 3, 0, 4, 2])
    }

    /// Text orders by its UTF-8 bytes, as DuckDB's does; canonically equivalent spellings are equal.
    @Test("text comparison", arguments: [
        ("a", "b", -1), ("b", "a", 1), ("ab", "abc", -1), ("abc", "ab", 1), ("", "a", -1), ("", "", 0),
        ("Zoe", "Zoë", -1), ("Zoë", "Zoe", 1), ("é", "e\u{301}", 0), ("K", "\u{212A}", 0),
        ("B", "a", -1), ("ACC-00045642 a long name past sixteen bytes", "ACC-00045642 a long name past sixteen bytez", -1),
    ])
    func textComparison(_ a: String, _ b: String, _ order: Int) {
        #expect(Kernels.compareText(a, b) == order)
    }

    /// Ranks follow byte order, also past the first eight bytes, and are made again once a value is added.
    @Test func dictionaryRanks() {
        let dictionary = TextDictionary(["Stone Systems 2", "Stone Systems 10", "B", "", "Stone Sy", "a"])
        #expect(dictionary.ranks == [4, 3, 1, 0, 2, 5])
        _ = dictionary.intern("Stone Systems 1")
        #expect(dictionary.ranks == [5, 4, 1, 0, 2, 6, 3])
        let accented = TextDictionary(["é", "z", "e", "Zoë"])
        #expect(accented.ranks == [3, 2, 1, 0])
    }

    /// Random columns of every kind of digits: dense ranks (text, narrow integers, days,
    /// booleans) and 64-bit images (wide integers, decimals with ±0, negatives and infinities).
    struct RandomColumns {
        var numbers = SeededNumbers(seed: 0x2545_F491_4F6C_DD1D)
        mutating func next(_ bound: Int) -> Int { numbers.next(bound) }
        /// One to `most` keys over the columns, each ascending or descending.
        mutating func keys(_ columns: [ColumnVector], most: Int) -> [Sorting.SortKey] {
            (0..<1 + next(most)).map { _ in (comparator: Sorting.comparator(columns[next(columns.count)]), descending: next(2) == 0) }
        }
        mutating func columns(_ count: Int) -> [ColumnVector] {
            [
                texts((0..<count).map { _ in next(9) == 0 ? nil : ["b", "a", "B", "é", "", "ab"][next(6)] }),
                integers((0..<count).map { _ in next(7) == 0 ? nil : Int64(next(40)) - 20 }),
                // Too wide a range for a table of ranks; the full range leaves no digit for nulls.
                integers((0..<count).map { _ in next(7) == 0 ? nil : [Int64.min, Int64.max, 0, 1 << 40, -(1 << 40)][next(5)] }),
                integers((0..<count).map { _ in next(7) == 0 ? nil : [-5, 3, 1 << 50, -(1 << 45), 0][next(5)] }),
                decimals((0..<count).map { _ in next(7) == 0 ? nil : [0.5, -0.0, 0.0, -3, 1e300][next(5)] }),
                decimals((0..<count).map { _ in
                    next(7) == 0 ? nil : [-.infinity, .infinity, -1e300, -5e-324, 5e-324, -0.0, 0.0, -2.5, 7, Double(next(1000)) / 8 - 60][next(10)]
                }),
                decimals((0..<count).map { _ in nil }),
                vector(.period(.day), (0..<count).map { _ in next(5) == 0 ? .null : .period(.day, Int32(next(30) + 19_000)) }),
                vector(.boolean, (0..<count).map { _ in next(5) == 0 ? .null : .boolean(next(2) == 0) }),
            ]
        }
    }

    /// The comparators alone, without digits.
    func comparedOnly(_ keys: [Sorting.SortKey]) -> [Sorting.SortKey] {
        keys.map { key in (comparator: (key.comparator.comparator, key.comparator.isNull, { nil }), descending: key.descending) }
    }

    /// Rows are ordered by packed digits when every key has them; the comparators alone must
    /// give the same order, ties, nulls and descending keys included.
    @Test func digitsOrderAsTheComparatorsDo() {
        var random = RandomColumns()
        let count = 3000
        let columns = random.columns(count)
        for _ in 0..<40 {
            let keys = random.keys(columns, most: 4)
            let ordered = Sorting.order(count: count, keys: keys)
            #expect(ordered == Sorting.order(count: count, keys: comparedOnly(keys)))
            #expect(keys.allSatisfy { $0.comparator.digits() != nil })
        }
        // NaN is neither below nor above anything: such a column has no digits.
        #expect(Sorting.comparator(decimals([1, .nan, 0])).digits() == nil)
    }

    @Test func decimalImagesKeepTheOrder() {
        let values: [Double] = [-.infinity, -1e300, -2.5, -5e-324, 0, 5e-324, 1, 2.5, 1e300, .infinity]
        #expect(zip(values, values.dropFirst()).allSatisfy { Sorting.image($0) < Sorting.image($1) })
        #expect(Sorting.image(-0.0) == Sorting.image(0.0))
    }

    /// With a limit, the first rows of the full order, picked or sorted, with or without digits.
    @Test("top rows as a full sort then limit", arguments: [0, 1, 5, 100, 187, 2999, 3000, 5000])
    func topRowsAsFullSortThenLimit(_ limit: Int) {
        var random = RandomColumns()
        let count = 3000
        let columns = random.columns(count)
        for _ in 0..<20 {
            let keys = random.keys(columns, most: 3)
            let full = Array(Sorting.order(count: count, keys: keys).prefix(limit))
            #expect(Sorting.order(count: count, keys: keys, limit: limit) == full)
            #expect(Sorting.order(count: count, keys: comparedOnly(keys), limit: limit) == full)
        }
    }

    @Test func topRowsKeepTiesInRowOrderAndNullsLast() {
        let amount = integers([5, nil, 7, 5, 7, nil, 5, 1, 7, 5, 7, 5, 5, 1, 5, 5, 5, 5, 5, 5])
        let keys = [(comparator: Sorting.comparator(amount), descending: true)]
        #expect(Sorting.order(count: 20, keys: keys, limit: 1) == [2])
        #expect(Sorting.order(count: 20, keys: keys + keys, limit: 0) == [])
        let nulls = integers([nil, nil, nil, 1] + [Int64?](repeating: nil, count: 40))
        #expect(Sorting.order(count: 44, keys: [(comparator: Sorting.comparator(nulls), descending: true)], limit: 2) == [3, 0])
    }
}
