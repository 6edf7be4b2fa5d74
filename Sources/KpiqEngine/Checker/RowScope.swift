import KpiqLanguage

/// The names visible to row-level expressions of one dataset: its own columns and derived
/// dimensions first, then those of the datasets its links reach, nearest first.
struct RowScope {
    let catalog: Catalog
    let base: Dataset
    let reachable: [(dataset: Dataset, path: [Int])]

    init(catalog: Catalog, base: Dataset) {
        self.catalog = catalog
        self.base = base
        self.reachable = catalog.reachable(from: base.name)
    }

    static let periodNames: [String: PeriodGrain] = [
        "year": .year, "quarter": .quarter, "month": .month, "week": .week, "day": .day,
    ]

    /// What a row-level name refers to.
    enum Resolution {
        case column(ColumnPath, DataType)
        case dimension(DimensionDefinition, dataset: Dataset, path: [Int])
        case period(PeriodGrain, dataset: Dataset, path: [Int])
    }

    enum Failure: Error {
        case unknownDataset(String)
        case notReachable(Dataset)
        /// The name is in several datasets at the same distance (`accounts.country`, ...).
        case ambiguous([String])
        /// Several headers of one dataset answer to the name (`Region`, `REGION`).
        case ambiguousHeader([String])
        case missing(in: Dataset?)
        /// A period name, but the dataset has no single time column.
        case noTimeColumn(Dataset)
    }

    /// Resolves a name without reporting anything.
    func resolve(_ name: QualifiedName) -> Result<Resolution, Failure> {
        if let qualifier = name.qualifier {
            guard let dataset = catalog.findDataset(qualifier.name) else { return .failure(.unknownDataset(qualifier.name)) }
            guard let entry = reachable.first(where: { $0.dataset === dataset }) else { return .failure(.notReachable(dataset)) }
            if let found = resolve(name.name.name, in: entry.dataset, path: entry.path) { return found }
            return .failure(.missing(in: dataset))
        }
        // Nearest dataset first; two hits at the same distance are ambiguous. The query's own
        // periods are as near as its columns: a linked dataset's column `year` does not hide them.
        var depth = -1
        var hits: [(Result<Resolution, Failure>, String)] = []
        for entry in reachable {
            if !hits.isEmpty, entry.path.count > depth { break }
            let ownPeriods = entry.path.isEmpty && base.timeColumnIndex != nil
            if let found = resolve(name.name.name, in: entry.dataset, path: entry.path, periods: ownPeriods) {
                depth = entry.path.count
                hits.append((found, entry.dataset.name))
            }
        }
        if hits.count == 1 { return hits[0].0 }
        if hits.count > 1 {
            return .failure(.ambiguous(hits.map { "\($0.1).\(name.name.name)" }))
        }
        if let grain = RowScope.periodNames[name.name.name.lowercased()] {
            guard base.timeColumnIndex != nil else { return .failure(.noTimeColumn(base)) }
            return .success(.period(grain, dataset: base, path: []))
        }
        return .failure(.missing(in: nil))
    }

    private func resolve(_ written: String, in dataset: Dataset, path: [Int], periods: Bool = true) -> Result<Resolution, Failure>? {
        switch dataset.columnIndex(written) {
        case .found(let index):
            return .success(.column(ColumnPath(links: path, dataset: dataset.name, column: index), dataset.columns[index].type))
        case .ambiguous(let names):
            return .failure(.ambiguousHeader(names))
        case .missing:
            break
        }
        if let dimension = dataset.dimension(named: written) {
            return .success(.dimension(dimension, dataset: dataset, path: path))
        }
        if periods, let grain = RowScope.periodNames[written.lowercased()] {
            guard dataset.timeColumnIndex != nil else { return .failure(.noTimeColumn(dataset)) }
            return .success(.period(grain, dataset: dataset, path: path))
        }
        return nil
    }

    /// Every name that could be meant, for "did you mean" hints.
    var knownNames: [String] {
        reachable.flatMap { $0.dataset.knownNames } + (base.timeColumnIndex != nil ? Array(RowScope.periodNames.keys) : [])
    }

    /// True when the name means something here, even if it is ambiguous (which the query
    /// then reports, rather than quietly running on a dataset where the name is unique).
    func reaches(_ name: QualifiedName) -> Bool {
        if depth(of: name) != nil { return true }
        switch resolve(name) {
        case .failure(.ambiguous), .failure(.ambiguousHeader): return true
        default: return false
        }
    }

    /// Distance (in links) at which a name resolves, or nil when it does not.
    func depth(of name: QualifiedName) -> Int? {
        if RowNames.isBareQuarter(name) { return 0 }
        switch resolve(name) {
        case .success(.column(let path, _)): return path.links.count
        case .success(.dimension(_, _, let path)), .success(.period(_, _, let path)): return path.count
        case .failure: return nil
        }
    }
}

/// Collects the row-level names an expression uses (not function names).
enum RowNames {
    static func collect(_ expression: Expr) -> [QualifiedName] {
        switch expression {
        case .literal: return []
        case .name(let name):
            let word = name.name.name.lowercased()
            return isBareQuarter(name) || word == "latest" || Checker.sinceNames[word] != nil ? [] : [name]
        case .unary(_, let operand, _): return collect(operand)
        case .binary(_, let left, let right, _): return collect(left) + collect(right)
        case .call(let call): return call.arguments.flatMap(collect) + (call.filter.map(collect) ?? [])
        case .inList(let value, let list, _, _): return collect(value) + list.flatMap(collect)
        case .between(let value, let low, let high, _, _): return collect(value) + collect(low) + collect(high)
        case .like(let value, let pattern, _, _): return collect(value) + collect(pattern)
        case .isNull(let value, _, _): return collect(value)
        }
    }

    /// `latest` → 0, `latest - 2` → -2, `latest + 1` → 1; nil for anything else.
    static func latestOffset(_ expression: Expr) -> Int? {
        switch expression {
        case .name: return isLatest(expression) ? 0 : nil
        case .binary(let op, let left, .literal(.integer(let count), _), _) where (op == .subtract || op == .add) && isLatest(left):
            return Int(clamping: op == .subtract ? -count : count)
        default: return nil
        }
    }

    static func isLatest(_ expression: Expr) -> Bool {
        guard case .name(let name) = expression, name.qualifier == nil, !name.name.quoted else { return false }
        return name.name.name.lowercased() == "latest"
    }

    /// `Q1` … `Q4`: a quarter of the year, read as the most recent such quarter.
    static func isBareQuarter(_ name: QualifiedName) -> Bool {
        quarterNumber(name) != nil
    }

    static func quarterNumber(_ name: QualifiedName) -> Int? {
        guard name.qualifier == nil, !name.name.quoted else { return nil }
        let text = name.name.name.lowercased()
        guard text.count == 2, text.first == "q", let digit = Int(String(text.last!)), (1...4).contains(digit) else { return nil }
        return digit
    }
}
