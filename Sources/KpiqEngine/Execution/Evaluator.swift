import KpiqLanguage

/// Evaluates bound expressions a whole vector at a time.
///
/// At row level it reads the selected rows of one dataset (and of datasets reached through
/// links, each link chain resolved once into row indexes); at group level it reads aggregate
/// results; at ordering level, result columns.
final class Evaluator {
    let catalog: Catalog
    let base: Dataset?
    /// The rows of `base` being evaluated, in order; nil means all of them.
    let rows: [Int32]?
    let count: Int
    var aggregates: [ColumnVector] = []
    var outputs: [ColumnVector] = []
    /// Periods of the dataset's own time column are read as if each row's time were this much
    /// later: how rows of an earlier period count toward the current one.
    var timeShift = TimeShift.zero
    private var columnCache: [ColumnPath: ColumnVector] = [:]
    private var rowMaps: [[Int]: [Int32]] = [:]

    init(catalog: Catalog, base: Dataset, rows: [Int32]?) {
        self.catalog = catalog
        self.base = base
        self.rows = rows
        self.count = rows?.count ?? base.rowCount
    }

    /// Group level: `count` groups whose aggregates are `aggregates`.
    init(catalog: Catalog, groups count: Int, aggregates: [ColumnVector], outputs: [ColumnVector] = []) {
        self.catalog = catalog
        self.base = nil
        self.rows = nil
        self.count = count
        self.aggregates = aggregates
        self.outputs = outputs
    }

    func evaluate(_ expression: BoundExpr) -> ColumnVector {
        switch expression {
        case .column(let path, _):
            return column(path)
        case .period(let path, let grain):
            let shift = path.links.isEmpty ? timeShift : .zero
            return Evaluator.periods(of: column(path), grain: grain, shift: shift, calendar: catalog.calendar)
        case .aggregate(let index, _):
            return aggregates[index]
        case .output(let index, _):
            return outputs[index]
        case .literal(let value, let type):
            return .constant(value, type: type, count: count)
        case .unary(.negate, let operand, let type):
            return Kernels.arithmetic(.subtract, .constant(.integer(0), type: .integer, count: count), evaluate(operand), type: type)
        case .unary(.not, let operand, _):
            return Logic.not(evaluate(operand))
        case .binary(let op, let left, let right, let type):
            if op.isComparison, let result = compareWithLiteral(op, left, right) { return result }
            let a = evaluate(left), b = evaluate(right)
            switch op {
            case .and: return Logic.and(a, b)
            case .or: return Logic.or(a, b)
            case .equal: return compare(a, b) { $0 == 0 }
            case .notEqual: return compare(a, b) { $0 != 0 }
            case .less: return compare(a, b) { $0 < 0 }
            case .lessEqual: return compare(a, b) { $0 <= 0 }
            case .greater: return compare(a, b) { $0 > 0 }
            case .greaterEqual: return compare(a, b) { $0 >= 0 }
            case .add, .subtract, .multiply, .divide: return Kernels.arithmetic(op, a, b, type: type)
            }
        case .function(let function, let arguments, let type):
            return Functions.apply(function, arguments.map(evaluate), type: type, count: count)
        case .inList(let value, let list, let negated):
            let a = evaluate(value)
            if let result = Evaluator.textIn(a, list, negated: negated) { return result }
            var result = ColumnVector.constant(.boolean(false), type: .boolean, count: count)
            for item in list { result = Logic.or(result, compare(a, evaluate(item)) { $0 == 0 }) }
            return negated ? Logic.not(result) : result
        case .between(let value, let low, let high, let negated):
            let a = evaluate(value)
            let result = Logic.and(compare(a, .greaterEqual, low), compare(a, .lessEqual, high))
            return negated ? Logic.not(result) : result
        case .like(let value, let pattern, let negated):
            let vector = evaluate(value)
            // An empty dictionary means every row is null: no code to look up.
            guard case .text(let codes, let dictionary) = vector.data, dictionary.count > 0 else {
                return .constant(.null, type: .boolean, count: count)
            }
            let scalars = Array(pattern.unicodeScalars)
            let table = dictionary.values.map { Kernels.like($0, scalars) != negated }
            return ColumnVector(.boolean(Kernels.lookUp(codes, table)), validity: vector.validity)
        case .cohort(let key, let time, let grain):
            return cohorts(key: key, time: time, grain: grain).cohort
        case .periodsSince(let key, let time, let grain):
            let (cohort, own) = cohorts(key: key, time: time, grain: grain)
            return Kernels.arithmetic(.subtract, own, cohort, type: .integer)
        case .lookup(let key, let values):
            let keys = evaluate(key)
            var builder = VectorBuilder(type: .decimal, capacity: count)
            for row in 0..<count {
                let number = TargetKey.text(keys.value(at: row)).flatMap { values[$0] }
                builder.append(number.map(Value.decimal) ?? .null)
            }
            return builder.finish()
        case .status(let value, let target, let warn, let comparison):
            let values = evaluate(value), targets = evaluate(target), warns = warn.map(evaluate)
            var builder = VectorBuilder(type: .text, capacity: count)
            for row in 0..<count {
                let status = TargetStatus.of(values.value(at: row).doubleValue, target: targets.value(at: row).doubleValue,
                                             warn: warns?.value(at: row).doubleValue, comparison: comparison)
                builder.append(status.map { .text($0.rawValue) } ?? .null)
            }
            return builder.finish()
        case .isNull(let value, let negated):
            let vector = evaluate(value)
            var result = [Bool](repeating: negated, count: count)
            if let validity = vector.validity {
                for row in 0..<count { result[row] = validity[row] == negated }
            }
            return ColumnVector(.boolean(result))
        }
    }

    /// The rows (positions in this evaluator's row list) where a condition is true.
    func truePositions(_ condition: BoundExpr) -> [Int32] {
        if let positions = periodPositions(condition) { return positions }
        if case .binary(.and, let left, let right, _) = condition, base != nil {
            // `a and b`: b is read only on the rows where a holds (a period filter goes first, as
            // it reads the fewest rows). Null and false both drop a row, as `and` would.
            let (first, second) = periodComparison(right) != nil && periodComparison(left) == nil ? (right, left) : (left, right)
            let kept = truePositions(first)
            if kept.isEmpty { return [] }
            let within = subset(kept).truePositions(second)
            return kept.withUnsafeBufferPointer { kept in within.map { kept[Int($0)] } }
        }
        let vector = evaluate(condition)
        guard case .boolean(let values) = vector.data else { return [] }
        let count = self.count
        var selected = 0
        var positions = [Int32](unsafeUninitializedCapacity: count) { output, initialized in
            values.withUnsafeBufferPointer { values in
                withValidityWords(vector.validity) { words in
                    // Branch-free: write every row, advance past the true ones.
                    for row in 0..<count {
                        output[selected] = Int32(truncatingIfNeeded: row)
                        let valid = words.map { Bitmap.test($0, row) } ?? true
                        selected += values[row] && valid ? 1 : 0
                    }
                }
            }
            initialized = selected
        }
        if selected < count / 2 { positions = Array(positions) }
        return positions
    }

    /// A comparison of an expression with a literal, in one pass over the expression's values.
    private func compareWithLiteral(_ op: BinaryOperator, _ left: BoundExpr, _ right: BoundExpr) -> ColumnVector? {
        if case .period(let path, let grain) = left, case .literal(.period(grain, let index), _) = right,
           let result = periodAsDayRange(path, grain, op, index) {
            return result
        }
        if case .period(let path, let grain) = right, case .literal(.period(grain, let index), _) = left,
           let result = periodAsDayRange(path, grain, op.mirrored, index) {
            return result
        }
        if case .literal(let value, let type) = right, !isLiteral(left) {
            return Kernels.compare(evaluate(left), op, constant: value, type: type, constantOnLeft: false)
        }
        if case .literal(let value, let type) = left, !isLiteral(right) {
            return Kernels.compare(evaluate(right), op, constant: value, type: type, constantOnLeft: true)
        }
        return nil
    }

    /// An evaluator of the same base and shift over some of this one's rows (positions in its
    /// row list).
    private func subset(_ positions: [Int32]) -> Evaluator {
        let selected = rows.map { rows in positions.map { rows[Int($0)] } } ?? positions
        let evaluator = Evaluator(catalog: catalog, base: base!, rows: selected)
        evaluator.timeShift = timeShift
        return evaluator
    }

    private func isLiteral(_ expression: BoundExpr) -> Bool {
        if case .literal = expression { return true }
        return false
    }

    /// `vector op bound`, through the one-pass kernel when `bound` is a literal.
    private func compare(_ vector: ColumnVector, _ op: BinaryOperator, _ bound: BoundExpr) -> ColumnVector {
        if case .literal(let value, let type) = bound,
           let result = Kernels.compare(vector, op, constant: value, type: type, constantOnLeft: false) {
            return result
        }
        return compare(vector, evaluate(bound)) { op.holds($0) }
    }

    /// `text in ("a", "b")` with text literals: decided once per distinct value.
    private static func textIn(_ vector: ColumnVector, _ list: [BoundExpr], negated: Bool) -> ColumnVector? {
        guard case .text(let codes, let dictionary) = vector.data else { return nil }
        var items = Set<String>()
        for item in list {
            guard case .literal(.text(let text), .text) = item else { return nil }
            items.insert(text)
        }
        // Equality as compareText decides it: the same String.
        let table = dictionary.values.map { items.contains($0) != negated }
        return ColumnVector(.boolean(Kernels.lookUp(codes, table)), validity: vector.validity)
    }

    private func compare(_ a: ColumnVector, _ b: ColumnVector, _ test: (Int) -> Bool) -> ColumnVector {
        let values: [Bool]
        if a.type == .text || b.type == .text {
            values = (a.type == b.type) ? Kernels.compareTexts(a, b, test) : [Bool](repeating: false, count: count)
        } else {
            values = Kernels.compareNumbers(a, b, test)
        }
        return ColumnVector(.boolean(values), validity: Kernels.bothValid(a.validity, b.validity))
    }

    /// A column of `path.dataset`, for this evaluator's rows.
    func column(_ path: ColumnPath) -> ColumnVector {
        if let cached = columnCache[path] { return cached }
        guard let dataset = catalog.dataset(path.dataset) else {
            return .constant(.null, type: .null, count: count)
        }
        let source = dataset.columns[path.column].vector
        let result: ColumnVector
        if path.links.isEmpty, rows == nil {
            result = source
        } else if path.links.isEmpty, let rows {
            result = source.gather(rows)
        } else {
            result = source.gather(rowMap(path.links))
        }
        columnCache[path] = result
        return result
    }

    /// For each evaluated row, the row reached through a chain of links (-1: no match).
    private func rowMap(_ links: [Int]) -> [Int32] {
        if let cached = rowMaps[links] { return cached }
        let mapping = catalog.links[links.last!].mapping
        // Over all rows, one link's map is the link's own mapping.
        if links.count == 1, rows == nil {
            rowMaps[links] = mapping
            return mapping
        }
        var current = links.count > 1 ? rowMap(Array(links.dropLast())) : rows!
        current.withUnsafeMutableBufferPointer { current in
            mapping.withUnsafeBufferPointer { mapping in
                for position in 0..<current.count where current[position] >= 0 {
                    current[position] = mapping[Int(current[position])]
                }
            }
        }
        rowMaps[links] = current
        return current
    }
}

/// SQL's three-valued logic on boolean vectors: null is "unknown".
enum Logic {
    static func not(_ vector: ColumnVector) -> ColumnVector {
        guard case .boolean(let values) = vector.data else { return vector }
        return ColumnVector(.boolean(values.map { !$0 }), validity: vector.validity)
    }

    static func and(_ a: ColumnVector, _ b: ColumnVector) -> ColumnVector { combine(a, b, dominant: false) }
    static func or(_ a: ColumnVector, _ b: ColumnVector) -> ColumnVector { combine(a, b, dominant: true) }

    /// `and` is false when either side is false; `or` is true when either side is true;
    /// otherwise a null on either side makes the result null.
    private static func combine(_ a: ColumnVector, _ b: ColumnVector, dominant: Bool) -> ColumnVector {
        guard case .boolean(let left) = a.data, case .boolean(let right) = b.data else { return a }
        let count = left.count
        guard a.validity != nil || b.validity != nil else {
            let values = [Bool](unsafeUninitializedCapacity: count) { output, initialized in
                left.withUnsafeBufferPointer { left in
                    right.withUnsafeBufferPointer { right in
                        if dominant {
                            for row in 0..<count { output[row] = left[row] || right[row] }
                        } else {
                            for row in 0..<count { output[row] = left[row] && right[row] }
                        }
                    }
                }
                initialized = count
            }
            return ColumnVector(.boolean(values))
        }
        var values = [Bool](repeating: !dominant, count: count)
        var validity = Bitmap(count: count, value: true)
        values.withUnsafeMutableBufferPointer { values in
            left.withUnsafeBufferPointer { left in
                right.withUnsafeBufferPointer { right in
                    withValidityWords(a.validity) { leftWords in
                        withValidityWords(b.validity) { rightWords in
                            for row in 0..<count {
                                let leftValid = leftWords.map { Bitmap.test($0, row) } ?? true
                                let rightValid = rightWords.map { Bitmap.test($0, row) } ?? true
                                if (leftValid && left[row] == dominant) || (rightValid && right[row] == dominant) {
                                    values[row] = dominant
                                } else if leftValid && rightValid {
                                    values[row] = !dominant
                                } else {
                                    validity[row] = false
                                }
                            }
                        }
                    }
                }
            }
        }
        return ColumnVector(.boolean(values), validity: validity)
    }
}
