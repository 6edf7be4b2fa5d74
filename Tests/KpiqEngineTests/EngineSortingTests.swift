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

    /// Rows are ordered by packed ranks when every key has them; the comparators alone must
    /// give the same order, ties, nulls and descending keys included.
    @Test func ranksOrderAsTheComparatorsDo() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let count = 3000
        let columns: [ColumnVector] = [
            texts((0..<count).map { _ in next(9) == 0 ? nil : ["b", "a", "B", "é", "", "ab"][next(6)] }),
            integers((0..<count).map { _ in next(7) == 0 ? nil : Int64(next(40)) - 20 }),
            // Too wide a range for a table of ranks.
            integers((0..<count).map { _ in next(7) == 0 ? nil : [Int64.min, Int64.max, 0, 1 << 40, -(1 << 40)][next(5)] }),
            decimals((0..<count).map { _ in next(7) == 0 ? nil : [0.5, -0.0, 0.0, -3, 1e300][next(5)] }),
            vector(.period(.day), (0..<count).map { _ in next(5) == 0 ? .null : .period(.day, Int32(next(30) + 19_000)) }),
            vector(.boolean, (0..<count).map { _ in next(5) == 0 ? .null : .boolean(next(2) == 0) }),
        ]
        for _ in 0..<12 {
            let keys = (0..<1 + next(3)).map { _ in (comparator: Sorting.comparator(columns[next(columns.count)]), descending: next(2) == 0) }
            let ranked = Sorting.order(count: count, keys: keys)
            let compared = Sorting.order(count: count, keys: keys.map { key in
                (comparator: (key.comparator.comparator, key.comparator.isNull, { nil }), descending: key.descending)
            })
            #expect(ranked == compared)
            #expect(keys.allSatisfy { $0.comparator.ranks() != nil })
        }
        // NaN is neither below nor above anything: such a column has no ranks.
        #expect(Sorting.comparator(decimals([1, .nan, 0])).ranks() == nil)
    }
}
