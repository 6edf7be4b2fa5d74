import Foundation
import KpiqEngine
import KpiqLanguage

/// Where completion candidates come from: the catalog's names and values, and the files.
extension Completer {
    static let periodNames = ["year", "quarter", "month", "week", "day"]

    /// What a query on `scope` can group and filter by: the columns (as snake_case names) and
    /// dimensions of each dataset and of those its links reach, and the periods when one of
    /// them has a time column.
    func rowNames(_ scope: [Dataset]) -> [String] {
        var names: [String] = []
        var hasTime = false
        for base in scope {
            for (dataset, _) in catalog.reachable(from: base.name) {
                names += dataset.snakeNames + dataset.dimensions.map(\.name)
                hasTime = hasTime || dataset.timeColumnIndex != nil
            }
        }
        return names + (hasTime ? Completer.periodNames : [])
    }

    /// The columns and dimensions of the datasets themselves (for `show ds <columns>`).
    func columnNames(_ datasets: [Dataset]) -> [String] {
        datasets.flatMap { $0.snakeNames + $0.dimensions.map(\.name) }
    }

    /// After `ds.`: the columns and dimensions of `ds` (its periods too, in queries).
    func qualifiedNames(_ qualifier: String, tokens: [Token]) -> [String] {
        guard let dataset = catalog.findDataset(qualifier) else { return [] }
        let isStatement = tokens.first.map { $0.isKeyword("link") || $0.isKeyword("time") || $0.isKeyword("define") } ?? false
        let periods = !isStatement && dataset.timeColumnIndex != nil ? Completer.periodNames : []
        return columnNames([dataset]) + periods
    }

    /// The distinct values of a text column named `subject`, looked up as a query would: in
    /// the scope's datasets first, then in those their links reach.
    func textValues(of subject: QualifiedName, in scope: [Dataset]) -> [String] {
        var datasets: [Dataset]
        if let qualifier = subject.qualifier {
            datasets = catalog.findDataset(qualifier.name).map { [$0] } ?? []
        } else {
            datasets = scope.flatMap { catalog.reachable(from: $0.name).map(\.dataset) }
        }
        if datasets.isEmpty { datasets = catalog.datasets }
        for dataset in datasets {
            guard case .found(let index) = dataset.columnIndex(subject.name.name) else { continue }
            guard case .text(_, let dictionary) = dataset.columns[index].vector.data else { return [] }
            return dictionary.values.sorted()
        }
        return []
    }

    // MARK: Strings

    /// Inside a string: files after `load`, `run`, `save` and `export ... to`; a column's
    /// values after a comparison.
    func stringCandidates(after tokens: [Token], source: SourceFile, quote: Character, partial: String) -> [Completion.Candidate] {
        guard let first = tokens.first, let last = tokens.last else { return [] }
        let statement = first.text.lowercased()
        if tokens.count == 1, ["load", "run", "save"].contains(statement) {
            let kinds: Set<String>? = statement == "load" ? ["csv", "tsv", "txt", "tab", "psv", "dat"] : ["kpiq"]
            return fileCandidates(partial, quote: quote, extensions: kinds)
        }
        if last.isKeyword("to"), statement == "export" {
            return fileCandidates(partial, quote: quote, extensions: nil)
        }
        var shape = QueryShape(statement == "export" || statement == "explain" ? Array(tokens.dropFirst()) : tokens, source: source)
        shape.isDefinition = statement == "define"
        guard let subject = comparisonSubject(shape) else { return [] }
        let scope: [Dataset]
        if shape.tokens.first?.isKeyword("show") == true, shape.tokens.count > 1, let dataset = catalog.findDataset(shape.tokens[1].text) {
            scope = [dataset]
        } else {
            scope = statement == "kpi" || statement == "export" || statement == "explain" ? queryScope(shape) : catalog.datasets
        }
        return textValues(of: subject, in: scope)
            .filter { $0.lowercased().hasPrefix(partial.lowercased()) }
            .map { Completion.Candidate(Completer.escaped($0, quote: quote), terminator: String(quote), label: $0) }
    }

    /// Files and folders whose path starts with `partial`; folders end in `/` and go on, files
    /// close the string. With `extensions`, other files are left out unless nothing else fits.
    func fileCandidates(_ partial: String, quote: Character, extensions: Set<String>?) -> [Completion.Candidate] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~/") { folder = NSHomeDirectory() + folder.dropFirst() }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var folders: [Completion.Candidate] = []
        var wanted: [Completion.Candidate] = []
        var others: [Completion.Candidate] = []
        for entry in entries.sorted() where entry.hasPrefix(namePart) && (namePart.hasPrefix(".") || !entry.hasPrefix(".")) {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(entry), isDirectory: &isFolder)
            let text = Completer.escaped(folderPart + entry, quote: quote)
            if isFolder.boolValue {
                folders.append(Completion.Candidate(text + "/", terminator: "", label: entry + "/"))
            } else if extensions.map({ $0.contains((entry as NSString).pathExtension.lowercased()) }) ?? true {
                wanted.append(Completion.Candidate(text, terminator: "\(quote) ", label: entry))
            } else {
                others.append(Completion.Candidate(text, terminator: "\(quote) ", label: entry))
            }
        }
        return folders + (wanted.isEmpty && !namePart.isEmpty ? others : wanted)
    }

    /// `text` as it is written inside a string quoted with `quote`.
    static func escaped(_ text: String, quote: Character) -> String {
        var result = ""
        for character in text {
            if character == quote || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
