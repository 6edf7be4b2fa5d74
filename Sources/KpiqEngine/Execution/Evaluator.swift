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
            return PeriodVectors.periods(of: column(path), grain: grain, shift: shift, calendar: catalog.calendar)
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
            var result = ColumnVector.constant(.boolean(false), type: .boolean, count: count)
            for item in list { result = Logic.or(result, compare(a, evaluate(item)) { $0 == 0 }) }
            return negated ? Logic.not(result) : result
        case .between(let value, let low, let high, let negated):
            let a = evaluate(value)
            let result = Logic.and(compare(a, evaluate(low)) { $0 >= 0 }, compare(a, evaluate(high)) { $0 <= 0 })
            return negated ? Logic.not(result) : result
        case .like(let value, let pattern, let negated):
            let vector = evaluate(value)
            // An empty dictionary means every row is null: no code to look up.
            guard case .text(let codes, let dictionary) = vector.data, dictionary.count > 0 else {
                return .constant(.null, type: .boolean, count: count)
            }
            let scalars = Array(pattern.unicodeScalars)
            let table = dictionary.values.map { Kernels.like($0, scalars) != negated }
            return ColumnVector(.boolean(codes.map { table[Int($0)] }), validity: vector.validity)
        case .cohort(let key, let time, let grain):
            return cohorts(key: key, time: time, grain: grain).cohort
        case .periodsSince(let key, let time, let grain):
            let (cohort, own) = cohorts(key: key, time: time, grain: grain)
            return Kernels.arithmetic(.subtract, own, cohort, type: .integer)
        case .isNull(let value, let negated):
            let vector = evaluate(value)
            var result = [Bool](repeating: negated, count: count)
            if let validity = vector.validity {
                for row in 0..<count { result[row] = validity[row] == negated }
            }
            return ColumnVector(.boolean(result))
        }
    }

    /// Each row's cohort (the first period of its key over the whole dataset) and own period.
    private func cohorts(key: BoundExpr, time: ColumnPath, grain: PeriodGrain) -> (cohort: ColumnVector, own: ColumnVector) {
        guard let base else { return (.constant(.null, type: .period(grain), count: count), .constant(.null, type: .period(grain), count: count)) }
        // Cohorts are fixed by all the data: a filter narrows the rows shown, not the cohorts.
        let whole = Evaluator(catalog: catalog, base: base, rows: nil)
        let keys = whole.evaluate(key)
        let (codes, cardinality) = Grouping.denseCodes(keys)
        let wholePeriods = PeriodVectors.periods(of: whole.column(time), grain: grain, calendar: catalog.calendar)
        guard case .period(_, let periods) = wholePeriods.data else { return (wholePeriods, wholePeriods) }
        var first = [Int32?](repeating: nil, count: cardinality)
        for row in 0..<codes.count where wholePeriods.isValid(row) {
            let code = codes[row]
            if first[code].map({ periods[row] < $0 }) ?? true { first[code] = periods[row] }
        }
        let rowCohorts = codes.enumerated().map { row, code -> Int32? in
            // A null key has no cohort (code 0 is null for non-text keys; text nulls are invalid rows).
            keys.isValid(row) ? first[code] : nil
        }
        var values = [Int32](repeating: 0, count: count)
        var valid = [Bool](repeating: false, count: count)
        for position in 0..<count {
            let row = rows.map { Int($0[position]) } ?? position
            if let cohort = rowCohorts[row] { values[position] = cohort; valid[position] = true }
        }
        let own = PeriodVectors.periods(of: column(time), grain: grain, shift: timeShift, calendar: catalog.calendar)
        return (ColumnVector(.period(grain, values), validity: Bitmap(valid)), own)
    }

    /// The rows (positions in this evaluator's row list) where a condition is true.
    func truePositions(_ condition: BoundExpr) -> [Int32] {
        let vector = evaluate(condition)
        guard case .boolean(let values) = vector.data else { return [] }
        var positions: [Int32] = []
        positions.reserveCapacity(count)
        if let validity = vector.validity {
            for row in 0..<count where values[row] && validity[row] { positions.append(Int32(row)) }
        } else {
            for row in 0..<count where values[row] { positions.append(Int32(row)) }
        }
        return positions
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
        var current: [Int32]
        if links.count > 1 {
            current = rowMap(Array(links.dropLast()))
        } else {
            current = rows ?? (0..<Int32(count)).map { $0 }
        }
        let mapping = catalog.links[links.last!].mapping
        for position in 0..<current.count where current[position] >= 0 {
            current[position] = mapping[Int(current[position])]
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
        var values = [Bool](repeating: !dominant, count: count)
        guard a.validity != nil || b.validity != nil else {
            for row in 0..<count { values[row] = dominant ? (left[row] || right[row]) : (left[row] && right[row]) }
            return ColumnVector(.boolean(values))
        }
        var validity = Bitmap(count: count, value: true)
        for row in 0..<count {
            let leftValid = a.isValid(row), rightValid = b.isValid(row)
            if (leftValid && left[row] == dominant) || (rightValid && right[row] == dominant) {
                values[row] = dominant
            } else if leftValid && rightValid {
                values[row] = !dominant
            } else {
                validity[row] = false
            }
        }
        return ColumnVector(.boolean(values), validity: validity)
    }
}
