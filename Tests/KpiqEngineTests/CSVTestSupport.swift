import Foundation
import Testing

@testable import KpiqEngine
import KpiqLanguage

/// Reads CSV text with the reader's defaults, changed by `configure`.
func loadCSV(
    _ text: String, chunks: Int? = nil, _ configure: (inout CSVOptions) -> Void = { _ in }
) throws(CSVError) -> LoadedTable {
    try loadCSV(bytes: Array(text.utf8), chunks: chunks, configure)
}

func loadCSV(
    bytes: [UInt8], chunks: Int? = nil, _ configure: (inout CSVOptions) -> Void = { _ in }
) throws(CSVError) -> LoadedTable {
    var options = CSVOptions()
    configure(&options)
    if let chunks { return try CSVReader.read(bytes: bytes, options: options, chunkCount: chunks) }
    return try CSVReader.read(bytes: bytes, options: options)
}

/// The error reading `text` throws, or nil.
func csvError(_ text: String, _ configure: (inout CSVOptions) -> Void = { _ in }) -> CSVError? {
    do {
        _ = try loadCSV(text, configure)
        return nil
    } catch {
        return error
    }
}

extension LoadedTable {
    var names: [String] { columns.map(\.name) }
    var types: [DataType] { columns.map(\.type) }

    func column(_ name: String) -> Column {
        guard let column = columns.first(where: { $0.name == name }) else {
            Issue.record("no column \(name) in \(names)")
            return Column(name: name, vector: ColumnVector(.integer([])))
        }
        return column
    }

    func values(_ name: String) -> [Value] {
        let vector = column(name).vector
        return (0..<vector.count).map { vector.value(at: $0) }
    }

    /// Every row as values, for comparing two reads of the same file.
    var rows: [[Value]] {
        (0..<rowCount).map { row in columns.map { $0.vector.value(at: row) } }
    }
}

func date(_ year: Int, _ month: Int, _ day: Int) -> Value {
    .date(Int32(CivilDate.days(year: year, month: month, day: day)!))
}

func timestamp(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0, micros: Int64 = 0) -> Value {
    let days = Int64(CivilDate.days(year: year, month: month, day: day)!)
    return .timestamp(days * 86_400_000_000 + Int64(hour * 3600 + minute * 60 + second) * 1_000_000 + micros)
}

/// A scratch directory removed at deinit.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "kpiq-csv-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
