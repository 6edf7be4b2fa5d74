#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for large tables that are read at random (hash tables, dictionaries): aligned to 2 MiB
/// and, on Linux, backed by transparent huge pages where the system allows, so that a random
/// lookup costs one cache miss rather than a cache miss and a page walk.
enum LargeBuffer {
    static let hugePage = 2 << 20

    /// Uninitialised room for `count` elements; release it with `free`.
    static func allocate<Element>(_ count: Int) -> UnsafeMutablePointer<Element> {
        let size = max(count, 1) * MemoryLayout<Element>.stride
        var raw: UnsafeMutableRawPointer?
        let alignment = size >= hugePage ? hugePage : max(MemoryLayout<Element>.alignment, 16)
        guard posix_memalign(&raw, alignment, size) == 0, let raw else { fatalError("out of memory: \(size) bytes") }
        #if os(Linux)
        if size >= hugePage { _ = madvise(raw, size, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Element.self, capacity: max(count, 1))
    }

    static func release<Element>(_ pointer: UnsafeMutablePointer<Element>) {
        free(UnsafeMutableRawPointer(pointer))
    }
}
