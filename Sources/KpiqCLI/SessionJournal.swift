import Foundation
import KpiqLanguage

/// What `save` needs that the catalog does not keep: where each dataset was read from and
/// with which options, and the queries run so far.
struct SessionJournal {
    struct LoadRecord {
        /// The file, as an absolute path.
        var path: String
        /// `delimiter = ";", header = false` as written inside `with (...)`; nil without options.
        var options: String?
    }

    /// By dataset name; a later load of the same name replaces the record, as it replaces the dataset.
    private(set) var loads: [String: LoadRecord] = [:]
    /// The text of each `kpi` and `show` statement that ran, in order.
    private(set) var queries: [String] = []

    mutating func recordLoad(dataset: String, path: String, options: [Option], source: SourceFile) {
        var optionsText: String?
        if let first = options.first, let last = options.last {
            optionsText = source.text(of: first.span.merged(with: last.span))
        }
        loads[dataset] = LoadRecord(path: SessionJournal.absolute(path), options: optionsText)
    }

    /// `path` from the root, with `.` and `..` taken out but symbolic links kept as written, so
    /// that a data file below a linked folder stays below it.
    static func absolute(_ path: String) -> String {
        let rooted = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: rooted).standardized.path
    }

    mutating func recordQuery(_ text: String) {
        queries.append(text)
    }
}
