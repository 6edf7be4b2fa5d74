import KpiqLanguage

/// The first and last day a filter's period conditions allow (`quarter = 2017-Q3`,
/// `month between 2017-03 and 2017-06`, `year >= 2016`), for filling in the periods of a
/// range that have no rows.
enum PeriodBounds {
    static func days(of filter: BoundExpr, calendar: FiscalCalendar) -> (lower: Int?, upper: Int?) {
        var lower: Int?
        var upper: Int?
        func raise(_ day: Int) { lower = Swift.max(lower ?? day, day) }
        func cut(_ day: Int) { upper = Swift.min(upper ?? day, day) }
        for conjunct in conjuncts(filter) {
            switch conjunct {
            case .binary(let op, .period(_, let grain), .literal(.period(_, let index), _), _):
                apply(op, grain, index, calendar, raise, cut)
            case .binary(let op, .literal(.period(_, let index), _), .period(_, let grain), _):
                apply(op.flipped, grain, index, calendar, raise, cut)
            case .between(.period(_, let grain), .literal(.period(_, let low), _), .literal(.period(_, let high), _), false):
                raise(calendar.firstDay(of: low, grain: grain))
                cut(calendar.firstDay(of: high + 1, grain: grain) - 1)
            case .inList(.period(_, let grain), let items, false):
                let indexes = items.compactMap { item -> Int32? in
                    if case .literal(.period(_, let index), _) = item { return index }
                    return nil
                }
                guard indexes.count == items.count, let low = indexes.min(), let high = indexes.max() else { continue }
                raise(calendar.firstDay(of: low, grain: grain))
                cut(calendar.firstDay(of: high + 1, grain: grain) - 1)
            default:
                continue
            }
        }
        return (lower, upper)
    }

    private static func apply(_ op: BinaryOperator, _ grain: PeriodGrain, _ index: Int32, _ calendar: FiscalCalendar, _ raise: (Int) -> Void, _ cut: (Int) -> Void) {
        let first = calendar.firstDay(of: index, grain: grain)
        let last = calendar.firstDay(of: index + 1, grain: grain) - 1
        switch op {
        case .equal: raise(first); cut(last)
        case .greaterEqual: raise(first)
        case .greater: raise(last + 1)
        case .lessEqual: cut(last)
        case .less: cut(first - 1)
        default: break
        }
    }

    /// Whether the filter's period conditions allow the period `index` of `grain`: a condition
    /// that reads anything but periods of the time column is left out. A period passes when
    /// its first or last day does (so `month = 2017-07` allows 2017-Q3).
    static func allows(_ filter: BoundExpr?, _ index: Int32, grain: PeriodGrain, calendar: FiscalCalendar) -> Bool {
        guard let filter else { return true }
        let first = calendar.firstDay(of: index, grain: grain)
        let last = calendar.firstDay(of: index + 1, grain: grain) - 1
        for conjunct in conjuncts(filter) {
            guard let atFirst = holds(conjunct, day: first, calendar), let atLast = holds(conjunct, day: last, calendar) else { continue }
            if !atFirst && !atLast { return false }
        }
        return true
    }

    /// The value of a condition made only of period comparisons with literals, on one day;
    /// nil for any other condition.
    private static func holds(_ condition: BoundExpr, day: Int, _ calendar: FiscalCalendar) -> Bool? {
        func value(_ expression: BoundExpr) -> Int32? {
            switch expression {
            case .period(let path, let grain) where path.links.isEmpty: return calendar.index(days: day, grain: grain)
            case .literal(.period(_, let index), _): return index
            default: return nil
            }
        }
        switch condition {
        case .binary(.and, let left, let right, _):
            guard let a = holds(left, day: day, calendar), let b = holds(right, day: day, calendar) else { return nil }
            return a && b
        case .binary(.or, let left, let right, _):
            guard let a = holds(left, day: day, calendar), let b = holds(right, day: day, calendar) else { return nil }
            return a || b
        case .unary(.not, let operand, _):
            return holds(operand, day: day, calendar).map { !$0 }
        case .binary(let op, let left, let right, _) where op.isComparison:
            guard let a = value(left), let b = value(right) else { return nil }
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            default: return a >= b
            }
        case .between(let subject, let low, let high, let negated):
            guard let a = value(subject), let lowValue = value(low), let highValue = value(high) else { return nil }
            return (a >= lowValue && a <= highValue) != negated
        case .inList(let subject, let items, let negated):
            guard let a = value(subject) else { return nil }
            let values = items.map(value)
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return values.contains(a) != negated
        default:
            return nil
        }
    }

    static func conjuncts(_ expression: BoundExpr) -> [BoundExpr] {
        if case .binary(.and, let left, let right, _) = expression { return conjuncts(left) + conjuncts(right) }
        return [expression]
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    var flipped: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}
