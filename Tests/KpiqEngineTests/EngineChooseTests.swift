import Testing

@testable import KpiqEngine

/// `if` and `coalesce` a column at a time (`Functions.chosen`) against the meaning worked out
/// row by row, for every storage kind, nulls, text with shared and separate dictionaries, and
/// branches stored as another type (which take the value-by-value path).
@Suite("Engine: if and coalesce over whole columns")
struct EngineChooseTests {
    static let count = 600

    /// Seeded values of `type`, about a fifth of them null; text drawn from `words`.
    static func values(_ type: DataType, seed: UInt64, words: [String] = ["North", "South", "East", "Wést", ""]) -> ColumnVector {
        var numbers = SeededNumbers(seed: seed)
        let values = (0..<count).map { _ -> Value in
            guard numbers.next(5) != 0 else { return .null }
            let number = numbers.next(1_000)
            switch type {
            case .integer: return .integer(Int64(number - 500))
            case .decimal: return .decimal(Double(number) / 8 - 40)
            case .boolean: return .boolean(number % 2 == 0)
            case .date: return .date(Int32(17_000 + number))
            case .timestamp: return .timestamp(Int64(number) * 3_600_000_000)
            case .period(let grain): return .period(grain, Int32(number))
            default: return .text(words[number % words.count])
            }
        }
        return vector(type, values)
    }

    static let types: [DataType] = [.integer, .decimal, .boolean, .date, .timestamp, .period(.quarter), .text]

    @Test(arguments: types)
    func ifTakesTheBranchTheConditionChooses(_ type: DataType) {
        let condition = Self.values(.boolean, seed: 7)
        let then = Self.values(type, seed: 11), otherwise = Self.values(type, seed: 13, words: ["a", "b", "North"])
        let result = Functions.apply(.if, [condition, then, otherwise], type: type, count: Self.count)
        for row in 0..<Self.count {
            let chosen = condition.value(at: row) == .boolean(true) ? then : otherwise
            #expect(result.value(at: row) == chosen.value(at: row), "row \(row)")
        }
    }

    @Test(arguments: types)
    func coalesceTakesTheFirstValue(_ type: DataType) {
        let parts = [Self.values(type, seed: 17), Self.values(type, seed: 19, words: ["x", "North"]), Self.values(type, seed: 23)]
        let result = Functions.apply(.coalesce, parts, type: type, count: Self.count)
        for row in 0..<Self.count {
            let first = parts.lazy.map { $0.value(at: row) }.first { $0 != .null } ?? .null
            #expect(result.value(at: row) == first, "row \(row)")
        }
    }

    /// One dictionary for both branches: the codes are kept as they are.
    @Test func textBranchesOfOneColumnShareItsDictionary() {
        let column = Self.values(.text, seed: 29)
        let result = Functions.apply(.if, [Self.values(.boolean, seed: 31), column, column], type: .text, count: Self.count)
        guard case .text(_, let dictionary) = result.data, case .text(_, let original) = column.data else {
            Issue.record("not text")
            return
        }
        #expect(dictionary === original)
        #expect((0..<Self.count).map(result.value(at:)) == (0..<Self.count).map(column.value(at:)))
    }

    /// A constant branch, a bare `null` and an integer branch of a decimal `if`.
    @Test func constantsNullsAndWideningBranches() {
        let condition = Self.values(.boolean, seed: 37)
        let big = ColumnVector.constant(.text("big"), type: .text, count: Self.count)
        let none = ColumnVector.constant(.null, type: .text, count: Self.count)
        let text = Functions.apply(.if, [condition, big, none], type: .text, count: Self.count)
        let whole = Self.values(.integer, seed: 41)
        let mixed = Functions.apply(.if, [condition, whole, Self.values(.decimal, seed: 43)], type: .decimal, count: Self.count)
        let bare = Functions.apply(.coalesce, [Self.values(.integer, seed: 47), .constant(.null, type: .null, count: Self.count)],
                                   type: .integer, count: Self.count)
        for row in 0..<Self.count {
            let yes = condition.value(at: row) == .boolean(true)
            #expect(text.value(at: row) == (yes ? .text("big") : .null))
            if yes, case .integer(let value) = whole.value(at: row) { #expect(mixed.value(at: row) == .decimal(Double(value))) }
            #expect(bare.value(at: row) == Self.values(.integer, seed: 47).value(at: row))
        }
    }
}
