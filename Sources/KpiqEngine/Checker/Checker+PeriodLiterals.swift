import KpiqLanguage

/// Literals that mean a period only beside one: `quarter = 2017-Q3`, `year = 2017`, a bare
/// `Q3` (the latest third quarter), `latest` and `latest - 2`.
extension Checker {
    /// Binds both sides of a comparison, reading literals on one side as periods when the
    /// other side is a period (`quarter = 2017-Q3`, `year = 2017`, `quarter = Q3`).
    mutating func bindComparands(_ left: Expr, _ right: Expr, scope: RowScope, source: SourceFile) -> (BoundExpr, BoundExpr) {
        if isPeriodOperand(left), !isPeriodOperand(right) {
            let boundRight = bindRow(right, scope: scope, source: source)
            return (bindComparand(left, against: boundRight, scope: scope, source: source), boundRight)
        }
        let boundLeft = bindRow(left, scope: scope, source: source)
        return (boundLeft, bindComparand(right, against: boundLeft, scope: scope, source: source))
    }

    /// True for expressions whose meaning depends on the other side: bare quarters and years.
    private func isPeriodOperand(_ expression: Expr) -> Bool {
        if RowNames.latestOffset(expression) != nil { return true }
        switch expression {
        case .name(let name): return RowNames.isBareQuarter(name)
        case .literal(.integer, _), .literal(.date, _), .literal(.period, _): return true
        default: return false
        }
    }

    /// Binds `expression` to compare with `other`, converting literals to `other`'s period grain.
    mutating func bindComparand(_ expression: Expr, against other: BoundExpr, scope: RowScope, source: SourceFile) -> BoundExpr {
        if case .period(let grain) = other.type, let offset = RowNames.latestOffset(expression),
           !(RowNames.isLatest(expression) && nameIsColumn(QualifiedName(name: Identifier("latest", span: expression.span)), scope: scope)) {
            return resolveLatest(offset, grain: grain, against: other, span: expression.span, source: source)
        }
        if case .period(let grain) = other.type {
            switch expression {
            case .literal(.integer(let year), _) where grain == .year:
                return .literal(.period(.year, Int32(clamping: year)), .period(.year))
            case .literal(.date(let days), _) where grain == .day:
                return .literal(.period(.day, days), .period(.day))
            case .literal(.period(let period), let span):
                guard period.grain == grain else {
                    error("`\(period)` is a \(period.grain.rawValue), but it is compared with a \(grain.rawValue)", at: span, in: source,
                          hints: ["compare \(period.grain.rawValue) with it (`where \(period.grain.rawValue) = \(period)`), or write a \(grain.rawValue) such as `\(PeriodExamples.example(grain))`"])
                    return .literal(.null, .null)
                }
            case .name(let name) where RowNames.isBareQuarter(name) && !nameIsColumn(name, scope: scope):
                guard grain == .quarter else {
                    error("`\(name.name.name)` is a quarter, but it is compared with a \(grain.rawValue)", at: name.span, in: source,
                          hints: ["write `quarter = \(name.name.name.uppercased())`"])
                    return .literal(.null, .null)
                }
                return resolveBareQuarter(name, against: other, scope: scope, source: source)
            default:
                break
            }
        }
        if case .name(let name) = expression, RowNames.isBareQuarter(name), !nameIsColumn(name, scope: scope) {
            error("`\(name.name.name)` is a quarter of the year; compare the quarter with it", at: name.span, in: source,
                  hints: ["write `where quarter = \(name.name.name.uppercased())`"])
            return .literal(.null, .null)
        }
        return bindRow(expression, scope: scope, source: source)
    }

    private func nameIsColumn(_ name: QualifiedName, scope: RowScope) -> Bool {
        if case .success = scope.resolve(name) { return true }
        return false
    }

    /// `latest` → the last period of `grain` with rows in the time column; `latest - 2` two before.
    mutating func resolveLatest(_ offset: Int, grain: PeriodGrain, against other: BoundExpr, span: Span, source: SourceFile) -> BoundExpr {
        guard case .period(let path, _) = other, let dataset = catalog.dataset(path.dataset) else {
            error("`latest` can only be compared with a period such as `month`", at: span, in: source)
            return .literal(.null, .null)
        }
        guard let last = dataset.lastDay(column: path.column) else {
            error("`\(dataset.name).\(dataset.columns[path.column].name)` has no dates, so no latest period", at: span, in: source)
            return .literal(.null, .null)
        }
        let latest = catalog.calendar.index(days: last, grain: grain)
        let note = "latest \(grain.rawValue) is \(PeriodIndex.label(latest, grain: grain))"
        if !notes.contains(note) { notes.append(note) }
        return .literal(.period(grain, latest + Int32(clamping: offset)), .period(grain))
    }

    /// `Q3` → the most recent third quarter that has rows in the time column.
    mutating func resolveBareQuarter(_ name: QualifiedName, against other: BoundExpr, scope: RowScope, source: SourceFile) -> BoundExpr {
        guard let quarter = RowNames.quarterNumber(name), case .period(let path, _) = other,
              let dataset = catalog.dataset(path.dataset) else {
            error("`\(name.name.name)` can only be compared with `quarter`", at: name.span, in: source)
            return .literal(.null, .null)
        }
        let vector = dataset.columns[path.column].vector
        let calendar = catalog.calendar
        var latest: Int32? = nil
        for row in 0..<vector.count where vector.isValid(row) {
            let days = PeriodVectors.days(vector, row)
            let index = calendar.index(days: days, grain: .quarter)
            if PeriodIndex.quarterOfYear(index) == quarter, latest.map({ index > $0 }) ?? true { latest = index }
        }
        guard let resolved = latest else {
            error("there is no Q\(quarter) in `\(dataset.name).\(dataset.columns[path.column].name)`", at: name.span, in: source)
            return .literal(.null, .null)
        }
        let label = PeriodIndex.label(resolved, grain: .quarter)
        let note = "Q\(quarter) is \(label), the latest Q\(quarter) in \(dataset.name)"
        if !notes.contains(note) { notes.append(note) }
        return .literal(.period(.quarter, resolved), .period(.quarter))
    }
}

enum PeriodExamples {
    static func example(_ grain: PeriodGrain) -> String {
        switch grain {
        case .year: return "2017"
        case .quarter: return "2017-Q3"
        case .month: return "2017-07"
        case .week: return "2017-W05"
        case .day: return "2017-07-15"
        }
    }
}
