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

    /// A bitmap of `count` bits from their words (bits past `count` are cleared).
    public init(words: [UInt64], count: Int) {
        precondition(words.count == (count + 63) >> 6, "a bitmap's words must cover its bits")
        self.words = words
        self.count = count
        clearTail()
    }

    /// The bits set in both.
    public static func & (left: Bitmap, right: Bitmap) -> Bitmap {
        precondition(left.count == right.count, "bitmaps of different lengths")
        var words = left.words
        words.withUnsafeMutableBufferPointer { output in
            right.words.withUnsafeBufferPointer { input in
                for index in 0..<output.count { output[index] &= input[index] }
            }
        }
        return Bitmap(words: words, count: left.count)
    }

    /// A bit per value of `flags`.
    public init(flags: UnsafeBufferPointer<Bool>) {
        let count = flags.count
        var words = [UInt64](repeating: 0, count: (count + 63) >> 6)
        words.withUnsafeMutableBufferPointer { output in
            let raw = UnsafeRawPointer(flags.baseAddress)
            let whole = count >> 6
            for word in 0..<whole {
                // Eight flags (bytes of 0 or 1) at a time: the multiply gathers their low bits
                // into the top byte.
                var bits: UInt64 = 0
                for part in 0..<8 {
                    let eight = raw!.loadUnaligned(fromByteOffset: word << 6 + part << 3, as: UInt64.self)
                    bits |= ((eight &* 0x0102_0408_1020_4080) >> 56) << UInt64(part << 3)
                }
                output[word] = bits
            }
            if whole < output.count {
                var bits: UInt64 = 0
                for bit in 0..<(count - whole << 6) where flags[whole << 6 + bit] { bits |= 1 << UInt64(bit) }
                output[whole] = bits
            }
        }
        self.words = words
        self.count = count
    }

    /// Whether bit `index` of `words` is set: for loops over a bitmap's words without copying it.
    @inline(__always)
    public static func test(_ words: UnsafePointer<UInt64>, _ index: Int) -> Bool {
        (words[index >> 6] >> UInt64(index & 63)) & 1 == 1
    }

    /// Number of set bits.
    public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var allSet: Bool { setCount == count }

    private mutating func clearTail() {
        let tail = count & 63
        if tail != 0, !words.isEmpty { words[words.count - 1] &= (UInt64(1) << UInt64(tail)) - 1 }
    }
}

/// Runs `body` with the words of `validity` (nil when every row is valid).
@inline(__always)
func withValidityWords<Result>(_ validity: Bitmap?, _ body: (UnsafePointer<UInt64>?) -> Result) -> Result {
    guard let validity else { return body(nil) }
    return validity.words.withUnsafeBufferPointer { body($0.baseAddress!) }
}
