import Foundation

/// The process's standard output and error as C streams.
///
/// The C globals `stdout` and `stderr` are mutable shared state to Swift 6, so kpiq opens its
/// own streams on descriptors 1 and 2 once: output fully buffered, errors unbuffered.
public enum StandardStream {
    nonisolated(unsafe) public static let output: UnsafeMutablePointer<FILE> = fdopen(STDOUT_FILENO, "w")!
    nonisolated(unsafe) public static let error: UnsafeMutablePointer<FILE> = {
        let stream = fdopen(STDERR_FILENO, "w")!
        setvbuf(stream, nil, _IONBF, 0)
        return stream
    }()
}
