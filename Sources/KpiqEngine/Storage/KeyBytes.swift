/// The keys of a text dictionary as bytes back to back, when all of them are ASCII, followed by
/// eight zero bytes so that a word may be read at any key's start (the link's key join hashes
/// and `TextDictionary.ranks` compares them).
final class KeyBytes: @unchecked Sendable {
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let starts: UnsafeMutablePointer<Int>
    let count: Int

    init?(_ values: [String]) {
        count = values.count
        var total = 0
        for value in values { total += value.utf8.count }
        bytes = .allocate(capacity: total + 8)
        starts = .allocate(capacity: count + 1)
        var end = 0
        for (key, value) in values.enumerated() {
            starts[key] = end
            var value = value
            value.withUTF8 { utf8 in
                if let base = utf8.baseAddress { (bytes + end).initialize(from: base, count: utf8.count) }
                end += utf8.count
            }
        }
        starts[count] = end
        (bytes + end).initialize(repeating: 0, count: 8)
        guard Kernels.isASCII(UnsafeBufferPointer(start: bytes, count: end)) else { return nil }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// Key `k` as a pointer and a length, valid while `self` is.
    @inline(__always)
    subscript(key: Int) -> (UnsafePointer<UInt8>, Int) { (UnsafePointer(bytes + starts[key]), starts[key + 1] - starts[key]) }
}
