import KpiqLanguage

/// Which types operators and functions accept, and what they return.
enum TypeRules {
    static func comparable(_ left: DataType, _ right: DataType) -> Bool {
        if left == .null || right == .null || left == right { return true }
        if left.isNumeric && right.isNumeric { return true }
        if left.isTemporal && right.isTemporal { return true }
        return false
    }

    static func comparisonHint(_ left: DataType, _ right: DataType) -> String? {
        switch (left, right) {
        case (.text, .integer), (.text, .decimal), (.integer, .text), (.decimal, .text):
            return "text compares with text: put the value in quotes, or compare a numeric column"
        case (.period(let grain), _), (_, .period(let grain)):
            return "write a \(grain.rawValue) such as `\(PeriodExamples.example(grain))`"
        case (.date, _), (_, .date):
            return "write a date as `2017-07-15`"
        default:
            return nil
        }
    }

    /// The type both branches of `if` or the arguments of `coalesce` share.
    static func unify(_ left: DataType, _ right: DataType) -> DataType? {
        if left == right { return left }
        if left == .null { return right }
        if right == .null { return left }
        if left.isNumeric && right.isNumeric { return .decimal }
        if left.isTemporal && right.isTemporal { return .timestamp }
        return nil
    }

    static func arithmetic(_ op: BinaryOperator, _ left: DataType, _ right: DataType) -> DataType? {
        switch (left, right) {
        case (.null, .null): return op == .divide ? .decimal : .null
        case (.integer, .integer): return op == .divide ? .decimal : .integer
        case (.null, .integer), (.integer, .null): return op == .divide ? .decimal : .integer
        case _ where left.isNumeric && right.isNumeric: return .decimal
        case (.date, .date) where op == .subtract: return .integer
        case (.date, .integer) where op == .add || op == .subtract: return .date
        case (.integer, .date) where op == .add: return .date
        case (.date, .null), (.null, .date): return op == .subtract ? .integer : .date
        default: return nil
        }
    }
}

extension Checker {
    mutating func bindUnary(_ op: UnaryOperator, _ operand: BoundExpr, span: Span, source: SourceFile) -> BoundExpr {
        switch op {
        case .negate:
            guard operand.type.isNumeric else {
                error("cannot negate \(operand.type)", at: span, in: source)
                return .literal(.null, .null)
            }
            // `-1` is a number, not an operation: `round(x, -1)` needs a literal.
            switch operand {
            case .literal(.integer(let value), _) where value != .min: return .literal(.integer(-value), .integer)
            case .literal(.decimal(let value), _): return .literal(.decimal(-value), .decimal)
            default: break
            }
            return .unary(.negate, operand, operand.type == .null ? .integer : operand.type)
        case .not:
            guard operand.type == .boolean || operand.type == .null else {
                error("`not` needs a condition, but this is \(operand.type)", at: span, in: source)
                return .literal(.null, .null)
            }
            return .unary(.not, operand, .boolean)
        }
    }

    mutating func bindBinary(_ op: BinaryOperator, _ left: BoundExpr, _ right: BoundExpr, span: Span,
                             operandSpans: (Span, Span), source: SourceFile) -> BoundExpr {
        if op.isComparison {
            checkComparable(left.type, right.type, span: span, source: source)
            return .binary(op, left, right, .boolean)
        }
        if op == .and || op == .or {
            for (operand, operandSpan) in [(left, operandSpans.0), (right, operandSpans.1)]
            where operand.type != .boolean && operand.type != .null {
                error("`\(op.rawValue)` joins conditions, but this is \(operand.type)", at: operandSpan, in: source)
            }
            return .binary(op, left, right, .boolean)
        }
        guard let type = TypeRules.arithmetic(op, left.type, right.type) else {
            error("cannot apply `\(op.rawValue)` to \(left.type) and \(right.type)", at: span, in: source,
                  hints: [left.type == .text || right.type == .text ? "arithmetic works on numbers and dates" : nil])
            return .literal(.null, .null)
        }
        return .binary(op, left, right, type)
    }

    mutating func bindFunction(_ call: Call, arguments: [BoundExpr], source: SourceFile) -> BoundExpr {
        let name = call.name.name.lowercased()
        guard let function = ScalarFunction(rawValue: name) else {
            let functions = ScalarFunction.allCases.map(\.rawValue)
            // With nothing close, the whole list: there are few enough to read.
            let list = "functions: \(functions.joined(separator: ", ")); aggregates: \(AggregateKind.names.joined(separator: ", "))"
            error("unknown function `\(call.name.name)`", at: call.name.span, in: source,
                  hints: [Suggestions.hint(for: call.name.name, in: functions + AggregateKind.names) ?? list])
            return .literal(.null, .null)
        }
        if call.filter != nil {
            error("only aggregates take a `where` inside their parentheses", at: call.filter!.span, in: source)
        }
        guard function.arity.contains(arguments.count) else {
            error("`\(function.rawValue)` takes \(describe(function.arity)), not \(arguments.count)", at: call.span, in: source,
                  hints: ["usage: `\(function.usage)`"])
            return .literal(.null, .null)
        }
        func require(_ index: Int, _ accepts: (DataType) -> Bool, _ what: String) -> Bool {
            let type = arguments[index].type
            if type == .null || accepts(type) { return true }
            error("`\(function.rawValue)` needs \(what), but this is \(type)", at: call.arguments[index].span, in: source,
                  hints: ["usage: `\(function.usage)`"])
            return false
        }
        switch function {
        case .if:
            guard require(0, { $0 == .boolean }, "a condition first") else { return .literal(.null, .null) }
            guard let type = TypeRules.unify(arguments[1].type, arguments[2].type) else {
                error("the two branches of `if` have different types: \(arguments[1].type) and \(arguments[2].type)", at: call.span, in: source)
                return .literal(.null, .null)
            }
            return .function(.if, arguments, type)
        case .coalesce:
            var type = DataType.null
            for (index, argument) in arguments.enumerated() {
                guard let unified = TypeRules.unify(type, argument.type) else {
                    error("`coalesce` needs values of one type, but this is \(argument.type) after \(type)", at: call.arguments[index].span, in: source)
                    return .literal(.null, .null)
                }
                type = unified
            }
            return .function(.coalesce, arguments, type)
        case .days_between:
            guard require(0, \.isTemporal, "dates"), require(1, \.isTemporal, "dates") else { return .literal(.null, .null) }
            return .function(.days_between, arguments, .integer)
        case .hours_between, .minutes_between:
            guard require(0, \.isTemporal, "times"), require(1, \.isTemporal, "times") else { return .literal(.null, .null) }
            return .function(function, arguments, .decimal)
        case .year, .quarter, .month, .week, .day:
            guard require(0, \.isTemporal, "a date") else { return .literal(.null, .null) }
            return .function(function, arguments, .integer)
        case .lower, .upper, .trim:
            guard require(0, { $0 == .text }, "text") else { return .literal(.null, .null) }
            return .function(function, arguments, .text)
        case .abs:
            guard require(0, \.isNumeric, "a number") else { return .literal(.null, .null) }
            return .function(.abs, arguments, arguments[0].type == .null ? .integer : arguments[0].type)
        case .round:
            guard require(0, \.isNumeric, "a number") else { return .literal(.null, .null) }
            var arguments = arguments
            if arguments.count == 2 {
                switch arguments[1] {
                case .literal(.integer, _): break
                // `-1` is a negated literal: tens, hundreds, ...
                case .unary(.negate, .literal(.integer(let digits), _), _):
                    arguments[1] = .literal(.integer(-digits), .integer)
                default:
                    error("the digits of `round` must be a whole number such as 2", at: call.arguments[1].span, in: source)
                    return .literal(.null, .null)
                }
            }
            return .function(.round, arguments, arguments[0].type == .integer ? .integer : .decimal)
        }
    }

    private func describe(_ arity: ClosedRange<Int>) -> String {
        if arity.lowerBound == arity.upperBound {
            return arity.lowerBound == 1 ? "1 argument" : "\(arity.lowerBound) arguments"
        }
        return arity.upperBound > 10 ? "at least \(arity.lowerBound) argument" : "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }
}
