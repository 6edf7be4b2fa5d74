import KpiqEngine
import KpiqLanguage

extension Session {
    /// The statement, the KPIs it names (a scorecard's, for a scorecard) and the datasets its
    /// plan read, for a report.
    func reportContext(_ statement: ResultStatement, plan: LogicalPlan, source: SourceFile) -> ReportContext {
        var names: [String] = []
        switch statement {
        case .query(let query):
            for item in query.items {
                if case .name(let name) = item.expression, name.qualifier == nil { names.append(name.name.name) }
            }
        case .scorecard(let scorecard): names = catalog.scorecard(scorecard.name.name)?.kpis ?? []
        case .show: break
        }
        let kpis = names.compactMap { catalog.kpi($0) }.map { kpi -> ReportContext.KPI in
            let group = catalog.groupTarget(of: kpi.name).map { "target \($0.kpi) from \($0.dataset) by \($0.keyColumn)" }
            let target = [kpi.targetText, group].compactMap { $0 }.joined(separator: "; ")
            return ReportContext.KPI(name: kpi.name, definition: kpi.definitionText, format: kpi.format,
                                     target: target.isEmpty ? nil : target, description: kpi.description)
        }
        var datasets: [String] = []
        func walk(_ plan: LogicalPlan) {
            switch plan {
            case .scan(let scan):
                if !datasets.contains(scan.dataset) { datasets.append(scan.dataset) }
                for link in catalog.links where scan.links.contains(where: { $0.contains(link.description) }) && !datasets.contains(link.toDataset) {
                    datasets.append(link.toDataset)
                }
            case .filter(let filter): walk(filter.input)
            case .aggregate(let aggregate): walk(aggregate.input)
            case .combine(let combine): combine.inputs.forEach(walk)
            case .project(let project): walk(project.input)
            case .sort(let sort): walk(sort.input)
            case .limit(let limit): walk(limit.input)
            }
        }
        walk(plan)
        let sources = datasets.compactMap { catalog.dataset($0) }.map {
            ReportContext.Source(dataset: $0.name, file: $0.origin, rows: $0.rowCount)
        }
        return ReportContext(title: source.text(of: statement.span), kpis: kpis, sources: sources)
    }
}
