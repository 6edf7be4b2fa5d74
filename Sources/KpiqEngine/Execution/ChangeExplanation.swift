import KpiqLanguage

/// `explain change k by g where ... vs previous`: how much each group contributed to the
/// change of KPI `k` between two periods.
///
/// - An additive KPI (sums and counts, added, subtracted or scaled by constants): a group's
///   contribution is its own change, and the contributions add up to the total change.
/// - A ratio of two additive parts (`won / closed`): the total is `R = Σ w_g r_g`, with
///   `w_g = D_g / ΣD` the group's share of the denominator and `r_g = N_g / D_g` its own rate.
///   Each group's contribution splits into a mix part, `(w1 - w0)(r0 - R0)`, from its share
///   of the whole moving, and a rate part, `w1 (r1 - r0)`, from its own rate moving. Over
///   all groups they add up to `R1 - R0` exactly (a group absent in one period takes `R0` as
///   its missing rate, which makes its mix part zero).
/// - Any other KPI: each group's change, which need not add up to the total.
public enum ChangeExplanation {
    public enum Shape: Sendable {
        case additive
        /// The numerator and denominator as written in the KPI's definition.
        case ratio(numerator: String, denominator: String)
        case other
    }

    /// How `kpi` decomposes.
    public static func shape(of kpi: KPIDefinition, catalog: Catalog) -> Shape {
        var expression = kpi.expression
        var source = kpi.source
        var seen: Set<String> = [kpi.name]
        // `k = other_kpi` is read as the other KPI.
        while case .name(let name) = expression, name.qualifier == nil, let inner = catalog.kpi(name.name.name), seen.insert(inner.name).inserted {
            expression = inner.expression
            source = inner.source
        }
        if isAdditive(expression, catalog: catalog, seen: seen) { return .additive }
        if case .binary(.divide, let numerator, let denominator, _) = expression,
           isAdditive(numerator, catalog: catalog, seen: seen), isAdditive(denominator, catalog: catalog, seen: seen) {
            return .ratio(numerator: source.text(of: numerator.span), denominator: source.text(of: denominator.span))
        }
        return .other
    }

    /// Whether an expression adds up over groups: sums and counts, combined by `+` and `-`,
    /// negated or scaled by a constant.
    static func isAdditive(_ expression: Expr, catalog: Catalog, seen: Set<String>) -> Bool {
        switch expression {
        case .call(let call):
            return ["sum", "count"].contains(call.name.name.lowercased())
        case .name(let name):
            guard name.qualifier == nil, let kpi = catalog.kpi(name.name.name), !seen.contains(kpi.name) else { return false }
            return isAdditive(kpi.expression, catalog: catalog, seen: seen.union([kpi.name]))
        case .unary(.negate, let operand, _):
            return isAdditive(operand, catalog: catalog, seen: seen)
        case .binary(.add, let left, let right, _), .binary(.subtract, let left, let right, _):
            return isAdditive(left, catalog: catalog, seen: seen) && isAdditive(right, catalog: catalog, seen: seen)
        case .binary(.multiply, let left, let right, _):
            if case .literal = right { return isAdditive(left, catalog: catalog, seen: seen) }
            if case .literal = left { return isAdditive(right, catalog: catalog, seen: seen) }
            return false
        case .binary(.divide, let left, .literal, _):
            return isAdditive(left, catalog: catalog, seen: seen)
        default:
            return false
        }
    }

    /// The totals a caption states: the KPI now and before, and for a ratio the parts of the
    /// change that mix and rates make.
    public struct Totals: Sendable {
        public var current: Double?
        public var previous: Double?
        public var change: Double? { current.flatMap { current in previous.map { current - $0 } } }
        public var mix: Double?
        public var rate: Double?

        public init(current: Double?, previous: Double?, mix: Double? = nil, rate: Double? = nil) {
            self.current = current
            self.previous = previous
            self.mix = mix
            self.rate = rate
        }
    }

    /// The groups of `table` (keys, `kpi`, `kpi_prev`, ...) with each one's contribution to
    /// the change and its share of the total change, largest contribution first. For `.other`
    /// the contribution is the group's own change.
    public static func additive(_ table: ResultTable, kpi: String, format: ValueFormat, totals: Totals) -> ResultTable {
        let keys = table.columns.filter { $0.role == .key }
        let count = table.rowCount
        guard let current = table.columns.first(where: { $0.name == kpi }),
              let previous = table.columns.first(where: { $0.name == kpi + "_prev" }) else { return table }
        var contributions: [Double?] = []
        for row in 0..<count {
            let now = current.vector.value(at: row).doubleValue, before = previous.vector.value(at: row).doubleValue
            // A group absent in one period contributes all of its value in the other.
            contributions.append(now == nil && before == nil ? nil : (now ?? 0) - (before ?? 0))
        }
        let columns = keys + [current, previous,
                              decimal("contribution", contributions, format: format, role: .change),
                              decimal("share", contributions.map { share($0, of: totals.change) }, format: .percent, role: .measure)]
        return ranked(ResultTable(columns: columns, rowCount: count, caption: table.caption), by: contributions)
    }

    /// The groups of `table`, which holds the keys, `numerator`, `numerator_prev`,
    /// `denominator` and `denominator_prev`, with each one's rate, weight, mix and rate parts.
    public static func ratio(_ table: ResultTable, kpi: String, format: ValueFormat) -> (table: ResultTable, totals: Totals) {
        let keys = table.columns.filter { $0.role == .key }
        let count = table.rowCount
        func values(_ name: String) -> [Double] {
            guard let column = table.columns.first(where: { $0.name == name }) else { return [Double](repeating: 0, count: count) }
            return (0..<count).map { column.vector.value(at: $0).doubleValue ?? 0 }
        }
        let (n1, n0, d1, d0) = (values("numerator"), values("numerator_prev"), values("denominator"), values("denominator_prev"))
        let (total1, total0) = (d1.reduce(0, +), d0.reduce(0, +))
        let rate1 = total1 == 0 ? nil : n1.reduce(0, +) / total1
        let rate0 = total0 == 0 ? nil : n0.reduce(0, +) / total0
        var rows: (r1: [Double?], r0: [Double?], w1: [Double?], w0: [Double?], mix: [Double?], rate: [Double?], sum: [Double?]) = ([], [], [], [], [], [], [])
        for group in 0..<count {
            let r1 = d1[group] == 0 ? nil : n1[group] / d1[group]
            let r0 = d0[group] == 0 ? nil : n0[group] / d0[group]
            let w1 = total1 == 0 ? nil : d1[group] / total1
            let w0 = total0 == 0 ? nil : d0[group] / total0
            var mix: Double?, rate: Double?
            if let w1, let w0, let whole0 = rate0 {
                let before = r0 ?? whole0
                mix = (w1 - w0) * (before - whole0)
                rate = w1 * ((r1 ?? before) - before)
            }
            rows.r1.append(r1); rows.r0.append(r0); rows.w1.append(w1); rows.w0.append(w0)
            rows.mix.append(mix); rows.rate.append(rate)
            rows.sum.append(mix.flatMap { mix in rate.map { mix + $0 } })
        }
        var totals = Totals(current: rate1, previous: rate0)
        if rate1 != nil, rate0 != nil {
            totals.mix = rows.mix.compactMap { $0 }.reduce(0, +)
            totals.rate = rows.rate.compactMap { $0 }.reduce(0, +)
        }
        let columns = keys + [
            decimal(kpi, rows.r1, format: format, role: .measure), decimal(kpi + "_prev", rows.r0, format: format, role: .measure),
            decimal("weight", rows.w1, format: .percent, role: .measure), decimal("weight_prev", rows.w0, format: .percent, role: .measure),
            decimal("mix", rows.mix, format: format, role: .change), decimal("rate", rows.rate, format: format, role: .change),
            decimal("contribution", rows.sum, format: format, role: .change),
            decimal("share", rows.sum.map { share($0, of: totals.change) }, format: .percent, role: .measure),
        ]
        return (ranked(ResultTable(columns: columns, rowCount: count, caption: table.caption), by: rows.sum), totals)
    }

    private static func share(_ part: Double?, of whole: Double?) -> Double? {
        guard let part, let whole, whole != 0 else { return nil }
        return part / whole
    }

    private static func decimal(_ name: String, _ values: [Double?], format: ValueFormat, role: ResultTable.Role) -> ResultTable.Column {
        var builder = VectorBuilder(type: .decimal, capacity: values.count)
        for value in values { builder.append(value.map(Value.decimal) ?? .null) }
        return ResultTable.Column(name: name, vector: builder.finish(), role: role, format: format)
    }

    /// Rows by the size of their contribution, largest first; none last; ties by the keys' order.
    private static func ranked(_ table: ResultTable, by contributions: [Double?]) -> ResultTable {
        let order = contributions.indices.sorted { a, b in
            switch (contributions[a], contributions[b]) {
            case (nil, nil): return a < b
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return abs(x) != abs(y) ? abs(x) > abs(y) : a < b
            }
        }.map(Int32.init)
        var sorted = table
        sorted.columns = table.columns.map { column in
            var moved = column
            moved.vector = column.vector.gather(order)
            return moved
        }
        return sorted
    }
}
