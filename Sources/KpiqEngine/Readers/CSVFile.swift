#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file: a regular file is mapped into memory (no copy), anything else (a pipe,
/// a device) is read to its end.
struct FileBytes {
    let bytes: CSVBytes
    private let mapped: UnsafeMutableRawPointer?
    private let buffer: UnsafeMutablePointer<UInt8>?

    init(path: String) throws(CSVError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.openError(path, errno) }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw CSVError(message: "cannot open \"\(path)\": it is a directory", hint: "give the path of a CSV file")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Self.openError(path, errno) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw Self.openError(path, errno) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0 {
            #if canImport(Glibc)
            let flags = MAP_PRIVATE | MAP_POPULATE
            #else
            let flags = MAP_PRIVATE
            #endif
            if let address = mmap(nil, size, PROT_READ, flags, descriptor, 0), address != MAP_FAILED {
                mapped = address
                buffer = nil
                bytes = CSVBytes(UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size))
                return
            }
        }
        mapped = nil
        var capacity = max(size, 0) + 1
        var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var count = 0
        while true {
            if count == capacity {
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                grown.update(from: storage, count: count)
                storage.deallocate()
                storage = grown
                capacity *= 2
            }
            let got = read(descriptor, storage + count, capacity - count)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                storage.deallocate()
                throw CSVError(message: "cannot read \"\(path)\": \(String(cString: strerror(code)))")
            }
            count += got
        }
        buffer = storage
        bytes = CSVBytes(UnsafeBufferPointer(start: storage, count: count))
    }

    func release() {
        if let mapped { munmap(mapped, bytes.count) }
        buffer?.deallocate()
    }

    private static func openError(_ path: String, _ code: Int32) -> CSVError {
        switch code {
        case ENOENT, ENOTDIR:
            return CSVError(
                message: "cannot open \"\(path)\": no such file", hint: "check the path; it is relative to the current directory")
        case EACCES, EPERM:
            return CSVError(message: "cannot open \"\(path)\": permission denied")
        default:
            return CSVError(message: "cannot open \"\(path)\": \(String(cString: strerror(code)))")
        }
    }
}
