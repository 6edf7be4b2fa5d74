import Foundation
import KpiqEngine
import KpiqLanguage

/// `kpi`, `show`, `explain`, `export`: the statements that read data.
extension Session {
    /// Checks and plans a query or show statement; nil plus diagnostics when it is wrong.
    func plan(_ statement: ResultStatement, source: SourceFile) throws -> (LogicalPlan, notes: [String]) {
        var checker = Checker(catalog: catalog)
        defer { report(checker.warnings) }
        switch statement {
        case .query(let query):
            try checkDisplay(query, source: source)
            guard let checked = checker.checkQuery(query, source: source) else { throw DiagnosticList(checker.diagnostics.filter { $0.severity == .error }) }
            return (Planner.plan(checked, catalog: catalog), checked.notes)
        case .show(let show):
            guard let checked = checker.checkShow(show, source: source) else { throw DiagnosticList(checker.diagnostics.filter { $0.severity == .error }) }
            return (Planner.plan(checked, catalog: catalog), checked.notes)
        case .scorecard(let scorecard):
            let definition = try scorecardDefinition(scorecard.name, source: source)
            guard let checked = checker.checkQuery(Scorecard.query(scorecard, definition: definition), source: source) else {
                throw DiagnosticList(checker.diagnostics.filter { $0.severity == .error })
            }
            return (Planner.plan(checked, catalog: catalog), checked.notes)
        }
    }

    func result(of statement: ResultStatement, source: SourceFile) throws -> ResultTable {
        try resultAndPlan(of: statement, source: source).table
    }

    /// The result, and the plan it ran (a report names the datasets the plan read).
    func resultAndPlan(of statement: ResultStatement, source: SourceFile) throws -> (table: ResultTable, plan: LogicalPlan) {
        let (plan, notes) = try plan(statement, source: source)
        var table = try Executor(catalog: catalog).run(plan, notes: notes)
        if case .query(let query) = statement {
            if let period = query.trend {
                table = Trend.attach(try result(of: .query(Trend.query(for: query, period: period)), source: source), to: table)
            }
            if query.chart != nil { table.presentation = .chart }
        }
        markLowerIsBetter(&table)
        guard case .scorecard(let scorecard) = statement else { return (table, plan) }
        let definition = try scorecardDefinition(scorecard.name, source: source)
        let shaped = Scorecard.shape(table, kpis: definition.kpis, catalog: catalog)
        switch Scorecard.order(shaped, by: scorecard.orderBy, limit: scorecard.limit?.count, source: source) {
        case .success(let ordered): return (ordered, plan)
        case .failure(let diagnostic): throw diagnostic
        }
    }

    /// Flags the change columns of KPIs whose target says lower is better, so that a fall
    /// shows as good news.
    func markLowerIsBetter(_ table: inout ResultTable) {
        for index in table.columns.indices where table.columns[index].role == .change {
            let name = table.columns[index].name
            let kpiName = name.hasSuffix("_change_pct") ? String(name.dropLast("_change_pct".count))
                : name.hasSuffix("_change") ? String(name.dropLast("_change".count)) : name
            guard let kpi = catalog.kpi(kpiName) else { continue }
            let comparison = catalog.groupTarget(of: kpi.name)?.comparison ?? kpi.target?.comparison
            table.columns[index].lowerIsBetter = comparison == .less || comparison == .lessEqual
        }
    }

    /// `chart` draws one dimension (or none); `trend` runs over a period.
    func checkDisplay(_ query: QueryStatement, source: SourceFile) throws {
        if let chart = query.chart, query.groupBy.count > 1 {
            throw Diagnostic(.error, "a chart draws one dimension, and this query has \(query.groupBy.count)", at: chart, in: source,
                             hints: ["group by one: `kpi revenue by month chart`, or `by manager trend month` for a sparkline per manager"])
        }
        if let trend = query.trend, !Trend.isPeriod(trend) {
            throw Diagnostic(.error, "a trend runs over a period", at: trend.span, in: source,
                             hints: ["write `trend month` (or year, quarter, week, day)"])
        }
    }

    func scorecardDefinition(_ name: Identifier, source: SourceFile) throws -> ScorecardDefinition {
        if let definition = catalog.scorecard(name.name) { return definition }
        throw Diagnostic(.error, "unknown scorecard `\(name.name)`", at: name.span, in: source,
                         hints: [Suggestions.hint(for: name.name, in: catalog.scorecardOrder)
                             ?? "define one first: `scorecard \(name.name) = win_rate, revenue`"])
    }

    func runScorecard(_ scorecard: ScorecardStatement, source: SourceFile, checkOnly: Bool) throws {
        if checkOnly {
            _ = try plan(.scorecard(scorecard), source: source)
            return
        }
        emit(try result(of: .scorecard(scorecard), source: source))
    }

    /// `scorecard name = k, ...`: every KPI must be defined.
    func runDefineScorecard(_ define: DefineScorecardStatement, source: SourceFile) throws {
        var problems: [Diagnostic] = []
        var names: [String] = []
        for kpi in define.kpis {
            guard let found = catalog.kpi(kpi.name) else {
                problems.append(Diagnostic(.error, "unknown KPI `\(kpi.name)`", at: kpi.span, in: source,
                                           hints: [Suggestions.hint(for: kpi.name, in: catalog.kpiOrder) ?? "a scorecard lists defined KPIs"]))
                continue
            }
            if names.contains(found.name) {
                problems.append(Diagnostic(.error, "`\(found.name)` is listed twice", at: kpi.span, in: source, hints: ["list each KPI once"]))
            }
            names.append(found.name)
        }
        if catalog.dataset(define.name.name) != nil || catalog.kpi(define.name.name) != nil {
            problems.append(Diagnostic(.error, "`\(define.name.name)` is already the name of a dataset or a KPI", at: define.name.span, in: source))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        if catalog.define(ScorecardDefinition(name: define.name.name, kpis: names)) {
            notice("replaced scorecard `\(define.name.name)`")
        } else {
            info("defined scorecard \(define.name.name): \(names.joined(separator: ", "))")
        }
    }

    func runQuery(_ query: QueryStatement, source: SourceFile, checkOnly: Bool) throws {
        if checkOnly {
            _ = try plan(.query(query), source: source)
            return
        }
        emit(try result(of: .query(query), source: source))
    }

    func runShow(_ show: ShowStatement, source: SourceFile, checkOnly: Bool) throws {
        if checkOnly {
            _ = try plan(.show(show), source: source)
            return
        }
        emit(try result(of: .show(show), source: source))
    }

    func runExplain(_ explain: ExplainStatement, source: SourceFile, checkOnly: Bool) throws {
        let (plan, notes) = try plan(explain.statement, source: source)
        if !checkOnly { emitText(PlanPrinter.print(plan, notes: notes)) }
    }

    func runExport(_ export: ExportStatement, source: SourceFile, directory: String?, checkOnly: Bool) throws {
        let path = resolve(export.path.value, directory: directory)
        let fileExtension = (path as NSString).pathExtension.lowercased()
        let isHTML = ["html", "htm"].contains(fileExtension)
        guard let format = isHTML ? .markdown : OutputFormat(fileExtension: fileExtension) else {
            throw Diagnostic(.error, "cannot tell the format of \"\(export.path.value)\" from its extension", at: export.path.span, in: source,
                             hints: ["end the name in .csv, .tsv, .json, .jsonl, .md, .html or .txt"])
        }
        if checkOnly {
            _ = try plan(export.statement, source: source)
            return
        }
        let (table, plan) = try resultAndPlan(of: export.statement, source: source)
        raiseAlerts(table)
        let spec = RenderSpec(format: format, color: false, decimals: settings.decimals, maxWidth: nil)
        let text: String
        if isHTML {
            text = ReportRenderer.html(table, context: reportContext(export.statement, plan: plan, source: source), spec: spec)
        } else if format == .markdown {
            text = ReportRenderer.markdown(table, context: reportContext(export.statement, plan: plan, source: source), spec: spec)
        } else {
            text = Renderer.render(table, spec)
        }
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw Diagnostic(.error, "cannot write \"\(export.path.value)\": \(error.localizedDescription)", at: export.path.span, in: source)
        }
        notice("wrote \(Formatting.thousands(table.rowCount)) row\(table.rowCount == 1 ? "" : "s") to \(export.path.value)")
    }
}

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

/// Writes a file so that it is either wholly replaced or left as it was.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
