import KpiqLanguage

/// Runs logical plans over the catalog's columns.
public struct Executor {
    let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// What a plan step hands to the next.
    enum Intermediate {
        case rows(Dataset, [Int32]?)
        case groups(GroupSet)
        case frame(Frame)
    }

    struct GroupSet {
        var count: Int
        /// One vector per key, one value per group.
        var keys: [ColumnVector]
        /// Aggregate results by their index in the query.
        var aggregates: [Int: ColumnVector]
        /// Aggregates that are counts (0, not null, where a dataset has no rows for a group).
        var countIndexes: Set<Int>
        /// Whether each group has rows in the current period (not only in earlier ones).
        var current: [Bool]
    }

    struct Frame {
        var columns: [ResultTable.Column]
        var hidden: [ColumnVector]
        var count: Int
    }

    /// Rows matched per dataset, for the caption.
    final class Statistics {
        var matched: [(dataset: String, matched: Int, total: Int)] = []
        var notes: [String] = []
    }

    public func run(_ plan: LogicalPlan, notes: [String] = []) throws(Cancelled) -> ResultTable {
        MemoryTuning.forQueries()
        let statistics = Statistics()
        guard case .frame(let frame) = try execute(plan, statistics) else {
            return ResultTable(columns: [], rowCount: 0)
        }
        var caption = notes + statistics.notes
        let groups = Formatting.count(frame.count, "row")
        let matched = statistics.matched.map { entry in
            entry.matched == entry.total
                ? "\(Formatting.count(entry.total, "row")) of \(entry.dataset)"
                : "\(Formatting.thousands(entry.matched)) of \(Formatting.thousands(entry.total)) rows of \(entry.dataset) matched"
        }
        caption.append(([groups] + matched).joined(separator: " · "))
        return ResultTable(columns: frame.columns, rowCount: frame.count, caption: caption)
    }

    func execute(_ plan: LogicalPlan, _ statistics: Statistics) throws(Cancelled) -> Intermediate {
        try Cancellation.check()
        switch plan {
        case .scan(let scan):
            guard let dataset = catalog.dataset(scan.dataset) else { preconditionFailure("plan names a dataset the catalog lacks") }
            return .rows(dataset, nil)

        case .filter(let filter):
            guard case .rows(let dataset, let rows) = try execute(filter.input, statistics) else { preconditionFailure("filter over groups") }
            let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
            let positions = evaluator.truePositions(filter.predicate)
            let selected = rows.map { rows in positions.map { rows[Int($0)] } } ?? positions
            return .rows(dataset, selected)

        case .aggregate(let aggregate):
            guard case .rows(let dataset, _) = try execute(aggregate.input, statistics) else { preconditionFailure("aggregate over groups") }
            try Cancellation.check()
            let output = WindowedAggregation(catalog: catalog, dataset: dataset, filter: aggregate.filter, keys: aggregate.keys,
                                             specs: aggregate.aggregates, keySetKeys: aggregate.keySetKeys,
                                             periods: aggregate.periods).run()
            statistics.matched.append((dataset.name, output.matched, dataset.rowCount))
            statistics.notes += output.notes.filter { !statistics.notes.contains($0) }
            return .groups(output.groups)

        case .combine(let combine):
            let sets = try combine.inputs.map { input throws(Cancelled) -> GroupSet in
                guard case .groups(let set) = try execute(input, statistics) else { preconditionFailure("combine over rows") }
                return set
            }
            return .groups(Executor.combine(sets))

        case .project(let project):
            switch try execute(project.input, statistics) {
            case .groups(var groups):
                if let periods = project.periods, let keyIndex = periods.keyIndex {
                    groups = PeriodGaps.fill(groups, keyIndex: keyIndex, periods: periods)
                }
                let highest = (groups.aggregates.keys.max() ?? -1) + 1
                let aggregates = (0..<highest).map { groups.aggregates[$0] ?? .constant(.null, type: .null, count: groups.count) }
                let evaluator = Evaluator(catalog: catalog, groups: groups.count, aggregates: aggregates)
                var columns: [ResultTable.Column] = []
                for (position, key) in groups.keys.enumerated() {
                    let name = keyName(project, position)
                    columns.append(ResultTable.Column(name: name, vector: key, role: .key))
                }
                for column in project.columns {
                    // A column may read the group keys and the columns before it (a target looked up by key).
                    evaluator.outputs = columns.map(\.vector)
                    columns.append(ResultTable.Column(name: column.name, vector: evaluator.evaluate(column.expression),
                                                      role: column.role, format: column.format))
                }
                evaluator.outputs = columns.map(\.vector)
                return .frame(Frame(columns: columns, hidden: project.hidden.map(evaluator.evaluate), count: groups.count))
            case .rows(let dataset, let rows):
                let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
                statistics.matched.append((dataset.name, evaluator.count, dataset.rowCount))
                return .frame(projected(project, evaluator))
            case .frame:
                preconditionFailure("project over a frame")
            }

        case .sort(let sort):
            guard case .frame(let frame) = try execute(sort.input, statistics) else { preconditionFailure("sort before project") }
            return .frame(sorted(frame, sort, limit: nil))

        case .limit(let limit):
            // A limit over a sort picks its rows without ordering the rest.
            if case .sort(let sort) = limit.input {
                if case .project(let project) = sort.input, Self.readsRows(project.input), sort.tieBreakers.isEmpty,
                   !project.hidden.contains(where: \.readsOutputs) {
                    return .frame(try topRows(project, sort, limit: limit.count, statistics))
                }
                guard case .frame(let frame) = try execute(sort.input, statistics) else { preconditionFailure("sort before project") }
                return .frame(sorted(frame, sort, limit: limit.count))
            }
            if case .project(let project) = limit.input, Self.readsRows(project.input) {
                return .frame(try firstRows(project, limit: limit.count, statistics))
            }
            guard case .frame(let frame) = try execute(limit.input, statistics) else { preconditionFailure("limit before project") }
            guard frame.count > limit.count else { return .frame(frame) }
            return .frame(gathered(frame, (0..<Int32(limit.count)).map { $0 }))
        }
    }

    /// A `show`'s columns over the evaluator's rows, then its hidden sort values (which may read
    /// the columns).
    private func projected(_ project: LogicalPlan.Project, _ evaluator: Evaluator) -> Frame {
        let columns = project.columns.map { field($0, evaluator) }
        evaluator.outputs = columns.map(\.vector)
        return Frame(columns: columns, hidden: project.hidden.map(evaluator.evaluate), count: evaluator.count)
    }

    /// One of a `show`'s columns over the evaluator's rows.
    private func field(_ projected: LogicalPlan.ProjectedColumn, _ evaluator: Evaluator) -> ResultTable.Column {
        var column = ResultTable.Column(name: projected.name, vector: evaluator.evaluate(projected.expression), role: .field,
                                        format: projected.format)
        // A year or an id read straight from the data is a label too (`year_established`).
        let isColumn = if case .column = projected.expression { true } else { false }
        column.isLabel = projected.expression.isCalendarNumber || (isColumn && ResultTable.Column.nameReadsAsLabel(projected.name))
        return column
    }

    /// `show … order by … limit k` when no sort key reads the result's columns: the keys are
    /// worked out for every matching row, the columns only for the k rows kept (in their
    /// order), instead of projecting every row and cutting afterwards.
    private func topRows(_ project: LogicalPlan.Project, _ sort: LogicalPlan.Sort, limit: Int,
                         _ statistics: Statistics) throws(Cancelled) -> Frame {
        try projected(project, statistics) { evaluator in
            let keys = sort.keys.map { key in
                let comparator = key.column < project.columns.count
                    ? Sorting.comparator(field(project.columns[key.column], evaluator))
                    : Sorting.comparator(evaluator.evaluate(project.hidden[key.column - project.columns.count]))
                return (comparator: comparator, descending: key.descending)
            }
            return Sorting.order(count: evaluator.count, keys: keys, limit: limit)
        }
    }

    /// `show … limit k` with no order: only the first k matching rows are projected.
    private func firstRows(_ project: LogicalPlan.Project, limit: Int, _ statistics: Statistics) throws(Cancelled) -> Frame {
        try projected(project, statistics) { evaluator in (0..<Int32(min(limit, evaluator.count))).map { $0 } }
    }

    /// A `show` over the rows its input selects, projected at the positions (within those rows)
    /// that `keep` picks, in its order; the caption counts every row selected.
    private func projected(_ project: LogicalPlan.Project, _ statistics: Statistics,
                           keeping keep: (Evaluator) -> [Int32]) throws(Cancelled) -> Frame {
        guard case .rows(let dataset, let rows) = try execute(project.input, statistics) else { preconditionFailure("a show reads rows") }
        let evaluator = Evaluator(catalog: catalog, base: dataset, rows: rows)
        statistics.matched.append((dataset.name, evaluator.count, dataset.rowCount))
        let positions = keep(evaluator)
        let kept = rows.map { rows in positions.map { rows[Int($0)] } } ?? positions
        return projected(project, Evaluator(catalog: catalog, base: dataset, rows: kept))
    }

    /// Whether a plan reads a dataset's rows (a scan, filtered or not).
    private static func readsRows(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case .scan: true
        case .filter(let filter): readsRows(filter.input)
        default: false
        }
    }

    /// The frame's rows by the sort's keys, only the first `limit` of them if given.
    private func sorted(_ frame: Frame, _ sort: LogicalPlan.Sort, limit: Int?) -> Frame {
        let all = frame.columns.map(\.vector) + frame.hidden
        // A status sorts by how bad it is (on track, at risk, off track), not by its text.
        var keys = sort.keys.map { key in
            (comparator: key.column < frame.columns.count ? Sorting.comparator(frame.columns[key.column]) : Sorting.comparator(all[key.column]),
             descending: key.descending)
        }
        keys += sort.tieBreakers.map { (comparator: Sorting.comparator(all[$0]), descending: false) }
        return gathered(frame, Sorting.order(count: frame.count, keys: keys, limit: limit))
    }

    /// The frame's rows at the positions given, in that order.
    private func gathered(_ frame: Frame, _ rows: [Int32]) -> Frame {
        var frame = frame
        frame.columns = frame.columns.map { column in
            var cut = column
            cut.vector = column.vector.gather(rows)
            return cut
        }
        frame.hidden = frame.hidden.map { $0.gather(rows) }
        frame.count = rows.count
        return frame
    }

    private func keyName(_ project: LogicalPlan.Project, _ position: Int) -> String {
        var input = project.input
        while true {
            switch input {
            case .aggregate(let aggregate): return aggregate.keyNames[position]
            case .combine(let combine): return combine.keyNames[position]
            case .filter(let filter): input = filter.input
            default: return "key\(position + 1)"
            }
        }
    }

    /// Joins the groups of several datasets on their key values; a group missing from one
    /// dataset gets 0 for its counts and null for its other aggregates.
    static func combine(_ sets: [GroupSet]) -> GroupSet {
        guard let first = sets.first else { return GroupSet(count: 0, keys: [], aggregates: [:], countIndexes: [], current: []) }
        var order: [[Value]] = []
        var position: [[Value]: Int] = [:]
        var membership: [[Int]] = []  // per set: group index → merged position
        for set in sets {
            var mapped: [Int] = []
            for group in 0..<set.count {
                let key = set.keys.map { $0.value(at: group) }
                if let existing = position[key] { mapped.append(existing) } else {
                    position[key] = order.count
                    mapped.append(order.count)
                    order.append(key)
                }
            }
            membership.append(mapped)
        }
        let keyTypes = first.keys.map(\.type)
        var keys: [ColumnVector] = []
        for (index, type) in keyTypes.enumerated() {
            var builder = VectorBuilder(type: type, capacity: order.count)
            for key in order { builder.append(key[index]) }
            keys.append(builder.finish())
        }
        var aggregates: [Int: ColumnVector] = [:]
        var counts: Set<Int> = []
        var current = [Bool](repeating: false, count: order.count)
        for (setIndex, set) in sets.enumerated() {
            for group in 0..<set.count where set.current[group] { current[membership[setIndex][group]] = true }
            counts.formUnion(set.countIndexes)
            for (aggregateIndex, vector) in set.aggregates {
                var values = [Value](repeating: set.countIndexes.contains(aggregateIndex) ? .integer(0) : .null, count: order.count)
                for group in 0..<set.count { values[membership[setIndex][group]] = vector.value(at: group) }
                var builder = VectorBuilder(type: vector.type, capacity: order.count)
                for value in values { builder.append(value) }
                aggregates[aggregateIndex] = builder.finish()
            }
        }
        return GroupSet(count: order.count, keys: keys, aggregates: aggregates, countIndexes: counts, current: current)
    }
}
