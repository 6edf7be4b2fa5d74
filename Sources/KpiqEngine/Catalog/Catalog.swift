import KpiqLanguage

/// What a session knows: datasets, links between them, and KPI definitions.
public final class Catalog: @unchecked Sendable {
    public private(set) var datasetOrder: [String] = []
    private var datasetsByName: [String: Dataset] = [:]
    public private(set) var links: [Link] = []
    public private(set) var kpiOrder: [String] = []
    private var kpisByName: [String: KPIDefinition] = [:]

    /// Which month years and quarters start in.
    public var calendar = FiscalCalendar()

    public init() {}

    // MARK: Datasets

    public var datasets: [Dataset] { datasetOrder.compactMap { datasetsByName[$0] } }

    public func dataset(_ name: String) -> Dataset? { datasetsByName[name] }

    /// Finds a dataset by name: exactly, then case-insensitively.
    public func findDataset(_ written: String) -> Dataset? {
        if let exact = datasetsByName[written] { return exact }
        let matches = datasetOrder.filter { $0.lowercased() == written.lowercased() }
        return matches.count == 1 ? datasetsByName[matches[0]] : nil
    }

    /// Adds a dataset, replacing one of the same name. Links that touch a replaced dataset are
    /// rebuilt; those that no longer hold are dropped and described in the returned notices.
    @discardableResult
    public func add(_ dataset: Dataset) -> [String] {
        let replacing = datasetsByName[dataset.name] != nil
        if !replacing { datasetOrder.append(dataset.name) }
        datasetsByName[dataset.name] = dataset
        guard replacing else { return [] }
        var notices: [String] = []
        var kept: [Link] = []
        for link in links {
            guard link.fromDataset == dataset.name || link.toDataset == dataset.name else {
                kept.append(link)
                continue
            }
            guard let from = datasetsByName[link.fromDataset], let to = datasetsByName[link.toDataset],
                  case .found(let fromColumn) = from.columnIndex(link.fromColumnName),
                  case .found(let toColumn) = to.columnIndex(link.toColumnName),
                  case .success(let rebuilt) = Link.make(from: from, fromColumn: fromColumn, to: to, toColumn: toColumn)
            else {
                notices.append("link \(link.fromDataset).\(link.fromColumnName) -> \(link.toDataset).\(link.toColumnName) was dropped: it no longer holds after reloading \(dataset.name)")
                continue
            }
            kept.append(rebuilt)
        }
        links = kept
        return notices
    }

    // MARK: Links

    /// Makes `from.fromColumn -> to.toColumn`, replacing an earlier link between the same two
    /// datasets (whatever its columns): names resolve through one link per dataset reached.
    public func addLink(from: Dataset, fromColumn: Int, to: Dataset, toColumn: Int) -> Result<Link, LinkError> {
        Link.make(from: from, fromColumn: fromColumn, to: to, toColumn: toColumn).map { link in
            links.removeAll { $0.fromDataset == from.name && $0.toDataset == to.name }
            links.append(link)
            return link
        }
    }

    public func links(from dataset: String) -> [Link] { links.filter { $0.fromDataset == dataset } }

    /// Datasets reachable from `start` through links, nearest first, each with the chain of
    /// link indexes (into `links`) that leads there. `start` itself comes first with no links.
    public func reachable(from start: String) -> [(dataset: Dataset, path: [Int])] {
        guard let first = datasetsByName[start] else { return [] }
        var result: [(Dataset, [Int])] = [(first, [])]
        var seen: Set<String> = [start]
        var frontier: [(String, [Int])] = [(start, [])]
        while !frontier.isEmpty {
            var next: [(String, [Int])] = []
            for (name, path) in frontier {
                for (index, link) in links.enumerated() where link.fromDataset == name && !seen.contains(link.toDataset) {
                    guard let target = datasetsByName[link.toDataset] else { continue }
                    seen.insert(link.toDataset)
                    result.append((target, path + [index]))
                    next.append((link.toDataset, path + [index]))
                }
            }
            frontier = next
        }
        return result
    }

    // MARK: KPIs

    public var kpis: [KPIDefinition] { kpiOrder.compactMap { kpisByName[$0] } }

    public func kpi(_ name: String) -> KPIDefinition? {
        if let exact = kpisByName[name] { return exact }
        let matches = kpiOrder.filter { $0.lowercased() == name.lowercased() }
        return matches.count == 1 ? kpisByName[matches[0]] : nil
    }

    /// Adds or replaces a KPI; returns true when it replaced one.
    @discardableResult
    public func define(_ kpi: KPIDefinition) -> Bool {
        let replaced = kpisByName[kpi.name] != nil
        if !replaced { kpiOrder.append(kpi.name) }
        kpisByName[kpi.name] = kpi
        return replaced
    }

    public func removeKPI(_ name: String) {
        kpisByName[name] = nil
        kpiOrder.removeAll { $0 == name }
    }
}
