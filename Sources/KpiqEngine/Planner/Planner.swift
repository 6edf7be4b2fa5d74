/// Turns checked statements into logical plans.
public enum Planner {
    public static func plan(_ query: CheckedQuery, catalog: Catalog) -> LogicalPlan {
        var branches: [LogicalPlan] = []
        for base in query.bases {
            let specs = base.aggregateIndexes.map { (index: $0, spec: query.aggregates[$0]) }
            var paths = base.keys.flatMap(\.columnPaths) + (base.filter?.columnPaths ?? [])
            for (_, spec) in specs { paths += (spec.argument?.columnPaths ?? []) + (spec.filter?.columnPaths ?? []) }
            for (_, spec) in specs {
                if let rule = spec.window.keySet { paths += query.keySetKeys[rule.keyIndex].columnPaths }
            }
            let input = LogicalPlan.scan(scan(base.dataset, paths: paths, catalog: catalog))
            branches.append(.aggregate(.init(input: input, dataset: base.dataset, keys: base.keys,
                                             keyNames: query.keys.map(\.name), aggregates: specs,
                                             filter: base.filter, filterText: query.filterText,
                                             keySetKeys: query.keySetKeys, periods: query.periods)))
        }
        let grouped = branches.count == 1 ? branches[0] : .combine(.init(inputs: branches, keyNames: query.keys.map(\.name)))
        let columns = query.measures.map {
            LogicalPlan.ProjectedColumn(name: $0.name, expression: $0.expression, format: $0.format, text: $0.text, role: $0.role)
        }
        let visibleCount = query.keys.count + columns.count
        var hidden: [BoundExpr] = []
        var sortKeys: [(column: Int, descending: Bool, text: String)] = []
        for key in query.ordering {
            if case .output(let index, _) = key.expression {
                sortKeys.append((index, key.descending, key.text))
            } else {
                sortKeys.append((visibleCount + hidden.count, key.descending, key.text))
                hidden.append(key.expression)
            }
        }
        var plan = LogicalPlan.project(.init(input: grouped, columns: columns, hidden: hidden, periods: query.periods))
        let keyColumns = Array(0..<query.keys.count)
        if !sortKeys.isEmpty || !keyColumns.isEmpty {
            plan = .sort(.init(input: plan, keys: sortKeys, tieBreakers: keyColumns))
        }
        if let limit = query.limit { plan = .limit(.init(input: plan, count: limit)) }
        return plan
    }

    public static func plan(_ show: CheckedShow, catalog: Catalog) -> LogicalPlan {
        var paths = show.columns.flatMap(\.expression.columnPaths) + (show.filter?.columnPaths ?? [])
        var hidden: [BoundExpr] = []
        var sortKeys: [(column: Int, descending: Bool, text: String)] = []
        for key in show.ordering {
            if case .output(let index, _) = key.expression {
                sortKeys.append((index, key.descending, key.text))
            } else {
                paths += key.expression.columnPaths
                sortKeys.append((show.columns.count + hidden.count, key.descending, key.text))
                hidden.append(key.expression)
            }
        }
        var plan = LogicalPlan.scan(scan(show.dataset, paths: paths, catalog: catalog))
        if let filter = show.filter { plan = .filter(.init(input: plan, predicate: filter, text: show.filterText ?? "")) }
        let columns = show.columns.map {
            LogicalPlan.ProjectedColumn(name: $0.name, expression: $0.expression, format: .automatic, text: $0.name)
        }
        plan = .project(.init(input: plan, columns: columns, hidden: hidden, periods: nil))
        if !sortKeys.isEmpty { plan = .sort(.init(input: plan, keys: sortKeys, tieBreakers: [])) }
        if let limit = show.limit { plan = .limit(.init(input: plan, count: limit)) }
        return plan
    }

    private static func scan(_ dataset: String, paths: [ColumnPath], catalog: Catalog) -> LogicalPlan.Scan {
        var chains: [String] = []
        for path in paths where !path.links.isEmpty {
            let text = path.links.map { catalog.links[$0].description }.joined(separator: ", ")
            if !chains.contains(text) { chains.append(text) }
        }
        return .init(dataset: dataset, rowCount: catalog.dataset(dataset)?.rowCount ?? 0, links: chains.sorted())
    }
}
