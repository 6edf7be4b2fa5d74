import KpiqLanguage

/// Resolves the names of a statement against the catalog, gives every expression a type, and
/// reports every mistake it finds (not just the first) as diagnostics.
public struct Checker {
    let catalog: Catalog
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Notes for the result caption, such as how a bare `Q3` resolved.
    var notes: [String] = []
    /// KPIs being expanded, to name a definition cycle.
    var kpiStack: [String] = []
    /// Derived dimensions being expanded, to catch one defined through itself.
    var dimensionStack: [String] = []
    /// The KPI name in the checked statement through which the current expansion began.
    var cycleAnchor: (Span, SourceFile)?
    /// Warnings shown only if the statement has no error (beside an error they are noise).
    var deferredWarnings: [Diagnostic] = []
    /// Checking a `define kpi`: where its aggregates run is decided by each query, not here.
    var checkingDefinition = false
    /// The `cohort(key, grain)` of the query's `by`, for `months_since` and `cohort_size`.
    var cohortContext: (key: Expr, grain: PeriodGrain, source: SourceFile, sinceKey: Int?)?

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    mutating func error(_ message: String, at span: Span, in source: SourceFile, hints: [String?] = []) {
        diagnostics.append(Diagnostic(.error, message, at: span, in: source, hints: hints.compactMap { $0 }))
    }

    /// Errors so far; warnings do not stop a statement.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// Warnings raised while checking, to show beside a statement that still runs.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    // MARK: kpi queries

    public mutating func checkQuery(_ query: QueryStatement, source: SourceFile) -> CheckedQuery? {
        let before = errorCount
        notes = []
        var context = QueryContext(source: source)
        if let from = query.from {
            guard let dataset = findDataset(from, in: source) else { return nil }
            context.from = dataset
        }
        context.requiredNames = query.groupBy.flatMap { RowNames.collect($0) } + (query.filter.map { RowNames.collect($0) } ?? [])
        if let (grain, unit) = Checker.periodUnit(groupBy: query.groupBy, filter: query.filter) {
            context.grain = grain
            context.unit = unit
        }
        if let (key, grain) = Checker.cohortKey(in: query.groupBy) {
            let since = query.groupBy.firstIndex { expression in
                if case .name(let name) = expression { return Checker.sinceNames[name.name.name.lowercased()] != nil }
                return false
            }
            cohortContext = (key, grain, source, since)
        } else {
            cohortContext = nil
        }
        var comparison: TimeShift?
        if let clause = query.comparison {
            comparison = comparisonShift(clause, query: query, source: source)
        }

        // KPIs first: they decide which datasets the query runs on.
        var measures: [MeasureColumn] = []
        var outputNames: [String] = []
        for item in query.items {
            let errorsBefore = errorCount
            let expression = bindMeasure(item.expression, context: &context, source: source)
            let name = item.alias?.name ?? outputName(of: item.expression, source: source)
            let format = formatOf(item.expression)
            let text = kpiDefinitionText(item.expression) ?? source.text(of: item.expression.span)
            measures.append(MeasureColumn(name: name, expression: expression, format: format, text: text))
            outputNames.append(name)
            // (An item that did not check would report its errors again as `k_prev`.)
            if let shift = comparison, errorCount == errorsBefore {
                // k_prev, k_change = k - k_prev, k_change_pct = (k - k_prev) / |k_prev|.
                let saved = context.window
                context.window.shift = context.window.shift + shift
                let previous = bindMeasure(item.expression, context: &context, source: source)
                context.window = saved
                let change = BoundExpr.binary(.subtract, expression, previous, TypeRules.arithmetic(.subtract, expression.type, previous.type) ?? .decimal)
                // Over the size of the previous value, so that the percent goes the way the change
                // does: from -100 to 50 is +150%, not -150%.
                let percent = BoundExpr.binary(.divide, change, .function(.abs, [previous], previous.type), .decimal)
                measures.append(MeasureColumn(name: name + "_prev", expression: previous, format: format, text: "\(text), previous", role: .measure))
                measures.append(MeasureColumn(name: name + "_change", expression: change, format: format, text: "\(name) - \(name)_prev", role: .change))
                measures.append(MeasureColumn(name: name + "_change_pct", expression: percent, format: .percent, text: "\(name)_change / \(name)_prev", role: .change))
                outputNames += [name + "_prev", name + "_change", name + "_change_pct"]
            }
            let targets = targetColumns(for: item, name: name, measure: expression, groupBy: query.groupBy, source: source)
            measures += targets
            outputNames += targets.map(\.name)
        }
        if context.aggregates.isEmpty, errorCount == before, let first = query.items.first {
            error("a KPI query needs at least one aggregate", at: first.span, in: source,
                  hints: ["aggregate a column, e.g. `kpi sum(close_value) by manager`, or name a defined KPI"])
        }

        settleGuessedDatasets(&context)

        // Then each dataset binds the group keys and filter for itself.
        var bases: [BaseQuery] = []
        var keys: [KeyColumn] = []
        var filterText: String?
        let datasetNames = context.aggregateDatasets()
        for (position, datasetName) in datasetNames.enumerated() {
            guard let dataset = catalog.dataset(datasetName) else { continue }
            let scope = RowScope(catalog: catalog, base: dataset)
            var boundKeys: [BoundExpr] = []
            for (index, key) in query.groupBy.enumerated() {
                let bound = bindRow(key, scope: scope, source: source)
                boundKeys.append(bound)
                if position == 0 {
                    keys.append(KeyColumn(name: outputName(of: key, source: source), type: bound.type, text: source.text(of: key.span)))
                } else if index < keys.count, keys[index].type != bound.type, bound.type != .null {
                    error("`\(source.text(of: key.span))` has type \(keys[index].type) on `\(datasetNames[0])` but \(bound.type) on `\(datasetName)`",
                          at: key.span, in: source)
                }
            }
            var filter: BoundExpr?
            if let predicate = query.filter {
                filter = bindPredicate(predicate, scope: scope, source: source)
                filterText = source.text(of: predicate.span)
            }
            let indexes = context.aggregates.indices.filter { context.aggregates[$0].dataset == datasetName }
            bases.append(BaseQuery(dataset: datasetName, filter: filter, keys: boundKeys, aggregateIndexes: indexes))
        }
        for (index, key) in keys.enumerated() where outputNames.contains(key.name) {
            keys[index].name = key.name + "_key"
        }
        if keys.count == query.groupBy.count {
            rejectDuplicateNames(keys.map(\.name) + outputNames, at: query.groupBy.map(\.span) + query.items.map(\.span),
                                 keyCount: keys.count, source: source)
        }

        // Ordering refers to result columns by name, or to further aggregates.
        let allNames = keys.map(\.name) + outputNames
        var ordering: [SortKey] = []
        for item in query.orderBy {
            let bound: BoundExpr
            if case .name(let name) = item.expression, name.qualifier == nil,
               let index = allNames.firstIndex(where: { $0.lowercased() == name.name.name.lowercased() }) {
                let type = index < keys.count ? keys[index].type : measures[index - keys.count].expression.type
                bound = .output(index, type)
            } else if let keyIndex = query.groupBy.firstIndex(where: { source.text(of: $0.span) == source.text(of: item.expression.span) }) {
                bound = .output(keyIndex, keys.indices.contains(keyIndex) ? keys[keyIndex].type : .null)
            } else {
                let countBefore = context.aggregates.count
                bound = bindMeasure(item.expression, context: &context, source: source)
                // Aggregates that only ordering needs still run on their dataset.
                for index in countBefore..<context.aggregates.count {
                    if let base = bases.firstIndex(where: { $0.dataset == context.aggregates[index].dataset }) {
                        bases[base].aggregateIndexes.append(index)
                    } else {
                        error("`\(source.text(of: item.expression.span))` runs on `\(context.aggregates[index].dataset)`, which no KPI of this query uses",
                              at: item.expression.span, in: source, hints: ["order by one of the result columns: \(allNames.map { "`\($0)`" }.joined(separator: ", "))"])
                    }
                }
            }
            ordering.append(SortKey(expression: bound, descending: item.descending, text: source.text(of: item.expression.span)))
        }
        if errorCount == before { diagnostics += deferredWarnings }
        deferredWarnings = []
        guard errorCount == before else { return nil }
        var periods: QueryPeriods?
        if let grain = context.grain, let unit = context.unit, let first = bases.first {
            let keyIndex = first.keys.firstIndex {
                if case .period(let path, let keyGrain) = $0, path.links.isEmpty, keyGrain == grain { return true }
                return false
            }
            let bounds: (lower: Int?, upper: Int?) = first.filter.map { PeriodBounds.days(of: $0, calendar: catalog.calendar) } ?? (nil, nil)
            periods = QueryPeriods(grain: grain, unit: unit, keyIndex: keyIndex, lowerDay: bounds.lower, upperDay: bounds.upper, filter: first.filter, calendar: catalog.calendar)
        }
        return CheckedQuery(bases: bases, aggregates: context.aggregates, keys: keys, measures: measures,
                            ordering: ordering, limit: query.limit?.count, notes: notes, filterText: filterText,
                            keySetKeys: context.keySetKeys, periods: periods)
    }

    // MARK: show

    public mutating func checkShow(_ show: ShowStatement, source: SourceFile) -> CheckedShow? {
        let before = errorCount
        notes = []
        guard let dataset = findDataset(show.dataset, in: source) else { return nil }
        let scope = RowScope(catalog: catalog, base: dataset)
        var columns: [(name: String, expression: BoundExpr)] = []
        if show.columns.isEmpty {
            for (index, column) in dataset.columns.enumerated() {
                columns.append((column.name, .column(ColumnPath(links: [], dataset: dataset.name, column: index), column.type)))
            }
        } else {
            for item in show.columns {
                let bound = bindRow(item.expression, scope: scope, source: source)
                columns.append((item.alias?.name ?? outputName(of: item.expression, source: source), bound))
            }
            rejectDuplicateNames(columns.map(\.name), at: show.columns.map(\.span), keyCount: 0, source: source)
        }
        let filter = show.filter.map { bindPredicate($0, scope: scope, source: source) }
        var ordering: [SortKey] = []
        for item in show.orderBy {
            let bound: BoundExpr
            if case .name(let name) = item.expression, name.qualifier == nil,
               let index = columns.firstIndex(where: { $0.name.lowercased() == name.name.name.lowercased() }) {
                bound = .output(index, columns[index].expression.type)
            } else {
                bound = bindRow(item.expression, scope: scope, source: source)
            }
            ordering.append(SortKey(expression: bound, descending: item.descending, text: source.text(of: item.expression.span)))
        }
        guard errorCount == before else { return nil }
        return CheckedShow(dataset: dataset.name, filter: filter, filterText: show.filter.map { source.text(of: $0.span) },
                           columns: columns, ordering: ordering, limit: show.limit?.count, notes: notes)
    }

    // MARK: definitions

    /// Checks a KPI definition before it is stored: names exist, types fit, no cycle.
    public mutating func checkDefinition(name: Identifier, expression: Expr, source: SourceFile) -> Bool {
        let before = errorCount
        kpiStack = [name.name]
        checkingDefinition = true
        var context = QueryContext(source: source)
        // Window functions are checked for their shape here; their period comes with each query.
        context.unit = .unit(.day)
        context.grain = .day
        _ = bindMeasure(expression, context: &context, source: source)
        kpiStack = []
        checkingDefinition = false
        if errorCount == before, context.aggregates.isEmpty {
            error("KPI `\(name.name)` aggregates nothing", at: expression.span, in: source,
                  hints: ["a KPI is built from aggregates such as `count()`, `sum(close_value)` or other KPIs"])
        }
        return errorCount == before
    }

    /// Checks `define dimension ds.name = expr` on `dataset`. With `name`, a use of the
    /// dimension itself inside `expression` (directly or through other dimensions) is
    /// reported as a cycle.
    public mutating func checkDimension(_ expression: Expr, named name: String? = nil, on dataset: Dataset,
                                        source: SourceFile) -> DataType? {
        let before = errorCount
        dimensionStack = name.map { ["\(dataset.name).\($0)"] } ?? []
        defer { dimensionStack = [] }
        let bound = bindRow(expression, scope: RowScope(catalog: catalog, base: dataset), source: source)
        return errorCount == before ? bound.type : nil
    }

    // MARK: helpers

    /// Two result columns of one name would be one key in JSON, and `order by` could not
    /// tell them apart. The first `keyCount` names are group keys, which take no `as`.
    mutating func rejectDuplicateNames(_ names: [String], at spans: [Span], keyCount: Int, source: SourceFile) {
        var seen: Set<String> = []
        for (index, (name, span)) in zip(names, spans).enumerated() where !seen.insert(name).inserted {
            error("two result columns are named `\(name)`", at: span, in: source,
                  hints: [index < keyCount ? "group by it once" : "give one of them another name with `as`"])
        }
    }

    mutating func findDataset(_ identifier: Identifier, in source: SourceFile) -> Dataset? {
        if let dataset = catalog.findDataset(identifier.name) { return dataset }
        let names = catalog.datasetOrder
        error("unknown dataset `\(identifier.name)`", at: identifier.span, in: source,
              hints: [Suggestions.hint(for: identifier.name, in: names),
                      names.isEmpty ? "no dataset is loaded yet: `load \"file.csv\"`" : "loaded: \(names.map { "`\($0)`" }.joined(separator: ", "))"])
        return nil
    }

    /// The result column name: the KPI or column name, else the expression as written.
    func outputName(of expression: Expr, source: SourceFile) -> String {
        if case .name(let name) = expression { return name.name.name }
        return source.text(of: expression.span)
    }

    /// A KPI queried by name keeps its format.
    func formatOf(_ expression: Expr) -> ValueFormat {
        if case .name(let name) = expression, name.qualifier == nil, let kpi = catalog.kpi(name.name.name) {
            return kpi.format
        }
        // previous(revenue), ytd(revenue), rolling(revenue, 3), retained(account, revenue) read
        // the way revenue does.
        if case .call(let call) = expression, let last = call.arguments.last {
            switch call.name.name.lowercased() {
            case "previous", "ytd", "qtd", "mtd": return formatOf(call.arguments[0])
            case "rolling": return formatOf(call.arguments[0])
            case "retained", "lost", "new": return call.arguments.count == 2 ? formatOf(last) : .integer
            default: break
            }
        }
        return .automatic
    }

    func kpiDefinitionText(_ expression: Expr) -> String? {
        if case .name(let name) = expression, name.qualifier == nil, let kpi = catalog.kpi(name.name.name) {
            return kpi.definitionText
        }
        return nil
    }
}

/// What binding the KPIs of one query collects: its aggregates and where they run.
struct QueryContext {
    var source: SourceFile
    var from: Dataset?
    /// Names used in `by` and `where`: the dataset an aggregate runs on must reach them.
    var requiredNames: [QualifiedName] = []
    var aggregates: [AggregateSpec] = []
    /// Aggregates whose dataset was chosen among others that fit as well.
    var guesses: [Guess] = []

    struct Guess {
        var aggregate: Int
        var others: [String]
        var span: Span
        var source: SourceFile
        /// `in KPI ..., used at ...` when the aggregate came from a KPI's definition.
        var use: String?
    }
    /// One period back, and the grain of the current period (nil: the query has no period).
    var unit: TimeShift?
    var grain: PeriodGrain?
    /// The window the aggregates being bound read (changed by `previous`, `ytd`, ...).
    var window = PeriodWindow()
    var pendingKeySet: PendingKeySet?
    /// Row-level keys of `retained`/`lost`/`new`, bound on their aggregate's dataset.
    var keySetKeys: [BoundExpr] = []

    init(source: SourceFile) {
        self.source = source
    }

    /// The datasets the aggregates run on, in order of first use.
    func aggregateDatasets() -> [String] {
        var seen: [String] = []
        for aggregate in aggregates where !seen.contains(aggregate.dataset) { seen.append(aggregate.dataset) }
        return seen
    }
}
