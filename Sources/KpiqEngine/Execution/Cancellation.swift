import Synchronization

/// A request to stop the statement that is running, and how far a load has got.
///
/// The interactive session sets the request from its SIGINT handler (so it must be a plain
/// atomic store, safe in a signal handler); the engine looks at it only at coarse points:
/// between CSV chunks of a few thousand rows, between plan steps, per aggregate. A cancelled
/// statement throws `Cancelled` and leaves the catalog as it was before the statement.
public enum Cancellation {
    private static let requested = Atomic<Bool>(false)

    /// Asks the running statement to stop. Async-signal-safe.
    public static func request() {
        requested.store(true, ordering: .relaxed)
    }

    /// Forgets an earlier request: called before each statement.
    public static func reset() {
        requested.store(false, ordering: .relaxed)
    }

    public static var isRequested: Bool {
        requested.load(ordering: .relaxed)
    }

    /// Throws `Cancelled` when a stop was requested.
    public static func check() throws(Cancelled) {
        if isRequested { throw Cancelled() }
    }

    /// The message of the error a reader with typed errors throws when it stops early.
    public static let message = "cancelled"
}

/// Thrown by `Cancellation.check()`.
public struct Cancelled: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { Cancellation.message }
}
