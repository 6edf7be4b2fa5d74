import Foundation
import Testing

@testable import KpiqEngine
import KpiqLanguage

/// A catalog built the way a session builds one, from a kpiq script whose `load` statements
/// read CSV text held in memory (keyed by the path written in the script), so that engine
/// tests drive Checker → Planner → Executor without the command line or the file system.
final class EngineModel: @unchecked Sendable {
    let catalog = Catalog()
    private let files: [String: String]

    init(files: [String: String], script: String, sourceLocation: SourceLocation = #_sourceLocation) {
        self.files = files
        let source = SourceFile(name: "model", text: script)
        let parsed = Parser.parse(source)
        for diagnostic in parsed.diagnostics {
            Issue.record("model script: \(DiagnosticRenderer().render(diagnostic))", sourceLocation: sourceLocation)
        }
        for statement in parsed.statements {
            let diagnostics = apply(statement, source: source)
            for diagnostic in diagnostics {
                Issue.record("model script: \(DiagnosticRenderer().render(diagnostic))", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Building the model

    /// Applies one model statement as `Session+Model.swift` does; returns what went wrong.
    private func apply(_ statement: Statement, source: SourceFile) -> [Diagnostic] {
        switch statement {
        case .load(let load):
            guard let text = files[load.path.value] else {
                return [Diagnostic(.error, "no fixture file \"\(load.path.value)\"", at: load.path.span, in: source)]
            }
            let table: LoadedTable
            do {
                table = try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions())
            } catch {
                return [Diagnostic(.error, "cannot read fixture: \(error)", at: load.path.span, in: source)]
            }
            let stem = ((load.path.value as NSString).lastPathComponent as NSString).deletingPathExtension
            let dataset = Dataset(name: load.alias?.name ?? NameMatching.snakeCase(stem), origin: load.path.value,
                                  columns: table.columns, rowCount: table.rowCount)
            if let time = load.timeColumn {
                guard case .found(let index) = dataset.columnIndex(time.name) else {
                    return [Diagnostic(.error, "no time column `\(time.name)`", at: time.span, in: source)]
                }
                dataset.timeColumnIndex = index
                dataset.timeColumnChosen = true
            }
            catalog.add(dataset)
            return []
        case .link(let link):
            guard let (from, fromColumn) = column(link.from), let (to, toColumn) = column(link.to) else {
                return [Diagnostic(.error, "cannot resolve the link", at: link.span, in: source)]
            }
            if case .failure(let failure) = catalog.addLink(from: from, fromColumn: fromColumn, to: to, toColumn: toColumn) {
                return [Diagnostic(.error, "link failed: \(failure)", at: link.span, in: source)]
            }
            return []
        case .time(let time):
            guard let (dataset, index) = column(time.column) else {
                return [Diagnostic(.error, "cannot resolve the time column", at: time.span, in: source)]
            }
            dataset.timeColumnIndex = index
            dataset.timeColumnChosen = true
            return []
        case .defineKPI(let define):
            var checker = Checker(catalog: catalog)
            guard checker.checkDefinition(name: define.name, expression: define.expression, source: source) else {
                return checker.diagnostics
            }
            let format = define.format.flatMap { ValueFormat(rawValue: $0.name.lowercased()) } ?? .automatic
            catalog.define(KPIDefinition(name: define.name.name, expression: define.expression, source: source,
                                         format: format, description: define.description?.value, target: define.target))
            return []
        case .defineDimension(let define):
            guard let dataset = catalog.findDataset(define.dataset.name) else {
                return [Diagnostic(.error, "no dataset `\(define.dataset.name)`", at: define.dataset.span, in: source)]
            }
            var checker = Checker(catalog: catalog)
            guard checker.checkDimension(define.expression, on: dataset, source: source) != nil else {
                return checker.diagnostics
            }
            dataset.dimensions.append(DimensionDefinition(name: define.name.name, expression: define.expression, source: source))
            return []
        default:
            return [Diagnostic(.error, "not a model statement", at: statement.span, in: source)]
        }
    }

    private func column(_ name: QualifiedName) -> (Dataset, Int)? {
        guard let qualifier = name.qualifier, let dataset = catalog.findDataset(qualifier.name),
              case .found(let index) = dataset.columnIndex(name.name.name) else { return nil }
        return (dataset, index)
    }

    // MARK: Checking and running statements

    /// What checking one statement gives: its plan, or its diagnostics as rendered text.
    enum Outcome: Equatable, CustomStringConvertible {
        /// `PlanPrinter.print` of the plan, notes included.
        case plan(String)
        /// `DiagnosticRenderer(color: false)` of every diagnostic.
        case errors(String)
        /// A definition that was accepted.
        case accepted

        var description: String {
            switch self {
            case .plan(let text): return "plan:\n\(text)"
            case .errors(let text): return "errors:\n\(text)"
            case .accepted: return "accepted"
            }
        }
    }

    /// Checks a `kpi`, `show`, `explain` or `define` statement written in a source named `q`,
    /// without changing the model.
    func check(_ text: String) -> Outcome {
        let source = SourceFile(name: "q", text: text)
        let parsed = Parser.parse(source)
        guard parsed.diagnostics.isEmpty else { return .errors(DiagnosticRenderer().render(parsed.diagnostics)) }
        guard parsed.statements.count == 1 else { return .errors("expected one statement, found \(parsed.statements.count)") }
        var checker = Checker(catalog: catalog)
        var statement = parsed.statements[0]
        if case .explain(let explain) = statement {
            switch explain.statement {
            case .query(let query): statement = .query(query)
            case .show(let show): statement = .show(show)
            }
        }
        switch statement {
        case .query(let query):
            guard let checked = checker.checkQuery(query, source: source) else { return .errors(render(checker.diagnostics)) }
            return .plan(PlanPrinter.print(Planner.plan(checked, catalog: catalog), notes: checked.notes))
        case .show(let show):
            guard let checked = checker.checkShow(show, source: source) else { return .errors(render(checker.diagnostics)) }
            return .plan(PlanPrinter.print(Planner.plan(checked, catalog: catalog), notes: checked.notes))
        case .defineKPI(let define):
            guard checker.checkDefinition(name: define.name, expression: define.expression, source: source) else {
                return .errors(render(checker.diagnostics))
            }
            return .accepted
        case .defineDimension(let define):
            guard let dataset = catalog.findDataset(define.dataset.name) else { return .errors("no dataset \(define.dataset.name)") }
            guard checker.checkDimension(define.expression, on: dataset, source: source) != nil else {
                return .errors(render(checker.diagnostics))
            }
            return .accepted
        default:
            return .errors("not a statement the checker handles")
        }
    }

    /// Checks, plans and runs a `kpi` or `show` statement; an empty table (and a recorded
    /// issue) when it does not check.
    func run(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ResultTable {
        let source = SourceFile(name: "q", text: text)
        let parsed = Parser.parse(source)
        var checker = Checker(catalog: catalog)
        let plan: LogicalPlan
        let notes: [String]
        switch parsed.statements.first {
        case .query(let query) where parsed.diagnostics.isEmpty:
            guard let checked = checker.checkQuery(query, source: source) else { break }
            plan = Planner.plan(checked, catalog: catalog)
            notes = checked.notes
            return Executor(catalog: catalog).run(plan, notes: notes)
        case .show(let show) where parsed.diagnostics.isEmpty:
            guard let checked = checker.checkShow(show, source: source) else { break }
            plan = Planner.plan(checked, catalog: catalog)
            notes = checked.notes
            return Executor(catalog: catalog).run(plan, notes: notes)
        default:
            break
        }
        Issue.record("`\(text)` did not run:\n\(render(parsed.diagnostics + checker.diagnostics))", sourceLocation: sourceLocation)
        return ResultTable(columns: [], rowCount: 0)
    }

    private func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer(color: false).render(diagnostics)
    }
}

extension ResultTable {
    /// Column names, in order.
    var names: [String] { columns.map(\.name) }

    /// Every row as values.
    var rows: [[Value]] {
        (0..<rowCount).map { row in columns.map { $0.vector.value(at: row) } }
    }
}

// MARK: Vectors for kernel tests

/// Builds a vector from values (nil is null) with `VectorBuilder`.
func vector(_ type: DataType, _ values: [Value]) -> ColumnVector {
    var builder = VectorBuilder(type: type, capacity: values.count)
    for value in values { builder.append(value) }
    return builder.finish()
}

func booleans(_ values: [Bool?]) -> ColumnVector {
    vector(.boolean, values.map { $0.map(Value.boolean) ?? .null })
}

func integers(_ values: [Int64?]) -> ColumnVector {
    vector(.integer, values.map { $0.map(Value.integer) ?? .null })
}

func decimals(_ values: [Double?]) -> ColumnVector {
    vector(.decimal, values.map { $0.map(Value.decimal) ?? .null })
}

func texts(_ values: [String?]) -> ColumnVector {
    vector(.text, values.map { $0.map(Value.text) ?? .null })
}

/// A date vector from `YYYY-MM-DD` strings (nil is null).
func dates(_ values: [String?]) -> ColumnVector {
    vector(.date, values.map { $0.map { Value.date(Int32(day($0))) } ?? .null })
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` string.
func day(_ iso: String) -> Int {
    let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
    let negative = iso.hasPrefix("-")
    let fields = negative ? Array(parts.dropFirst()) : Array(parts)
    let year = Int(fields[0])! * (negative ? -1 : 1)
    return CivilDate.days(year: year, month: Int(fields[1])!, day: Int(fields[2])!)!
}

extension ColumnVector {
    /// Every value, nulls as `.null`.
    var values: [Value] { (0..<count).map { value(at: $0) } }
}
