import Testing

@testable import KpiqEngine
import KpiqLanguage

@Suite("Engine: grouping")
struct EngineGroupingTests {
    /// The rows of each group, in order of first appearance.
    func groups(_ grouping: Grouping) -> [[Int]] {
        var rows = [[Int]](repeating: [], count: grouping.groupCount)
        for (row, id) in grouping.groupIds.enumerated() { rows[Int(id)].append(row) }
        return rows
    }

    @Test func noKeysIsOneGroupEvenOverNoRows() {
        let empty = Grouping(keys: [], count: 0)
        #expect(empty.groupCount == 1)
        #expect(empty.groupIds.isEmpty)
        let three = Grouping(keys: [], count: 3)
        #expect(three.groupCount == 1)
        #expect(three.groupIds == [0, 0, 0])
    }

    @Test func oneKeyWithRowsButNoValuesIsNoGroups() {
        let grouping = Grouping(keys: [integers([])], count: 0)
        #expect(grouping.groupCount == 0)
        #expect(grouping.representatives.isEmpty)
    }

    @Test(arguments: [
        (integers([3, nil, 3, 7, nil]), [[0, 2], [1, 4], [3]]),
        (decimals([0.0, -0.0, nil, 1.5, 1.5]), [[0, 1], [2], [3, 4]]),
        (texts(["b", nil, "a", "b", nil]), [[0, 3], [1, 4], [2]]),
        (booleans([true, nil, false, true]), [[0, 3], [1], [2]]),
        (dates(["2017-01-01", nil, "2017-01-01", "2016-12-31"]), [[0, 2], [1], [3]]),
    ])
    func nullKeysFormTheirOwnGroup(_ key: ColumnVector, _ expected: [[Int]]) {
        let grouping = Grouping(keys: [key], count: key.count)
        #expect(groups(grouping) == expected)
        #expect(grouping.representatives == expected.map { $0[0] })
    }

    @Test func severalKeysGroupByTheirCombination() {
        let region = texts(["N", "N", "S", "N", "S", nil])
        let year = integers([2016, 2017, 2016, 2016, 2016, 2016])
        let won = booleans([true, true, false, true, false, true])
        let grouping = Grouping(keys: [region, year, won], count: 6)
        #expect(groups(grouping) == [[0, 3], [1], [2, 4], [5]])
    }

    /// A thousand distinct values in each of four keys: 10¹² combinations, far past the direct
    /// table, so groups are found through the hash table.
    @Test func manyCombinationsUseTheHashTable() {
        let count = 1000
        let keys = (0..<4).map { shift in integers((0..<count).map { Int64(($0 + shift) % count) }) }
        let grouping = Grouping(keys: keys, count: count)
        #expect(grouping.groupCount == count)
        let repeated = Grouping(keys: keys.map { $0.gather((0..<Int32(count)).map { $0 % 10 }) }, count: count)
        #expect(repeated.groupCount == 10)
        #expect(repeated.groupIds == (0..<count).map { Int32($0 % 10) })
    }

    /// So many combinations that multiplying the key cardinalities overflows: the keys are then
    /// renumbered pair by pair. Four text keys sharing a dictionary of a million values (most of
    /// them unused, as after a filter) reach that on two rows, which are different and must stay
    /// two groups; folding the pair into one integer once merged exactly these two.
    @Test func cardinalityOverflowKeepsDifferentRowsApart() {
        let dictionary = TextDictionary((0..<1_000_010).map { String($0) })
        func key(_ codes: [UInt32]) -> ColumnVector { ColumnVector(.text(codes, dictionary)) }
        let keys = [key([0, 0]), key([0, 0]), key([0, 1]), key([1_000_003 + 5, 5])]
        let grouping = Grouping(keys: keys, count: 2)
        #expect(grouping.groupCount == 2)
        let same = Grouping(keys: keys.map { $0.gather([0, 0, 1]) }, count: 3)
        #expect(same.groupIds == [0, 0, 1])
    }

    /// Groups numbered by first appearance of each combination of values, as a reference.
    func firstAppearance(_ keys: [ColumnVector], count: Int) -> [Int32] {
        let columns = keys.map(\.values)
        var numbers: [[Value]: Int32] = [:]
        return (0..<count).map { row in
            let combination = columns.map { $0[row] }
            if let number = numbers[combination] { return number }
            numbers[combination] = Int32(numbers.count)
            return Int32(numbers.count - 1)
        }
    }

    /// Keys of every kind with nulls, numbered through the hash table (no direct table allowed)
    /// and through the direct table: the same groups in the same order as first appearance.
    @Test func hashedNumberingAgreesWithTheDirectTable() {
        let count = 4000
        let region = texts((0..<count).map { (row: Int) -> String? in row % 13 == 0 ? nil : "r\(row % 5)" })
        let bases: [Double] = [0.0, -0.0, 2.5]
        let amount = decimals((0..<count).map { (row: Int) -> Double? in
            row % 17 == 0 ? nil : bases[row % 3] + Double((row * 31) % 300)
        })
        let wide = integers((0..<count).map { (row: Int) -> Int64? in
            row % 19 == 0 ? nil : Int64((row * 7) % 500) * 1_000_000_000_000
        })
        let day = dates((0..<count).map { (row: Int) -> String? in
            row % 23 == 0 ? nil : "2020-0\(row % 9 + 1)-1\(row % 7)"
        })
        for keys in [[wide], [region, amount], [amount, wide, day], [region, wide, day, amount]] {
            let direct = Grouping(keys: keys, count: count)
            let hashed = Grouping(keys: keys, count: count, directLimit: 0)
            let expected = firstAppearance(keys, count: count)
            #expect(hashed.groupIds == expected)
            #expect(direct.groupIds == expected)
            #expect(hashed.representatives == direct.representatives)
            #expect(hashed.groupCount == Int(expected.max()!) + 1)
        }
    }

    /// Two text keys over a dictionary of 100,000 values: 10¹⁰ combinations, past 32 bits, so the
    /// wide hash table (a key and a number per slot) numbers them.
    @Test func combinationsPastThirtyTwoBitsUseTheWideTable() {
        let count = 3000
        let dictionary = TextDictionary((0..<100_000).map { String($0) })
        let first = ColumnVector(.text((0..<count).map { UInt32(($0 * 37) % 99_991) % 40 }, dictionary))
        let second = ColumnVector(.text((0..<count).map { UInt32(99_000 + ($0 * 11) % 97) }, dictionary))
        let grouping = Grouping(keys: [first, second], count: count)
        #expect(grouping.groupIds == firstAppearance([first, second], count: count))
    }

    @Test func denseCodesNumberNullAsZeroForNonText() {
        let (codes, cardinality) = Grouping.denseCodes(integers([5, nil, 9, 5]))
        #expect(codes == [1, 0, 2, 1])
        #expect(cardinality == 3)
        let (textCodes, textCardinality) = Grouping.denseCodes(texts(["x", nil, "y"]))
        #expect(textCodes == [0, 2, 1])
        #expect(textCardinality == 3)
    }
}
