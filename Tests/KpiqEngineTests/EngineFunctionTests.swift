import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Arithmetic kernels and the row-level functions.
@Suite("Engine: arithmetic and functions")
struct EngineFunctionTests {
    func apply(_ function: ScalarFunction, _ arguments: [ColumnVector], _ type: DataType) -> [Value] {
        Functions.apply(function, arguments, type: type, count: arguments[0].count).values
    }

    /// A constant vector, as the evaluator makes one for a literal.
    func constant(_ value: Value, _ type: DataType, _ count: Int) -> ColumnVector {
        .constant(value, type: type, count: count)
    }

    // MARK: Arithmetic

    @Test(arguments: [
        (BinaryOperator.add, DataType.integer, [Value.integer(9), .integer(1), .null, .null]),
        (.subtract, .integer, [.integer(5), .integer(-5), .null, .null]),
        (.multiply, .integer, [.integer(14), .integer(-6), .null, .null]),
        // Integer division gives a decimal; by zero it is null, never infinity.
        (.divide, .decimal, [.decimal(3.5), .decimal(-2.0 / 3.0), .null, .null]),
    ])
    func integerArithmetic(_ op: BinaryOperator, _ type: DataType, _ expected: [Value]) {
        let a = integers([7, -2, nil, 4]), b = integers([2, 3, 1, nil])
        #expect(Kernels.arithmetic(op, a, b, type: type).values == expected)
    }

    @Test func divisionByZeroIsNull() {
        let quotient = Kernels.arithmetic(.divide, integers([1, 0, -1, 6]), integers([0, 0, 0, 3]), type: .decimal)
        #expect(quotient.values == [.null, .null, .null, .decimal(2)])
        let decimal = Kernels.arithmetic(.divide, decimals([1.5, 1.5]), decimals([0.0, -0.0]), type: .decimal)
        #expect(decimal.values == [.null, .null])
    }

    @Test func decimalArithmeticMixesWithIntegers() {
        let a = decimals([1.5, 0.25]), b = integers([2, 4])
        #expect(Kernels.arithmetic(.add, a, b, type: .decimal).values == [.decimal(3.5), .decimal(4.25)])
        #expect(Kernels.arithmetic(.multiply, b, a, type: .decimal).values == [.decimal(3), .decimal(1)])
        #expect(Kernels.arithmetic(.divide, a, b, type: .decimal).values == [.decimal(0.75), .decimal(0.0625)])
    }

    @Test func dateArithmeticIsInDays() {
        let days = dates(["2017-02-27", "2016-02-27", nil])
        let plus = Kernels.arithmetic(.add, days, integers([3, 3, 3]), type: .date)
        #expect(plus.values == [.date(Int32(day("2017-03-02"))), .date(Int32(day("2016-03-01"))), .null])
        let minus = Kernels.arithmetic(.subtract, days, integers([60, 60, 60]), type: .date)
        #expect(minus.values == [.date(Int32(day("2016-12-29"))), .date(Int32(day("2015-12-29"))), .null])
        let between = Kernels.arithmetic(.subtract, dates(["2017-03-01", "2017-01-01"]), dates(["2017-01-01", "2017-03-01"]), type: .integer)
        #expect(between.values == [.integer(59), .integer(-59)])
    }

    @Test func negationOfAColumn() {
        let evaluator = Evaluator(catalog: Catalog(), groups: 3, aggregates: [integers([5, -3, nil]), decimals([1.5, -0.5, nil])])
        #expect(evaluator.evaluate(.unary(.negate, .aggregate(0, .integer), .integer)).values == [.integer(-5), .integer(3), .null])
        #expect(evaluator.evaluate(.unary(.negate, .aggregate(1, .decimal), .decimal)).values == [.decimal(-1.5), .decimal(0.5), .null])
    }

    // MARK: if, coalesce

    @Test func ifTakesTheElseBranchWhenTheConditionIsNull() {
        let condition = booleans([true, false, nil])
        let result = apply(.if, [condition, texts(["a", "a", "a"]), texts(["b", "b", "b"])], .text)
        #expect(result == [.text("a"), .text("b"), .text("b")])
        let mixed = apply(.if, [condition, integers([1, 1, 1]), decimals([0.5, 0.5, 0.5])], .decimal)
        #expect(mixed == [.decimal(1), .decimal(0.5), .decimal(0.5)])
        let nullBranch = apply(.if, [condition, integers([1, 1, 1]), constant(.null, .null, 3)], .integer)
        #expect(nullBranch == [.integer(1), .null, .null])
        // `if(null, 1, 2)` is 2, as SQL's CASE WHEN NULL (it once gave null).
        #expect(apply(.if, [constant(.null, .null, 2), integers([1, 1]), integers([2, 2])], .integer) == [.integer(2), .integer(2)])
    }

    @Test func coalesceTakesTheFirstValue() {
        let result = apply(.coalesce, [integers([nil, 2, nil]), decimals([1.5, 9, nil]), integers([7, 7, nil])], .decimal)
        #expect(result == [.decimal(1.5), .decimal(2), .null])
        #expect(apply(.coalesce, [texts([nil, "x"]), texts(["-", "-"])], .text) == [.text("-"), .text("x")])
    }

    // MARK: Dates

    @Test func daysBetweenDatesAndTimestamps() {
        #expect(apply(.days_between, [dates(["2017-01-01", "2017-03-01", nil]), dates(["2017-03-01", "2017-01-01", "2017-01-01"])], .integer)
                == [.integer(59), .integer(-59), .null])
        // Calendar days: two minutes across midnight is one day; 23 hours within a day is none.
        let start = timestamps([("2020-01-01", 23 * 3600 + 59 * 60), ("2020-01-01", 0), ("1969-12-31", 23 * 3600)])
        let end = timestamps([("2020-01-02", 60), ("2020-01-01", 23 * 3600), ("1970-01-01", 3600)])
        #expect(apply(.days_between, [start, end], .integer) == [.integer(1), .integer(0), .integer(1)])
        #expect(apply(.days_between, [dates(["2020-01-01"]), timestamps([("2020-01-03", 3600)])], .integer) == [.integer(2)])
    }

    /// `year`, `quarter`, `month`, `ISO week`, `day` of each date.
    @Test(arguments: [
        ("2017-03-01", [2017, 1, 3, 9, 1]),
        ("2017-07-15", [2017, 3, 7, 28, 15]),
        ("2016-02-29", [2016, 1, 2, 9, 29]),
        // ISO weeks at year ends: a week belongs to the year holding its Thursday.
        ("2015-12-31", [2015, 4, 12, 53, 31]),
        ("2016-01-03", [2016, 1, 1, 53, 3]),
        ("2016-01-04", [2016, 1, 1, 1, 4]),
        ("2018-12-31", [2018, 4, 12, 1, 31]),
        ("2020-12-31", [2020, 4, 12, 53, 31]),
        ("2021-01-01", [2021, 1, 1, 53, 1]),
        ("2021-01-04", [2021, 1, 1, 1, 4]),
        ("1969-12-31", [1969, 4, 12, 1, 31]),
        ("1900-03-01", [1900, 1, 3, 9, 1]),
    ])
    func datePartsOfDates(_ date: String, _ parts: [Int64]) {
        let functions: [ScalarFunction] = [.year, .quarter, .month, .week, .day]
        for (function, expected) in zip(functions, parts) {
            #expect(apply(function, [dates([date])], .integer) == [.integer(expected)], "\(function)(\(date))")
        }
    }

    @Test func datePartsOfTimestampsUseTheirDay() {
        let stamps = timestamps([("2020-12-31", 23 * 3600 + 1800), ("1969-12-31", 23 * 3600)])
        #expect(apply(.year, [stamps], .integer) == [.integer(2020), .integer(1969)])
        #expect(apply(.day, [stamps], .integer) == [.integer(31), .integer(31)])
        #expect(apply(.month, [dates([nil])], .integer) == [.null])
    }

    // MARK: Text

    @Test func lowerUpperAndTrim() {
        let words = texts(["  Ab C  ", "ÉTÉ", "\tx\t", nil, "Ab"])
        #expect(apply(.lower, [words], .text) == [.text("  ab c  "), .text("été"), .text("\tx\t"), .null, .text("ab")])
        #expect(apply(.upper, [words], .text) == [.text("  AB C  "), .text("ÉTÉ"), .text("\tX\t"), .null, .text("AB")])
        // Only spaces are trimmed, as SQL's trim.
        #expect(apply(.trim, [words], .text) == [.text("Ab C"), .text("ÉTÉ"), .text("\tx\t"), .null, .text("Ab")])
        #expect(apply(.trim, [texts(["   ", ""])], .text) == [.text(""), .text("")])
    }

    @Test func lowerMergesValuesThatDifferOnlyInCase() {
        let lowered = Functions.apply(.lower, [texts(["A", "a", "B"])], type: .text, count: 3)
        guard case .text(let codes, let dictionary) = lowered.data else {
            Issue.record("lower gave \(lowered.type)")
            return
        }
        #expect(codes[0] == codes[1])
        #expect(dictionary.values == ["a", "b"])
    }

    // MARK: Numbers

    @Test(arguments: [
        // Half away from zero, on both sides of zero.
        (2.5, 0, 3.0), (-2.5, 0, -3.0), (0.5, 0, 1.0), (-0.5, 0, -1.0), (1.4999, 0, 1.0), (-1.4999, 0, -1.0),
        (1.25, 1, 1.3), (-1.25, 1, -1.3), (1234.5678, 2, 1234.57), (-1234.5678, 2, -1234.57),
        // Negative digits round to tens, hundreds, ...
        (1250.0, -2, 1300.0), (-1250.0, -2, -1300.0), (1249.9, -2, 1200.0), (15.0, -1, 20.0),
    ])
    func roundDecimals(_ value: Double, _ digits: Int64, _ expected: Double) {
        #expect(apply(.round, [decimals([value]), integers([digits])], .decimal) == [.decimal(expected)])
    }

    @Test func roundIntegers() {
        let values = integers([15, -15, 1249, 1250, nil])
        #expect(apply(.round, [values, constant(.integer(2), .integer, 5)], .integer) == values.values)
        #expect(apply(.round, [values, constant(.integer(-1), .integer, 5)], .integer)
                == [.integer(20), .integer(-20), .integer(1250), .integer(1250), .null])
        #expect(apply(.round, [values, constant(.integer(-2), .integer, 5)], .integer)
                == [.integer(0), .integer(0), .integer(1200), .integer(1300), .null])
        #expect(apply(.round, [decimals([2.5, nil])], .decimal) == [.decimal(3), .null])
    }

    @Test func absoluteValues() {
        #expect(apply(.abs, [integers([-3, 0, 5, nil])], .integer) == [.integer(3), .integer(0), .integer(5), .null])
        #expect(apply(.abs, [decimals([-1.5, 2.25])], .decimal) == [.decimal(1.5), .decimal(2.25)])
        // The one integer without a positive counterpart stays as it is rather than trapping.
        #expect(apply(.abs, [integers([.min])], .integer) == [.integer(.min)])
    }

    /// A timestamp vector from (date, seconds into the day).
    func timestamps(_ values: [(String, Int)]) -> ColumnVector {
        vector(.timestamp, values.map { .timestamp(Int64(day($0.0)) * 86_400_000_000 + Int64($0.1) * 1_000_000) })
    }
}
