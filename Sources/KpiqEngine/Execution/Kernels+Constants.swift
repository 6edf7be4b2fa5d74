import KpiqLanguage

/// Comparisons of a vector with one value (`stage = "Won"`, `amount >= 100`,
/// `quarter = 2024-Q3`), without making a vector of the value: one pass over the column.
extension Kernels {
    /// `vector op constant` per row (`constant op vector` when `constantOnLeft`), as
    /// `Evaluator.compare` computes it over a constant vector; nil for the cases it leaves to that.
    static func compare(_ vector: ColumnVector, _ op: BinaryOperator, constant: Value, type constantType: DataType,
                        constantOnLeft: Bool) -> ColumnVector? {
        guard !constant.isNull else { return nil }
        let op = constantOnLeft ? op.mirrored : op
        let one = ColumnVector.constant(constant, type: constantType, count: 1)
        let values: [Bool]
        if vector.type == .text || one.type == .text {
            guard vector.type == one.type, case .text(let codes, let dictionary) = vector.data,
                  case .text(_, let constantDictionary) = one.data else { return nil }
            let text = constantDictionary[0]
            // Decided once per distinct value.
            let table = dictionary.values.map { op.holds(compareText($0, text)) }
            values = lookUp(codes, table)
        } else if vector.type.isTemporal || one.type.isTemporal {
            let micros = vector.type == .timestamp || one.type == .timestamp
            let bound = temporalIntegers(one, asMicroseconds: micros)[0]
            switch vector.data {
            case .date(let days) where !micros: values = compare(days, op, Int64(bound))
            default: values = compare(temporalIntegers(vector, asMicroseconds: micros), op, bound)
            }
        } else if vector.type != .decimal, one.type != .decimal, let bound = integers(one)?[0] {
            switch vector.data {
            case .integer(let numbers): values = compare(numbers, op, bound)
            case .date(let numbers), .period(_, let numbers): values = compare(numbers, op, bound)
            default:
                guard let numbers = integers(vector) else { return nil }
                values = compare(numbers, op, bound)
            }
        } else {
            let bound = doubles(one)[0]
            switch vector.data {
            case .decimal(let numbers): values = compare(numbers, op, bound)
            default: values = compare(doubles(vector), op, bound)
            }
        }
        return ColumnVector(.boolean(values), validity: vector.validity)
    }

    /// `table[code]` per row.
    static func lookUp(_ codes: [UInt32], _ table: [Bool]) -> [Bool] {
        // An empty dictionary: every row is null, its placeholder code indexes nothing.
        guard !table.isEmpty else { return [Bool](repeating: false, count: codes.count) }
        return [Bool](unsafeUninitializedCapacity: codes.count) { output, initialized in
            codes.withUnsafeBufferPointer { codes in
                table.withUnsafeBufferPointer { table in
                    for row in 0..<codes.count { output[row] = table[Int(codes[row])] }
                }
            }
            initialized = codes.count
        }
    }

    /// `value op bound` per value, with the operator chosen once, outside the loop.
    private static func compare<Number: BinaryInteger>(_ numbers: [Number], _ op: BinaryOperator, _ bound: Int64) -> [Bool] {
        numbers.withUnsafeBufferPointer { numbers in
            switch op {
            case .equal: return map(numbers) { Int64($0) == bound }
            case .notEqual: return map(numbers) { Int64($0) != bound }
            case .less: return map(numbers) { Int64($0) < bound }
            case .lessEqual: return map(numbers) { Int64($0) <= bound }
            case .greater: return map(numbers) { Int64($0) > bound }
            default: return map(numbers) { Int64($0) >= bound }
            }
        }
    }

    private static func compare(_ numbers: [Double], _ op: BinaryOperator, _ bound: Double) -> [Bool] {
        numbers.withUnsafeBufferPointer { numbers in
            switch op {
            case .equal: return map(numbers) { $0 == bound }
            case .notEqual: return map(numbers) { $0 != bound }
            case .less: return map(numbers) { $0 < bound }
            case .lessEqual: return map(numbers) { $0 <= bound }
            case .greater: return map(numbers) { $0 > bound }
            default: return map(numbers) { $0 >= bound }
            }
        }
    }

    @inline(__always)
    private static func map<Element>(_ values: UnsafeBufferPointer<Element>, _ test: (Element) -> Bool) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: values.count) { output, initialized in
            for row in 0..<values.count { output[row] = test(values[row]) }
            initialized = values.count
        }
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    var mirrored: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }

    /// Whether a comparison with this sign (-1, 0, 1) makes the operator true.
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }
}
