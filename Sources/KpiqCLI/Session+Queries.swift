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
            guard let checked = checker.checkQuery(query, source: source) else { throw DiagnosticList(checker.diagnostics.filter { $0.severity == .error }) }
            return (Planner.plan(checked, catalog: catalog), checked.notes)
        case .show(let show):
            guard let checked = checker.checkShow(show, source: source) else { throw DiagnosticList(checker.diagnostics.filter { $0.severity == .error }) }
            return (Planner.plan(checked, catalog: catalog), checked.notes)
        }
    }

    func result(of statement: ResultStatement, source: SourceFile) throws -> ResultTable {
        let (plan, notes) = try plan(statement, source: source)
        return try Executor(catalog: catalog).run(plan, notes: notes)
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
        guard let format = OutputFormat(fileExtension: fileExtension) else {
            throw Diagnostic(.error, "cannot tell the format of \"\(export.path.value)\" from its extension", at: export.path.span, in: source,
                             hints: ["end the name in .csv, .tsv, .json, .jsonl, .md or .txt"])
        }
        if checkOnly {
            _ = try plan(export.statement, source: source)
            return
        }
        let table = try result(of: export.statement, source: source)
        let text = Renderer.render(table, RenderSpec(format: format, color: false, decimals: settings.decimals, maxWidth: nil))
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
