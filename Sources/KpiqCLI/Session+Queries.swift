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

/// Writes a file so that it is either wholly replaced or left as it was.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
