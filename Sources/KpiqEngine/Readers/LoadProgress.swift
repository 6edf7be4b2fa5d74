import Synchronization

/// Counters that a CSV load advances as it parses, for a progress display on another thread.
public enum LoadProgress {
    private static let total = Atomic<Int>(0)
    private static let parsed = Atomic<Int>(0)
    private static let rowsParsed = Atomic<Int>(0)

    /// Starts counting a load of `bytes` bytes.
    public static func begin(bytes: Int) {
        parsed.store(0, ordering: .relaxed)
        rowsParsed.store(0, ordering: .relaxed)
        total.store(bytes, ordering: .relaxed)
    }

    /// Adds what a chunk parsed since it last reported (`from` up to `to`, in bytes) and
    /// returns `to`, the position to report from next time.
    public static func advance(from: Int, to: Int, rows: Int) -> Int {
        parsed.add(to - from, ordering: .relaxed)
        rowsParsed.add(rows, ordering: .relaxed)
        return to
    }

    /// Bytes parsed, bytes in all, rows parsed so far.
    public static var snapshot: (bytes: Int, total: Int, rows: Int) {
        (parsed.load(ordering: .relaxed), total.load(ordering: .relaxed), rowsParsed.load(ordering: .relaxed))
    }
}
