import KpiqLanguage

/// `scorecard review = win_rate, revenue, ...`: a named list of KPIs.
public struct ScorecardDefinition: Sendable {
    public var name: String
    public var kpis: [String]

    public init(name: String, kpis: [String]) {
        self.name = name
        self.kpis = kpis
    }
}

/// A scorecard runs as one `kpi` query of its KPIs (with `vs previous` when it has a period),
/// whose result is then reshaped: per group, each KPI's value, target, change and status, and
/// the share of its KPIs on track.
public enum Scorecard {
    /// The query behind `scorecard name by ... where ...`. Its items carry the scorecard name's
    /// span, so a message about one of them points at the name.
    public static func query(_ statement: ScorecardStatement, definition: ScorecardDefinition) -> QueryStatement {
        let items = definition.kpis.map { kpi in
            SelectItem(expression: .name(QualifiedName(name: Identifier(kpi, span: statement.name.span))), alias: nil, span: statement.name.span)
        }
        var comparison = statement.comparison
        if comparison == nil, Checker.periodUnit(groupBy: statement.groupBy, filter: statement.filter) != nil {
            comparison = ComparisonClause(kind: .previous, span: statement.name.span)
        }
        return QueryStatement(items: items, from: nil, groupBy: statement.groupBy, filter: statement.filter, orderBy: [],
                              limit: nil, comparison: comparison, span: statement.span)
    }

    /// The columns of a scorecard, in order, for `kpis`: the group keys, then per KPI `k`,
    /// `k_target`, `k_change` (when the query compares periods) and `k_status`, then `score`.
    public static func shape(_ table: ResultTable, kpis: [String], catalog: Catalog) -> ResultTable {
        var columns = table.columns.filter { $0.role == .key }
        let count = table.rowCount
        var statuses: [ColumnVector] = []
        for kpi in kpis {
            let format = catalog.kpi(kpi)?.format ?? .automatic
            func column(_ suffix: String) -> ResultTable.Column? { table.columns.first { $0.name == kpi + suffix } }
            if let value = column("") { columns.append(value) }
            columns.append(column("_target") ?? ResultTable.Column(name: kpi + "_target", vector: .constant(.null, type: .decimal, count: count),
                                                                     role: .target, format: format))
            if let change = column("_change") { columns.append(change) }
            let status = column("_status") ?? ResultTable.Column(name: kpi + "_status", vector: .constant(.null, type: .text, count: count), role: .status)
            columns.append(status)
            statuses.append(status.vector)
        }
        var score = VectorBuilder(type: .decimal, capacity: count)
        for row in 0..<count {
            var judged = 0, onTrack = 0
            for vector in statuses {
                guard case .text(let raw) = vector.value(at: row), let status = TargetStatus(rawValue: raw) else { continue }
                judged += 1
                if status == .onTrack { onTrack += 1 }
            }
            score.append(judged == 0 ? .null : .decimal(Double(onTrack) / Double(judged)))
        }
        columns.append(ResultTable.Column(name: "score", vector: score.finish(), role: .measure, format: .percent))
        var shaped = ResultTable(columns: columns, rowCount: count, caption: table.caption)
        shaped.presentation = .scorecard(kpis: kpis)
        return shaped
    }

    /// `order by` over the scorecard's columns (by name), then `limit`. A name that is not a
    /// column is returned as the problem.
    public static func order(_ table: ResultTable, by items: [OrderItem], limit: Int?, source: SourceFile) -> Result<ResultTable, Diagnostic> {
        var table = table
        if !items.isEmpty {
            var keys: [(comparator: Sorting.Key, descending: Bool)] = []
            for item in items {
                guard case .name(let name) = item.expression, name.qualifier == nil,
                      let column = table.columns.first(where: { $0.name.lowercased() == name.name.name.lowercased() }) else {
                    let names = table.columns.map(\.name)
                    return .failure(Diagnostic(.error, "a scorecard is ordered by its columns", at: item.expression.span, in: source,
                                               hints: [Suggestions.hint(for: source.text(of: item.expression.span), in: names)
                                                   ?? "columns: \(names.map { "`\($0)`" }.joined(separator: ", "))"]))
                }
                keys.append((Sorting.comparator(column), item.descending))
            }
            let order = Sorting.order(count: table.rowCount, keys: keys)
            table.columns = table.columns.map { column in
                var sorted = column
                sorted.vector = column.vector.gather(order)
                return sorted
            }
        }
        if let limit { table = table.limited(to: limit) }
        return .success(table)
    }
}
