import Foundation
import KpiqEngine
import KpiqLanguage

/// `save "analysis.kpiq" [with queries] [replace]`: the session as a script that rebuilds it.
///
/// The script is written from what the session holds now, not replayed from what was typed,
/// so a dataset loaded twice or a KPI defined three times appears once, as it is now. The
/// order is one that runs: settings, loads (with their options and time column), links,
/// dimensions and KPIs (each after those it uses), then the queries.
extension Session {
    func runSave(_ save: SaveStatement, source: SourceFile, directory: String?) throws {
        let path = resolve(save.path.value, directory: directory)
        let absolute = SessionJournal.absolute(path)
        let script = SessionScript(catalog: catalog, journal: journal, settings: settings,
                                   folder: (absolute as NSString).deletingLastPathComponent,
                                   fileName: (absolute as NSString).lastPathComponent)
        let text = script.text(withQueries: save.withQueries)
        do {
            try AtomicWrite.write(Data(text.utf8), to: absolute, replacing: save.replace)
        } catch AtomicWrite.Failure.exists {
            throw Diagnostic(.error, "\"\(save.path.value)\" already exists", at: save.path.span, in: source,
                             hints: ["add `replace` to overwrite it: `save \"\(save.path.value)\"\(save.withQueries ? " with queries" : "") replace`"])
        } catch {
            throw Diagnostic(.error, "cannot write \"\(save.path.value)\": \(error)", at: save.path.span, in: source)
        }
        var parts = [Formatting.count(catalog.datasets.count, "dataset"), Formatting.count(catalog.kpis.count, "KPI")]
        if save.withQueries { parts.append(journal.queries.count == 1 ? "1 query" : "\(Formatting.thousands(journal.queries.count)) queries") }
        notice("saved \(parts.joined(separator: ", ")) to \(save.path.value)")
    }
}

/// The text of a saved session.
struct SessionScript {
    let catalog: Catalog
    let journal: SessionJournal
    let settings: Settings
    /// The folder the script is saved in: data files below it are written relative to it.
    let folder: String
    let fileName: String

    func text(withQueries: Bool) -> String {
        var sections: [[String]] = []
        let command = "kpiq \(withQueries ? "" : "-i ")\(fileName)"
        sections.append(["# A kpiq session, written by `save`. Rebuild it with `\(command)`, or `run \"\(fileName)\"` at the prompt."])
        sections.append(settings.statements)
        sections.append(catalog.datasets.map(load))
        sections.append(catalog.links.map { link in
            "link \(ScriptText.name(link.fromDataset)).\(ScriptText.name(link.fromColumnName)) -> \(ScriptText.name(link.toDataset)).\(ScriptText.name(link.toColumnName))"
        })
        sections.append(dimensions())
        sections.append(kpis())
        sections.append(targetsAndScorecards())
        if withQueries { sections.append(journal.queries) }
        return sections.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") + "\n" }.joined(separator: "\n")
    }

    private func load(_ dataset: Dataset) -> String {
        let record = journal.loads[dataset.name]
        var line = "load \(ScriptText.string(relativePath(record?.path ?? dataset.origin))) as \(ScriptText.name(dataset.name))"
        if dataset.timeColumnChosen, let time = dataset.timeColumnIndex {
            line += " time \(ScriptText.name(dataset.columns[time].name))"
        }
        if let options = record?.options { line += " with (\(options))" }
        return line
    }

    /// A data file below the script's folder relative to it (so the folder can move as a
    /// whole), any other as an absolute path.
    private func relativePath(_ path: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private func dimensions() -> [String] {
        let all = catalog.datasets.flatMap { dataset in dataset.dimensions.map { (dataset: dataset.name, definition: $0) } }
        let ordered = ScriptText.dependencyOrder(all, name: { $0.definition.name.lowercased() },
                                                 uses: { ScriptText.names(in: $0.definition.expression) })
        return ordered.map { entry in
            let expression = entry.definition.source.text(of: entry.definition.expression.span)
            return "define dimension \(ScriptText.name(entry.dataset)).\(ScriptText.name(entry.definition.name)) = \(expression)"
        }
    }

    /// `target k from ds by key` and `scorecard name = k, ...`, after the KPIs they name.
    private func targetsAndScorecards() -> [String] {
        let targets = catalog.kpis.compactMap { catalog.groupTarget(of: $0.name) }.map { group in
            "target \(ScriptText.name(group.kpi))\(group.comparison.map { " \($0.rawValue)" } ?? "") from \(ScriptText.name(group.dataset)) by \(ScriptText.name(group.keyColumn))"
        }
        let scorecards = catalog.scorecardOrder.compactMap { catalog.scorecard($0) }.map { scorecard in
            "scorecard \(ScriptText.name(scorecard.name)) = " + scorecard.kpis.map(ScriptText.name).joined(separator: ", ")
        }
        return targets + scorecards
    }

    private func kpis() -> [String] {
        let ordered = ScriptText.dependencyOrder(catalog.kpis, name: { $0.name.lowercased() },
                                                 uses: { ScriptText.names(in: $0.expression) })
        return ordered.map { kpi in
            var line = "define kpi \(ScriptText.name(kpi.name)) = \(kpi.definitionText)"
            if kpi.format != .automatic { line += " format \(kpi.format.rawValue)" }
            // The clause as written, `target` included.
            if let target = kpi.targetText { line += " \(target)" }
            if let description = kpi.description { line += " \(ScriptText.string(description))" }
            return line
        }
    }
}

/// How names, strings and definitions are written back as kpiq text.
enum ScriptText {
    static func name(_ text: String) -> String { SourceText.name(text) }

    static func string(_ text: String) -> String { SourceText.string(text) }

    /// The lowercased bare names an expression mentions (columns, dimensions, KPIs).
    static func names(in expression: Expr) -> Set<String> {
        switch expression {
        case .literal: return []
        case .name(let name): return [name.name.name.lowercased()]
        case .unary(_, let operand, _): return names(in: operand)
        case .binary(_, let left, let right, _): return names(in: left).union(names(in: right))
        case .call(let call):
            return call.arguments.reduce(call.filter.map(names(in:)) ?? []) { $0.union(names(in: $1)) }
        case .inList(let value, let list, _, _): return list.reduce(names(in: value)) { $0.union(names(in: $1)) }
        case .between(let value, let low, let high, _, _): return names(in: value).union(names(in: low)).union(names(in: high))
        case .like(let value, let pattern, _, _): return names(in: value).union(names(in: pattern))
        case .isNull(let value, _, _): return names(in: value)
        }
    }

    /// `items` reordered so that each comes after the items whose names it uses, otherwise
    /// keeping their order. A cycle (which the checker never lets through) keeps its order.
    static func dependencyOrder<Item>(_ items: [Item], name: (Item) -> String, uses: (Item) -> Set<String>) -> [Item] {
        let names = items.map(name)
        let dependencies = items.indices.map { index in
            let used = uses(items[index])
            return Set(items.indices.filter { $0 != index && used.contains(names[$0]) })
        }
        var placed = Set<Int>()
        var order: [Int] = []
        while order.count < items.count {
            let ready = items.indices.first { !placed.contains($0) && dependencies[$0].isSubset(of: placed) }
                ?? items.indices.first { !placed.contains($0) }!
            placed.insert(ready)
            order.append(ready)
        }
        return order.map { items[$0] }
    }
}
