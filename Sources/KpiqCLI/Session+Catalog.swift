import KpiqEngine
import KpiqLanguage

/// `describe`, `datasets`, `kpis`: what the session knows, as result tables.
extension Session {
    func runDescribe(_ describe: DescribeStatement, source: SourceFile, checkOnly: Bool) throws {
        switch describe.target {
        case .dataset(let name):
            guard let dataset = catalog.findDataset(name.name) else {
                if catalog.kpi(name.name) != nil {
                    throw Diagnostic(.error, "`\(name.name)` is a KPI, not a dataset", at: name.span, in: source,
                                     hints: ["write `describe kpi \(name.name)`"])
                }
                throw Diagnostic(.error, "unknown dataset `\(name.name)`", at: name.span, in: source,
                                 hints: [Suggestions.hint(for: name.name, in: catalog.datasetOrder)].compactMap { $0 })
            }
            if !checkOnly { emit(DatasetDescription.table(dataset, catalog: catalog)) }
        case .kpi(let name):
            guard let kpi = catalog.kpi(name.name) else {
                throw Diagnostic(.error, "unknown KPI `\(name.name)`", at: name.span, in: source,
                                 hints: [Suggestions.hint(for: name.name, in: catalog.kpis.map(\.name))].compactMap { $0 })
            }
            if !checkOnly { emit(describeKPI(kpi)) }
        }
    }

    private func describeKPI(_ kpi: KPIDefinition) -> ResultTable {
        var rows: [(String, String)] = [("name", kpi.name), ("definition", kpi.definitionText)]
        // The datasets it runs on, found by checking it the way a query would.
        var checker = Checker(catalog: catalog)
        let probe = SourceFile(name: "<describe>", text: "kpi \(kpi.name)")
        if let query = Parser.parse(probe).statements.first, case .query(let statement) = query,
           let checked = checker.checkQuery(statement, source: probe) {
            rows.append(("dataset", checked.bases.map(\.dataset).joined(separator: ", ")))
            rows.append(("aggregates", checked.aggregates.map(\.text).joined(separator: "; ")))
        }
        rows.append(("format", kpi.format.rawValue))
        if let target = kpi.targetText { rows.append(("target", target)) }
        if let group = catalog.groupTarget(of: kpi.name) {
            let comparison = group.comparison.map { " \($0.rawValue)" } ?? ""
            rows.append(("targets by group", "target \(kpi.name)\(comparison) from \(group.dataset) by \(group.keyColumn)"))
        }
        if let description = kpi.description { rows.append(("description", description)) }
        rows.append(("defined in", kpi.source.name))
        return ResultTable(
            columns: [
                ResultTable.Column(name: "property", vector: textVector(rows.map(\.0)), role: .field),
                ResultTable.Column(name: "value", vector: textVector(rows.map(\.1)), role: .field),
            ],
            rowCount: rows.count)
    }

    func datasetsTable() -> ResultTable {
        let datasets = catalog.datasets
        return ResultTable(
            columns: [
                ResultTable.Column(name: "dataset", vector: textVector(datasets.map(\.name)), role: .field),
                ResultTable.Column(name: "rows", vector: ColumnVector(.integer(datasets.map { Int64($0.rowCount) })), role: .field),
                ResultTable.Column(name: "columns", vector: ColumnVector(.integer(datasets.map { Int64($0.columns.count) })), role: .field),
                ResultTable.Column(name: "time", vector: optionalText(datasets.map { d in d.timeColumnIndex.map { d.columns[$0].name } }), role: .field),
                ResultTable.Column(name: "links to", vector: optionalText(datasets.map { d in
                    let targets = catalog.links(from: d.name).map(\.toDataset)
                    return targets.isEmpty ? nil : targets.joined(separator: ", ")
                }), role: .field),
                ResultTable.Column(name: "source", vector: textVector(datasets.map(\.origin)), role: .field),
            ],
            rowCount: datasets.count,
            caption: datasets.isEmpty ? ["no dataset is loaded: `load \"file.csv\"`"] : [])
    }

    func kpisTable() -> ResultTable {
        let kpis = catalog.kpis
        return ResultTable(
            columns: [
                ResultTable.Column(name: "kpi", vector: textVector(kpis.map(\.name)), role: .field),
                ResultTable.Column(name: "definition", vector: textVector(kpis.map(\.definitionText)), role: .field),
                ResultTable.Column(name: "format", vector: textVector(kpis.map(\.format.rawValue)), role: .field),
                ResultTable.Column(name: "description", vector: optionalText(kpis.map(\.description)), role: .field),
            ],
            rowCount: kpis.count,
            caption: kpis.isEmpty ? ["no KPI is defined: `define kpi name = expression`"] : [])
    }
}

func textVector(_ values: [String]) -> ColumnVector {
    optionalText(values)
}

func optionalText(_ values: [String?]) -> ColumnVector {
    var builder = VectorBuilder(type: .text, capacity: values.count)
    for value in values { builder.append(value.map(Value.text) ?? .null) }
    return builder.finish()
}
