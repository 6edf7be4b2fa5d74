import Foundation
import KpiqLanguage

/// A many-to-one link: each row of `from` finds at most one row of `to` with an equal key.
///
/// The row mapping is computed once when the link is made (datasets never change after
/// loading) and reused by every query that reaches a column through it.
public struct Link: Sendable {
    public var fromDataset: String
    public var fromColumn: Int
    public var toDataset: String
    public var toColumn: Int
    /// For each row of `from`, the matching row of `to`, or -1.
    public var mapping: [Int32]
    /// Rows of `from` whose key found no row in `to` (null keys included).
    public var unmatchedRows: Int
    public var fromColumnName: String
    public var toColumnName: String

    /// Builds the row mapping of `from.fromColumn -> to.toColumn`.
    static func make(from: Dataset, fromColumn: Int, to: Dataset, toColumn: Int) -> Result<Link, LinkError> {
        LinkBuilder.mapping(from: from.columns[fromColumn].vector, to: to.columns[toColumn].vector).map { built in
            Link(fromDataset: from.name, fromColumn: fromColumn, toDataset: to.name, toColumn: toColumn,
                 mapping: built.mapping, unmatchedRows: built.unmatched,
                 fromColumnName: from.columns[fromColumn].name, toColumnName: to.columns[toColumn].name)
        }
    }

    /// `deals.sales_agent -> teams.sales_agent`, with the names as loaded.
    public var description: String {
        "\(fromDataset).\(fromColumnName) -> \(toDataset).\(toColumnName)"
    }
}

/// Why a link could not be made.
public enum LinkError: Error, Equatable {
    case duplicateKey(value: String, count: Int)
}

enum LinkBuilder {
    /// Maps every row of `from` to the row of `to` with an equal key.
    static func mapping(from: ColumnVector, to: ColumnVector) -> Result<(mapping: [Int32], unmatched: Int), LinkError> {
        if let fast = asciiTextMapping(from: from, to: to) { return .success(fast) }
        var index: [Value: Int32] = [:]
        index.reserveCapacity(to.count)
        for row in 0..<to.count {
            let key = linkKey(to.value(at: row))
            if key.isNull { continue }
            if index[key] != nil {
                let count = (0..<to.count).reduce(0) { $0 + (linkKey(to.value(at: $1)) == key ? 1 : 0) }
                return .failure(.duplicateKey(value: ValueDescription.text(key), count: count))
            }
            index[key] = Int32(row)
        }
        var mapping = [Int32](repeating: -1, count: from.count)
        var unmatched = 0
        if case .text(let codes, let dictionary) = from.data {
            // One lookup per distinct value, not per row.
            let byCode = dictionary.values.map { index[.text($0)] ?? -1 }
            for row in 0..<from.count {
                let target = from.isValid(row) ? byCode[Int(codes[row])] : -1
                mapping[row] = target
                if target < 0 { unmatched += 1 }
            }
        } else {
            for row in 0..<from.count {
                let key = linkKey(from.value(at: row))
                let target = key.isNull ? -1 : (index[key] ?? -1)
                mapping[row] = target
                if target < 0 { unmatched += 1 }
            }
        }
        return .success((mapping, unmatched))
    }

    /// Keys compare by value across integer, decimal and text columns (an id read as
    /// integers in one file and as text in another still links).
    private static func linkKey(_ value: Value) -> Value {
        switch value {
        case .integer(let number): return .text(String(number))
        case .decimal(let number):
            if number == number.rounded(), abs(number) < 1e15 { return .text(String(Int64(number))) }
            return .text(String(number))
        default: return value
        }
    }
}

/// Short text for a value inside a message.
enum ValueDescription {
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .integer(let number): return String(number)
        case .decimal(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .date(let days): return CivilDate.isoString(days: Int(days))
        case .timestamp(let micros): return String(micros)
        case .text(let text): return "\"\(text)\""
        case .period(let grain, let index): return PeriodIndex.label(index, grain: grain)
        }
    }
}
