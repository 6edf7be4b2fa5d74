/// A packed bit per row: the validity mask of a column (1 = value present, 0 = null).
public struct Bitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public private(set) var count: Int

    /// `count` bits, all set to `value`.
    public init(count: Int, value: Bool) {
        self.count = count
        let wordCount = (count + 63) >> 6
        words = [UInt64](repeating: value ? ~0 : 0, count: wordCount)
        if value { clearTail() }
    }

    public init(_ bits: [Bool]) {
        self.init(count: bits.count, value: false)
        for (index, bit) in bits.enumerated() where bit { self[index] = true }
    }

    @inline(__always)
    public subscript(index: Int) -> Bool {
        get { (words[index >> 6] >> UInt64(index & 63)) & 1 == 1 }
        set {
            let mask = UInt64(1) << UInt64(index & 63)
            if newValue { words[index >> 6] |= mask } else { words[index >> 6] &= ~mask }
        }
    }

    public mutating func append(_ bit: Bool) {
        if count & 63 == 0 { words.append(0) }
        count += 1
        self[count - 1] = bit
    }

    /// Number of set bits.
    public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var allSet: Bool { setCount == count }

    private mutating func clearTail() {
        let tail = count & 63
        if tail != 0, !words.isEmpty { words[words.count - 1] &= (UInt64(1) << UInt64(tail)) - 1 }
    }
}
