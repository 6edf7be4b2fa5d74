/// Row order for `order by` and for the default order by group keys: nulls last either way.
enum Sorting {
    typealias Comparator = (Int, Int) -> Int

    /// Compares two rows of a vector by value; nulls compare greater than any value.
    static func comparator(_ vector: ColumnVector) -> (comparator: Comparator, isNull: (Int) -> Bool) {
        let isNull: (Int) -> Bool = { !vector.isValid($0) }
        switch vector.data {
        case .text(let codes, let dictionary):
            let rank = dictionary.ranks
            return ({ Int(rank[Int(codes[$0])]) - Int(rank[Int(codes[$1])]) }, isNull)
        case .decimal(let values):
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull)
        default:
            let values = Kernels.integers(vector) ?? []
            return ({ values[$0] < values[$1] ? -1 : (values[$0] > values[$1] ? 1 : 0) }, isNull)
        }
    }

    /// Compares two rows of a result column: statuses by severity, anything else by value.
    static func comparator(_ column: ResultTable.Column) -> (comparator: Comparator, isNull: (Int) -> Bool) {
        guard column.role == .status else { return comparator(column.vector) }
        let vector = column.vector
        let severity: [Int] = (0..<vector.count).map { row in
            if case .text(let raw) = vector.value(at: row), let status = TargetStatus(rawValue: raw) { return status.severity }
            return 0
        }
        return ({ severity[$0] - severity[$1] }, { !vector.isValid($0) })
    }

    /// A stable ordering of `count` rows by the keys in turn.
    static func order(count: Int, keys: [(comparator: (comparator: Comparator, isNull: (Int) -> Bool), descending: Bool)]) -> [Int32] {
        let rows = Array(0..<count)
        let sorted = rows.sorted { a, b in
            for key in keys {
                let aNull = key.comparator.isNull(a), bNull = key.comparator.isNull(b)
                if aNull != bNull { return bNull }
                if aNull { continue }
                let order = key.comparator.comparator(a, b)
                if order != 0 { return key.descending ? order > 0 : order < 0 }
            }
            return a < b
        }
        return sorted.map(Int32.init)
    }
}
