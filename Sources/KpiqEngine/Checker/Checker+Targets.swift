import KpiqLanguage

/// Targets: the numbers a KPI's `target` clause names, the per-group targets of
/// `target k from ds by key`, and the `k_target` / `k_status` columns of a query.
extension Checker {
    /// The KPI's own target as numbers in the KPI's unit; nil (with an error) when it is not a
    /// constant, or is a duration the KPI's unit cannot be told for.
    ///
    /// A duration (`4h`) is read in the KPI's unit of time: days for a KPI with `format days`,
    /// else the unit of the `days_between`, `hours_between` or `minutes_between` its definition
    /// uses (through other KPIs). So `target <= 4h` is 0.1667 for a KPI in days and 4 for one
    /// built on `hours_between`.
    public mutating func resolveTarget(_ clause: TargetClause, of kpi: KPIDefinition) -> KPITarget? {
        let before = errorCount
        guard let value = constantNumber(clause.value, of: kpi) else { return nil }
        let warn = clause.warn.flatMap { constantNumber($0, of: kpi) }
        guard errorCount == before else { return nil }
        let target = KPITarget(comparison: clause.comparison, value: value, warn: warn)
        if let warn, let warnExpr = clause.warn, let higher = target.higherIsBetter, higher ? warn > value : warn < value {
            error("the warning level of `\(kpi.name)` is on the wrong side of its target", at: warnExpr.span, in: kpi.source,
                  hints: [higher ? "with `target \(clause.comparison.rawValue)`, higher is better: warn at a value below the target"
                                 : "with `target \(clause.comparison.rawValue)`, lower is better: warn at a value above the target"])
            return nil
        }
        return target
    }

    private mutating func constantNumber(_ expression: Expr, of kpi: KPIDefinition) -> Double? {
        switch expression {
        case .literal(.integer(let number), _): return Double(number)
        case .literal(.decimal(let number), _), .literal(.percent(let number), _): return number
        case .literal(.duration(let seconds), let span):
            guard let unit = timeUnitSeconds(of: kpi) else {
                error("`\(kpi.source.text(of: span))` is a duration, but the unit of `\(kpi.name)` is not known", at: span, in: kpi.source,
                      hints: ["give the KPI `format days`, or write the target in the KPI's own unit, as in `target <= 4`"])
                return nil
            }
            return seconds / unit
        case .unary(.negate, let operand, _):
            return constantNumber(operand, of: kpi).map { -$0 }
        default:
            error("a target is a number, a percent or a duration", at: expression.span, in: kpi.source,
                  hints: ["for example `target >= 63% warn 60%`, `target <= 4h`; per-group targets: `target \(kpi.name) from targets by manager`"])
            return nil
        }
    }

    /// Seconds in one unit of the KPI's values, when they are times.
    private func timeUnitSeconds(of kpi: KPIDefinition) -> Double? {
        if kpi.format == .days { return 86_400 }
        var units: Set<Double> = []
        var seen: Set<String> = [kpi.name]
        func walk(_ expression: Expr) {
            switch expression {
            case .name(let name):
                if name.qualifier == nil, let other = catalog.kpi(name.name.name), seen.insert(other.name).inserted {
                    if other.format == .days { units.insert(86_400) } else { walk(other.expression) }
                }
            case .call(let call):
                switch call.name.name.lowercased() {
                case "days_between": units.insert(86_400)
                case "hours_between": units.insert(3_600)
                case "minutes_between": units.insert(60)
                default: break
                }
                call.arguments.forEach(walk)
                call.filter.map(walk)
            case .unary(_, let operand, _): walk(operand)
            case .binary(_, let left, let right, _): walk(left); walk(right)
            case .literal, .inList, .between, .like, .isNull: break
            }
        }
        walk(kpi.expression)
        return units.count == 1 ? units.first : nil
    }

    /// `k_target` and `k_status` for a query item that names a KPI with a target, else nothing.
    ///
    /// With `target k from ds by key` and the query grouped by `key`, the target is looked up
    /// per group (null for a group the dataset lacks), and the warning level in its `warn`
    /// column, else at the KPI's own margin from the group's target; otherwise it is the KPI's
    /// own target.
    mutating func targetColumns(for item: SelectItem, name: String, measure: BoundExpr, groupBy: [Expr],
                                source: SourceFile) -> [MeasureColumn] {
        guard case .name(let written) = item.expression, written.qualifier == nil,
              let kpi = catalog.kpi(written.name.name) else { return [] }
        let own = kpi.target.flatMap { resolveTarget($0, of: kpi) }
        var target: BoundExpr?
        var warn: BoundExpr?
        var comparison = own?.comparison ?? .greaterEqual
        // For `explain`: the clause as written, or where the per-group targets come from.
        var text = ""
        if let group = catalog.groupTarget(of: kpi.name),
           let keyIndex = groupBy.firstIndex(where: { Self.names($0, group.keyColumn) }),
           let table = groupTargetValues(group, kpi: kpi, at: item.span, in: source) {
            let key = BoundExpr.output(keyIndex, .text)
            comparison = group.comparison ?? comparison
            target = .lookup(key: key, values: table.targets)
            // A group with no warning level of its own takes the KPI's margin (target - warn)
            // from its target.
            var warns = table.warns ?? [:]
            if let own, let ownWarn = own.warn {
                for (group, value) in table.targets where warns[group] == nil { warns[group] = value - (own.value - ownWarn) }
            }
            if !warns.isEmpty { warn = .lookup(key: key, values: warns) }
            text = "target \(kpi.name) from \(group.dataset) by \(group.keyColumn)"
        } else if let own {
            target = .literal(.decimal(own.value), .decimal)
            warn = own.warn.map { .literal(.decimal($0), .decimal) }
            text = kpi.targetText ?? ""
        }
        guard let target else { return [] }
        return [
            MeasureColumn(name: name + "_target", expression: target, format: kpi.format, text: text, role: .target),
            MeasureColumn(name: name + "_status", expression: .status(value: measure, target: target, warn: warn, comparison: comparison),
                          format: .automatic, text: "status of \(name) against \(name)_target", role: .status),
        ]
    }

    /// Whether a `by` expression is the plain name `column`.
    static func names(_ expression: Expr, _ column: String) -> Bool {
        guard case .name(let name) = expression else { return false }
        let written = name.name.name
        return written.lowercased() == column.lowercased() || NameMatching.snakeCase(written) == NameMatching.snakeCase(column)
    }

    /// The targets (and warning levels, from a `warn` column) per key text.
    mutating func groupTargetValues(_ group: GroupTarget, kpi: KPIDefinition, at span: Span, in source: SourceFile)
        -> (targets: [String: Double], warns: [String: Double]?)? {
        switch GroupTargetTable.read(group, kpi: kpi.name, catalog: catalog) {
        case .success(let table): return table
        case .failure(let problem):
            error("the targets of `\(kpi.name)` cannot be read: \(problem.message)", at: span, in: source, hints: problem.hints)
            return nil
        }
    }
}

/// Reads the targets of `target k from ds by key` out of the dataset.
public enum GroupTargetTable {
    public struct Problem: Error, Sendable {
        public var message: String
        public var hints: [String]
    }

    /// The column names that may hold the target of KPI `kpi`, in order of preference.
    static func valueNames(_ kpi: String) -> [String] { [kpi, "\(kpi)_target", "target"] }
    static func warnNames(_ kpi: String) -> [String] { ["\(kpi)_warn", "warn"] }

    public static func read(_ group: GroupTarget, kpi: String, catalog: Catalog) -> Result<(targets: [String: Double], warns: [String: Double]?), Problem> {
        guard let dataset = catalog.dataset(group.dataset) else {
            return .failure(Problem(message: "`\(group.dataset)` is not loaded", hints: ["load it again, then run `target \(kpi) from ...` again"]))
        }
        guard case .found(let keyIndex) = dataset.columnIndex(group.keyColumn) else {
            return .failure(Problem(message: "`\(dataset.name)` has no column `\(group.keyColumn)`",
                                    hints: [Suggestions.hint(for: group.keyColumn, in: dataset.knownNames)].compactMap { $0 }))
        }
        guard let valueIndex = valueNames(kpi).lazy.compactMap({ name -> Int? in
            if case .found(let index) = dataset.columnIndex(name), index != keyIndex { return index }
            return nil
        }).first else {
            return .failure(Problem(message: "`\(dataset.name)` has no column `\(kpi)` or `target`",
                                    hints: ["name the column of targets `\(kpi)` or `target`"]))
        }
        let warnIndex = warnNames(kpi).lazy.compactMap { name -> Int? in
            if case .found(let index) = dataset.columnIndex(name), index != keyIndex, index != valueIndex { return index }
            return nil
        }.first
        let keys = dataset.columns[keyIndex].vector
        var targets: [String: Double] = [:]
        var warns: [String: Double] = [:]
        for row in 0..<dataset.rowCount {
            guard let key = TargetKey.text(keys.value(at: row)) else { continue }
            if targets[key] != nil {
                return .failure(Problem(message: "`\(dataset.name)` names \(ValueDescription.text(keys.value(at: row))) twice in `\(dataset.columns[keyIndex].name)`",
                                        hints: ["keep one target per group"]))
            }
            guard let value = number(dataset.columns[valueIndex].vector.value(at: row)) else { continue }
            targets[key] = value
            if let warnIndex, let warn = number(dataset.columns[warnIndex].vector.value(at: row)) { warns[key] = warn }
        }
        return .success((targets, warnIndex == nil ? nil : warns))
    }

    /// A number, or text such as `63%` or `1,200.5`.
    static func number(_ value: Value) -> Double? {
        if let number = value.doubleValue { return number }
        guard case .text(let text) = value else { return nil }
        var trimmed = String(text.filter { $0 != "," && $0 != " " })
        if trimmed.hasSuffix("%") {
            trimmed.removeLast()
            return Double(trimmed).map { $0 / 100 }
        }
        return Double(trimmed)
    }
}
