#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only into memory: parsed in place, without a copy, and its pages
/// can be dropped once parsed (`CSVBytes.release`).
struct MappedFile {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    let address: UnsafeMutableRawPointer
    let size: Int

    /// The mapping of `path`; nil when it is not a non-empty regular file (a pipe, say), which
    /// is then read instead.
    init?(path: String) throws(CSVError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CSVReader.openError(path, errno) }
        guard info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CSVReader.openError(path, errno) }
        defer { close(descriptor) }
        var current = stat()
        guard fstat(descriptor, &current) == 0, current.st_mode & S_IFMT == S_IFREG, current.st_size > 0 else { return nil }
        let size = Int(current.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        self.address = address
        self.size = size
    }

    var bytes: CSVBytes {
        CSVBytes(UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size), isFileMapping: true)
    }

    func unmap() {
        munmap(address, size)
    }
}
