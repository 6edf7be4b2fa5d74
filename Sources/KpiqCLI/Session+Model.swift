import Foundation
import KpiqEngine
import KpiqLanguage

/// `load`, `link`, `time`, `define kpi`, `define dimension`: the statements that build the model.
extension Session {
    func runLoad(_ load: LoadStatement, source: SourceFile, directory: String?) throws {
        let path = resolve(load.path.value, directory: directory)
        let options: CSVOptions
        switch LoadOptions.csvOptions(load.options, source: source) {
        case .success(let parsed): options = parsed
        case .failure(let list): throw list
        }
        let table: LoadedTable
        do {
            table = try withLoadProgress(load.path.value) { () throws(CSVError) in try CSVReader.read(path: path, options: options) }
        } catch {
            if Cancellation.isRequested { throw Cancelled() }
            if !FileManager.default.fileExists(atPath: path) {
                // Name the folder as the script was named, so the message reads the same anywhere.
                let folder = (source.name as NSString).deletingLastPathComponent
                let base = directory == nil ? "the current folder" : "the script's folder (\(folder.isEmpty ? "." : folder))"
                throw Diagnostic(.error, "no such file \"\(load.path.value)\"", at: load.path.span, in: source,
                                 hints: ["a relative path is read from \(base)"])
            }
            throw Diagnostic(.error, "cannot load \"\(load.path.value)\": \(error.message)", at: load.path.span, in: source,
                             hints: error.hint.map { [$0] } ?? [])
        }
        let stem = ((load.path.value as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = load.alias?.name ?? NameMatching.snakeCase(stem)
        let dataset = Dataset(name: name, origin: load.path.value, columns: table.columns, rowCount: table.rowCount)
        if let time = load.timeColumn {
            try chooseTimeColumn(time, of: dataset, source: source)
        }
        let replaced = catalog.dataset(name) != nil
        for text in catalog.add(dataset) { notice(text) }
        journal.recordLoad(dataset: name, path: path, options: load.options, source: source)
        if !table.skippedRows.isEmpty {
            let examples = table.skippedRows.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
            notice("skipped \(Formatting.thousands(table.skippedRows.count)) malformed row\(table.skippedRows.count == 1 ? "" : "s") of \(load.path.value) (\(examples)\(table.skippedRows.count > 3 ? "; ..." : ""))")
        }
        if replaced { notice("replaced dataset `\(name)`") }
        let time = dataset.timeColumnIndex.map { ", time \(dataset.columns[$0].name)" } ?? ""
        info("loaded \(name): \(Formatting.thousands(table.rowCount)) rows, \(table.columns.count) columns\(time)")
    }

    func chooseTimeColumn(_ column: Identifier, of dataset: Dataset, source: SourceFile) throws {
        switch dataset.columnIndex(column.name) {
        case .found(let index):
            guard dataset.columns[index].type.isTemporal else {
                let dates = dataset.temporalColumns.map { "`\(dataset.columns[$0].name)`" }
                throw Diagnostic(.error, "`\(column.name)` is \(dataset.columns[index].type), not a date", at: column.span, in: source,
                                 hints: [dates.isEmpty ? "`\(dataset.name)` has no date column" : "date columns: \(dates.joined(separator: ", "))"])
            }
            dataset.timeColumnIndex = index
            dataset.timeColumnChosen = true
        case .ambiguous(let names):
            throw Diagnostic(.error, "`\(column.name)` could be \(names.map { "`\($0)`" }.joined(separator: " or "))", at: column.span, in: source)
        case .missing:
            throw Diagnostic(.error, "unknown column `\(column.name)` in `\(dataset.name)`", at: column.span, in: source,
                             hints: [Suggestions.hint(for: column.name, in: dataset.knownNames)].compactMap { $0 })
        }
    }

    func runLink(_ link: LinkStatement, source: SourceFile) throws {
        let (from, fromColumn) = try column(link.from, source: source)
        let (to, toColumn) = try column(link.to, source: source)
        if from === to {
            throw Diagnostic(.error, "a link joins two different datasets", at: link.span, in: source)
        }
        switch catalog.addLink(from: from, fromColumn: fromColumn, to: to, toColumn: toColumn) {
        case .success(let made):
            if catalog.reachable(from: to.name).contains(where: { $0.dataset === from }) {
                notice("`\(to.name)` also links back to `\(from.name)`; names resolve through the nearest link")
            }
            info("linked \(made.description): \(Formatting.thousands(made.unmatchedRows)) of \(Formatting.thousands(from.rowCount)) rows found no match")
        case .failure(.duplicateKey(let value, let count)):
            throw Diagnostic(.error, "`\(link.to.description)` has \(count) rows with the key \(value): a link needs each key once on its right side",
                             at: link.to.span, in: source,
                             hints: ["link to a dataset with one row per key, or remove the duplicates from its file"])
        }
    }

    /// Resolves `ds.col` in a `link` or `time` statement.
    func column(_ name: QualifiedName, source: SourceFile) throws -> (Dataset, Int) {
        guard let qualifier = name.qualifier else {
            throw Diagnostic(.error, "write the column as `dataset.column`", at: name.span, in: source,
                             hints: catalog.datasetOrder.first.map { ["e.g. `\($0).\(name.name.name)`"] } ?? [])
        }
        guard let dataset = catalog.findDataset(qualifier.name) else {
            throw Diagnostic(.error, "unknown dataset `\(qualifier.name)`", at: qualifier.span, in: source,
                             hints: [Suggestions.hint(for: qualifier.name, in: catalog.datasetOrder) ?? (catalog.datasetOrder.isEmpty ? "load it first" : "loaded: \(catalog.datasetOrder.joined(separator: ", "))")].compactMap { $0 })
        }
        switch dataset.columnIndex(name.name.name) {
        case .found(let index): return (dataset, index)
        case .ambiguous(let names):
            throw Diagnostic(.error, "`\(name.name.name)` could be \(names.map { "`\($0)`" }.joined(separator: " or "))", at: name.name.span, in: source)
        case .missing:
            throw Diagnostic(.error, "unknown column `\(name.name.name)` in `\(dataset.name)`", at: name.name.span, in: source,
                             hints: [Suggestions.hint(for: name.name.name, in: dataset.knownNames)].compactMap { $0 })
        }
    }

    func runTime(_ time: TimeStatement, source: SourceFile) throws {
        guard let qualifier = time.column.qualifier else {
            throw Diagnostic(.error, "write the time column as `dataset.column`", at: time.column.span, in: source)
        }
        guard let dataset = catalog.findDataset(qualifier.name) else {
            _ = try column(time.column, source: source)
            return
        }
        try chooseTimeColumn(time.column.name, of: dataset, source: source)
        info("periods of \(dataset.name) come from \(dataset.columns[dataset.timeColumnIndex!].name)")
    }

    func runDefineKPI(_ define: DefineKPIStatement, source: SourceFile) throws {
        var format = ValueFormat.automatic
        if let written = define.format {
            guard let parsed = ValueFormat(rawValue: written.name.lowercased()), parsed != .automatic else {
                let names = ValueFormat.allCases.filter { $0 != .automatic }.map(\.rawValue)
                throw Diagnostic(.error, "unknown format `\(written.name)`", at: written.span, in: source,
                                 hints: [Suggestions.hint(for: written.name, in: names) ?? "formats: \(names.joined(separator: ", "))"])
            }
            format = parsed
        }
        if catalog.dataset(define.name.name) != nil || RowScopeNames.isReserved(define.name.name) {
            throw Diagnostic(.error, "`\(define.name.name)` is already the name of a dataset or a period", at: define.name.span, in: source)
        }
        var checker = Checker(catalog: catalog)
        guard checker.checkDefinition(name: define.name, expression: define.expression, source: source) else {
            throw DiagnosticList(checker.diagnostics)
        }
        report(checker.warnings)
        let kpi = KPIDefinition(name: define.name.name, expression: define.expression, source: source, format: format,
                                description: define.description?.value, target: define.target)
        if let target = define.target {
            var targetChecker = Checker(catalog: catalog)
            guard targetChecker.resolveTarget(target, of: kpi) != nil else { throw DiagnosticList(targetChecker.diagnostics) }
        }
        if catalog.define(kpi) {
            notice("replaced KPI `\(define.name.name)`")
        } else {
            info("defined KPI \(define.name.name)")
        }
    }

    /// `target k [op] from ds by key`: checked now (the KPI, the dataset, its columns, one
    /// target per key), read again by each query.
    func runGroupTarget(_ statement: GroupTargetStatement, source: SourceFile) throws {
        guard let kpi = catalog.kpi(statement.kpi.name) else {
            throw Diagnostic(.error, "unknown KPI `\(statement.kpi.name)`", at: statement.kpi.span, in: source,
                             hints: [Suggestions.hint(for: statement.kpi.name, in: catalog.kpiOrder) ?? "define it first with `define kpi`"])
        }
        guard let dataset = catalog.findDataset(statement.dataset.name) else {
            throw Diagnostic(.error, "unknown dataset `\(statement.dataset.name)`", at: statement.dataset.span, in: source,
                             hints: [Suggestions.hint(for: statement.dataset.name, in: catalog.datasetOrder) ?? "load the targets first: `load \"targets.csv\"`"])
        }
        let group = GroupTarget(kpi: kpi.name, comparison: statement.comparison, dataset: dataset.name,
                                keyColumn: statement.key.name, span: statement.span, source: source)
        switch GroupTargetTable.read(group, kpi: kpi.name, catalog: catalog) {
        case .success(let table):
            if catalog.setGroupTarget(group) { notice("replaced the targets of `\(kpi.name)`") }
            info("targets of \(kpi.name): \(table.targets.count) groups by \(statement.key.name), from \(dataset.name)")
        case .failure(let problem):
            let span = problem.message.contains("no column `\(statement.key.name)`") ? statement.key.span : statement.dataset.span
            throw Diagnostic(.error, problem.message, at: span, in: source, hints: problem.hints)
        }
    }

    func runDefineDimension(_ define: DefineDimensionStatement, source: SourceFile) throws {
        guard let dataset = catalog.findDataset(define.dataset.name) else {
            throw Diagnostic(.error, "unknown dataset `\(define.dataset.name)`", at: define.dataset.span, in: source,
                             hints: [Suggestions.hint(for: define.dataset.name, in: catalog.datasetOrder)].compactMap { $0 })
        }
        if case .found = dataset.columnIndex(define.name.name) {
            throw Diagnostic(.error, "`\(dataset.name)` already has a column `\(define.name.name)`", at: define.name.span, in: source,
                             hints: ["choose another name for the dimension"])
        }
        // Checked in place of any earlier definition, so that a dimension defined through
        // itself, directly or through other dimensions, is named as a cycle.
        let previous = dataset.dimensions
        dataset.dimensions.removeAll { $0.name == define.name.name }
        dataset.dimensions.append(DimensionDefinition(name: define.name.name, expression: define.expression, source: source))
        var checker = Checker(catalog: catalog)
        guard checker.checkDimension(define.expression, named: define.name.name, on: dataset, source: source) != nil else {
            dataset.dimensions = previous
            throw DiagnosticList(checker.diagnostics)
        }
        report(checker.warnings)
        let replaced = previous.contains { $0.name == define.name.name }
        if replaced { notice("replaced dimension `\(dataset.name).\(define.name.name)`") }
    }
}

enum RowScopeNames {
    static func isReserved(_ name: String) -> Bool {
        ["year", "quarter", "month", "week", "day"].contains(name.lowercased())
    }
}
