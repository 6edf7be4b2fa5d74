import Foundation

/// Writes a file so that it is either wholly there or not changed at all: a reader, or a
/// crash halfway, never meets a half-written file.
enum AtomicWrite {
    enum Failure: Error, CustomStringConvertible {
        case exists
        case system(String)

        var description: String {
            switch self {
            case .exists: return "the file exists"
            case .system(let reason): return reason
            }
        }
    }

    /// Writes `data` to a temporary file in the same folder, flushes it to disk, then moves it
    /// to `path`: with `rename` when replacing, with `link` (which fails on an existing file,
    /// so that of two writers only one can win) when not.
    static func write(_ data: Data, to path: String, replacing: Bool, mode: mode_t = 0o644) throws(Failure) {
        if !replacing, FileManager.default.fileExists(atPath: path) { throw .exists }
        let temporary = "\(path).\(getpid()).tmp"
        try writeNew(data, at: temporary, mode: mode)
        defer { unlink(temporary) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw .system(reason(errno)) }
        } else {
            guard link(temporary, path) == 0 else { throw errno == EEXIST ? .exists : .system(reason(errno)) }
        }
    }

    private static func writeNew(_ data: Data, at path: String, mode: mode_t) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .system(reason(errno)) }
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        close(descriptor)
        if let failure {
            unlink(path)
            throw .system(reason(failure))
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
