import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Three-valued logic, comparisons, `in`, `between` and `like`, evaluated a vector at a time.
@Suite("Engine: logic and comparisons")
struct EngineLogicTests {
    /// Evaluates `expression` over vectors bound as `.aggregate(0)`, `.aggregate(1)`, ...
    func evaluate(_ expression: BoundExpr, _ inputs: ColumnVector...) -> [Value] {
        let evaluator = Evaluator(catalog: Catalog(), groups: inputs.first?.count ?? 0, aggregates: inputs)
        return evaluator.evaluate(expression).values
    }

    func input(_ index: Int, _ type: DataType) -> BoundExpr { .aggregate(index, type) }

    // MARK: Logic

    static let truth: [Bool?] = [true, false, nil]
    /// Every pair of truth values: (true, true), (true, false), (true, null), (false, true), ...
    static let left = booleans(truth.flatMap { value in truth.map { _ in value } })
    static let right = booleans(truth.flatMap { _ in truth })

    @Test func andIsFalseWhenEitherSideIsFalse() {
        #expect(Logic.and(Self.left, Self.right).values == [
            .boolean(true), .boolean(false), .null,
            .boolean(false), .boolean(false), .boolean(false),
            .null, .boolean(false), .null,
        ])
    }

    @Test func orIsTrueWhenEitherSideIsTrue() {
        #expect(Logic.or(Self.left, Self.right).values == [
            .boolean(true), .boolean(true), .boolean(true),
            .boolean(true), .boolean(false), .null,
            .boolean(true), .null, .null,
        ])
    }

    @Test func notOfNullIsNull() {
        #expect(Logic.not(booleans([true, false, nil])).values == [.boolean(false), .boolean(true), .null])
    }

    @Test func withoutNullsLogicIsTwoValued() {
        let a = booleans([true, true, false, false]), b = booleans([true, false, true, false])
        #expect(a.validity == nil)
        #expect(Logic.and(a, b).values == [true, false, false, false].map(Value.boolean))
        #expect(Logic.or(a, b).values == [true, true, true, false].map(Value.boolean))
        #expect(Logic.and(a, b).validity == nil)
    }

    // MARK: Comparisons

    @Test(arguments: [
        (BinaryOperator.equal, [Value.boolean(false), .boolean(true), .boolean(false), .null, .null]),
        (.notEqual, [.boolean(true), .boolean(false), .boolean(true), .null, .null]),
        (.less, [.boolean(true), .boolean(false), .boolean(false), .null, .null]),
        (.lessEqual, [.boolean(true), .boolean(true), .boolean(false), .null, .null]),
        (.greater, [.boolean(false), .boolean(false), .boolean(true), .null, .null]),
        (.greaterEqual, [.boolean(false), .boolean(true), .boolean(true), .null, .null]),
    ])
    func comparisonWithNullIsNull(_ op: BinaryOperator, _ expected: [Value]) {
        let a = integers([1, 2, 3, nil, 2]), b = integers([2, 2, 2, 2, nil])
        #expect(evaluate(.binary(op, input(0, .integer), input(1, .integer), .boolean), a, b) == expected)
    }

    @Test func nullComparisonsAreFilteredOut() {
        let evaluator = Evaluator(catalog: Catalog(), groups: 4, aggregates: [integers([5, nil, 7, 5])])
        let isFive = BoundExpr.binary(.equal, .aggregate(0, .integer), .literal(.integer(5), .integer), .boolean)
        #expect(evaluator.truePositions(isFive) == [0, 3])
        let notFive = BoundExpr.binary(.notEqual, .aggregate(0, .integer), .literal(.integer(5), .integer), .boolean)
        #expect(evaluator.truePositions(notFive) == [2])
        let equalsNull = BoundExpr.binary(.equal, .aggregate(0, .integer), .literal(.null, .null), .boolean)
        #expect(evaluator.truePositions(equalsNull) == [])
    }

    @Test func numbersCompareAcrossIntegerAndDecimal() {
        let a = integers([1, 2, 3]), b = decimals([1.5, 2.0, 2.5])
        #expect(evaluate(.binary(.less, input(0, .integer), input(1, .decimal), .boolean), a, b)
                == [true, false, false].map(Value.boolean))
        #expect(evaluate(.binary(.equal, input(0, .integer), input(1, .decimal), .boolean), a, b)
                == [false, true, false].map(Value.boolean))
    }

    @Test func datesCompareWithTimestampsOnOneScale() {
        let day = Int64(day("2020-01-02"))
        let days = dates(["2020-01-02", "2020-01-02"])
        let stamps = vector(.timestamp, [.timestamp(day * 86_400_000_000), .timestamp(day * 86_400_000_000 + 1)])
        #expect(evaluate(.binary(.equal, input(0, .date), input(1, .timestamp), .boolean), days, stamps)
                == [true, false].map(Value.boolean))
        #expect(evaluate(.binary(.less, input(0, .date), input(1, .timestamp), .boolean), days, stamps)
                == [false, true].map(Value.boolean))
    }

    /// Text orders by its UTF-8 bytes, as DuckDB orders strings: upper case before lower case,
    /// accented letters after `z`.
    @Test(arguments: [
        ("B", "a", true), ("a", "b", true), ("z", "é", true), ("ab", "abc", true), ("", "a", true),
        ("b", "a", false), ("a", "a", false), ("é", "z", false),
    ])
    func textComparesByBytes(_ a: String, _ b: String, _ less: Bool) {
        #expect((Kernels.compareText(a, b) < 0) == less)
        // Column against constant, constant against column, and two columns.
        let column = texts([a, "zz", a]), other = texts([b, "zz", b])
        let constant = texts([b, b, b])
        #expect(evaluate(.binary(.less, input(0, .text), input(1, .text), .boolean), column, constant)[0] == .boolean(less))
        #expect(evaluate(.binary(.greater, input(0, .text), input(1, .text), .boolean), constant, column)[0] == .boolean(less))
        #expect(evaluate(.binary(.less, input(0, .text), input(1, .text), .boolean), column, other)[0] == .boolean(less))
    }

    @Test func textColumnsSharingADictionaryCompareByValue() {
        let base = texts(["b", "a", "c", nil])
        let shifted = base.gather([1, 2, 0, 0])
        #expect(evaluate(.binary(.less, input(0, .text), input(1, .text), .boolean), base, shifted)
                == [.boolean(false), .boolean(true), .boolean(false), .null])
    }

    /// A text column that is null on every row has an empty dictionary: comparing, matching
    /// and converting it gives nulls (it once trapped on an index out of range).
    @Test func textNullOnEveryRowComparesAsNull() {
        let allNull = texts([nil, nil])
        #expect(allNull.values == [.null, .null])
        let other = texts(["a", "b"])
        #expect(evaluate(.binary(.equal, input(0, .text), input(1, .text), .boolean), allNull, other) == [.null, .null])
        #expect(evaluate(.binary(.equal, input(0, .text), input(1, .text), .boolean), other, allNull) == [.null, .null])
        #expect(evaluate(.like(input(0, .text), pattern: "a%", negated: false), allNull) == [.null, .null])
        #expect(evaluate(.function(.lower, [input(0, .text)], .text), allNull) == [.null, .null])
    }

    // MARK: in, between

    @Test(arguments: [
        // x in (1, 3)
        (false, [Value.integer(1), .integer(3)], [Value.boolean(true), .boolean(false), .boolean(true), .null]),
        // x not in (1, 3)
        (true, [.integer(1), .integer(3)], [.boolean(false), .boolean(true), .boolean(false), .null]),
        // x in (1, null): true for 1, otherwise unknown
        (false, [.integer(1), .null], [.boolean(true), .null, .null, .null]),
        // x not in (1, null): never true
        (true, [.integer(1), .null], [.boolean(false), .null, .null, .null]),
    ])
    func inListWithNulls(_ negated: Bool, _ list: [Value], _ expected: [Value]) {
        let items = list.map { BoundExpr.literal($0, $0.isNull ? .null : .integer) }
        #expect(evaluate(.inList(input(0, .integer), items, negated: negated), integers([1, 2, 3, nil])) == expected)
    }

    @Test func inListOfText() {
        let stages = texts(["Won", "Lost", "Engaging", nil])
        let list: [BoundExpr] = [.literal(.text("Won"), .text), .literal(.text("Lost"), .text)]
        #expect(evaluate(.inList(input(0, .text), list, negated: false), stages)
                == [.boolean(true), .boolean(true), .boolean(false), .null])
    }

    @Test(arguments: [
        (false, Value.integer(1), Value.integer(3), [Value.boolean(false), .boolean(true), .boolean(true), .boolean(true), .boolean(false), .null]),
        (true, .integer(1), .integer(3), [.boolean(true), .boolean(false), .boolean(false), .boolean(false), .boolean(true), .null]),
        // A null bound: false where the other bound already fails, else unknown.
        (false, .null, .integer(2), [.null, .null, .null, .boolean(false), .boolean(false), .null]),
        (false, .integer(3), .integer(1), [.boolean(false), .boolean(false), .boolean(false), .boolean(false), .boolean(false), .null]),
    ])
    func betweenIsInclusive(_ negated: Bool, _ low: Value, _ high: Value, _ expected: [Value]) {
        let bound = { (value: Value) in BoundExpr.literal(value, value.isNull ? .null : .integer) }
        #expect(evaluate(.between(input(0, .integer), low: bound(low), high: bound(high), negated: negated),
                         integers([0, 1, 2, 3, 4, nil])) == expected)
    }

    // MARK: like

    @Test(arguments: [
        ("GTX Pro", "GTX%", true), ("GTX Pro", "%Pro", true), ("GTX Pro", "%X P%", true), ("GTX Pro", "gtx%", false),
        ("GTX", "GTX_", false), ("GTX1", "GTX_", true), ("GTX12", "GTX_", false), ("GTX", "GTX%", true),
        ("", "%", true), ("", "_", false), ("", "", true), ("a", "", false),
        ("abc", "a%c", true), ("abc", "a%b", false), ("ab", "a%%b", true), ("abc", "abc%%", true),
        ("mississippi", "%iss%ipp%", true), ("mississippi", "%iss%ipx%", false), ("aXbXc", "a%b%c", true),
        // No escapes: a backslash is an ordinary character, `%` is always a wildcard.
        (#"a\xyz"#, #"a\%"#, true), ("a%", #"a\%"#, false), ("100%", "100%", true), ("1000", "100%", true),
        // `_` is one character, however many bytes it takes.
        ("été", "_t_", true), ("日本語", "日_語", true), ("naïve", "na_ve", true), ("日本語", "__", false),
    ])
    func likePatterns(_ text: String, _ pattern: String, _ matches: Bool) {
        #expect(Kernels.like(text, Array(pattern.unicodeScalars)) == matches)
    }

    @Test func likeAndNotLikeKeepNulls() {
        let products = texts(["GTX Pro", "MG Special", nil])
        #expect(evaluate(.like(input(0, .text), pattern: "GTX%", negated: false), products) == [.boolean(true), .boolean(false), .null])
        #expect(evaluate(.like(input(0, .text), pattern: "GTX%", negated: true), products) == [.boolean(false), .boolean(true), .null])
    }

    @Test func isNullAndIsNotNullAreNeverNull() {
        let values = integers([1, nil])
        #expect(evaluate(.isNull(input(0, .integer), negated: false), values) == [.boolean(false), .boolean(true)])
        #expect(evaluate(.isNull(input(0, .integer), negated: true), values) == [.boolean(true), .boolean(false)])
        let full = integers([1, 2])
        #expect(evaluate(.isNull(input(0, .integer), negated: false), full) == [.boolean(false), .boolean(false)])
        #expect(evaluate(.isNull(input(0, .integer), negated: true), full) == [.boolean(true), .boolean(true)])
    }
}
