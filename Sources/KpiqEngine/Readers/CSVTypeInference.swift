#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cells that mean null.
struct NullMarkers: Sendable {
    private let markers: [[UInt8]]
    private let longest: Int
    private let matchesEmpty: Bool
    /// Bit `b` of word `b >> 6` is set when some marker starts with byte `b`: most cells are
    /// ruled out by their first byte, without a comparison.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ markers: [String]) {
        self.markers = markers.map { Array($0.utf8) }
        longest = self.markers.map(\.count).max() ?? -1
        matchesEmpty = self.markers.contains { $0.isEmpty }
        var words: [UInt64] = [0, 0, 0, 0]
        for marker in self.markers where !marker.isEmpty {
            words[Int(marker[0] >> 6)] |= 1 << UInt64(marker[0] & 63)
        }
        firstBytes = (words[0], words[1], words[2], words[3])
    }

    /// Whether the `n` bytes at `p` are exactly one of the markers.
    @inline(__always)
    func matches(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n <= longest else { return false }
        if n == 0 { return matchesEmpty }
        let first = p[0]
        let word: UInt64
        switch first >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        guard (word >> UInt64(first & 63)) & 1 == 1 else { return false }
        for marker in markers where marker.count == n {
            if marker.withUnsafeBufferPointer({ ByteDictionary.equal($0.baseAddress!, p, n) }) { return true }
        }
        return false
    }
}

/// What one cell of a column being inferred is.
enum CellClass {
    case null
    case integer(Int64)
    case decimal(Double)
    case boolean(Bool)
    case temporal(TemporalValue)
    case text
}

/// The type a column has been inferred to so far.
struct TypeState: Equatable {
    enum Kind: UInt8 {
        /// Only nulls so far.
        case empty, integer, decimal, boolean, temporal, text
    }

    var kind: Kind = .empty
    /// For `.temporal`: the date orders every value so far can be read in.
    var orders: DateOrders = []
    /// For `.temporal`: some value had a time of day.
    var hasTime = false

    /// The state after also seeing `cell`: integer → decimal → text, date → timestamp → text,
    /// anything else incompatible → text.
    mutating func absorb(_ cell: CellClass) {
        switch cell {
        case .null:
            return
        case .text:
            kind = .text
        case .integer:
            if kind == .empty { kind = .integer } else if kind != .integer && kind != .decimal { kind = .text }
        case .decimal:
            if kind == .empty || kind == .integer { kind = .decimal } else if kind != .decimal { kind = .text }
        case .boolean:
            if kind == .empty { kind = .boolean } else if kind != .boolean { kind = .text }
        case .temporal(let value):
            absorbTemporal(orders: value.orders, hasTime: value.hasTime)
        }
    }

    /// The state of a column whose values in two parts of the file had these states.
    mutating func absorb(_ other: TypeState) {
        switch other.kind {
        case .empty: return
        case .integer: absorb(.integer(0))
        case .decimal: absorb(.decimal(0))
        case .boolean: absorb(.boolean(false))
        case .text: kind = .text
        case .temporal: absorbTemporal(orders: other.orders, hasTime: other.hasTime)
        }
    }

    private mutating func absorbTemporal(orders newOrders: DateOrders, hasTime newHasTime: Bool) {
        switch kind {
        case .empty:
            kind = .temporal
            orders = newOrders
            hasTime = newHasTime
        case .temporal:
            let common = orders.intersection(newOrders)
            if common.isEmpty {
                kind = .text
            } else {
                orders = common
                hasTime = hasTime || newHasTime
            }
        default:
            kind = .text
        }
    }

    var isTyped: Bool { kind != .empty && kind != .text }

    /// Classifies a cell already trimmed of spaces, not empty and not a null marker.
    /// Dates are only dates in the orders `allowed`.
    static func classify(_ p: UnsafePointer<UInt8>, _ n: Int, allowed: DateOrders) -> CellClass {
        let first = p[0]
        if CSVScalar.isDigit(first) || first == 0x2D || first == 0x2B || first == 0x2E {
            switch CSVScalar.parseInteger(p, n, strict: true) {
            case .value(let value): return .integer(value)
            case .overflow:
                if let value = CSVScalar.parseDecimal(p, n, strict: true) { return .decimal(value) }
            case .invalid:
                break
            }
            if let value = CSVScalar.parseDecimal(p, n, strict: true) { return .decimal(value) }
            if var value = CSVScalar.parseTemporal(p, n) {
                value.orders.formIntersection(allowed)
                if !value.orders.isEmpty { return .temporal(value) }
            }
            return .text
        }
        if let value = CSVScalar.parseBoolean(p, n) { return .boolean(value) }
        return .text
    }
}
