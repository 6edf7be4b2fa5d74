#if os(Linux)
import CMalloc
#endif

/// How the C allocator serves the large blocks that column vectors live in.
///
/// A query over millions of rows makes and drops intermediates of tens of megabytes (a flag or
/// a group id per row). glibc serves any block over 32 MB with a fresh `mmap` and returns it
/// with `munmap` when freed, so every such intermediate is faulted in page by page and zeroed
/// by the kernel: at 10M rows that was half the time of a query. While queries run, large
/// blocks come from the heap instead and freed ones stay there for the next intermediate.
/// Loading goes back to `mmap` (a load's buffers are freed as it ends) after handing the free
/// heap back to the system, so that a load's peak memory does not stack on a query's.
public enum MemoryTuning {
    /// Keep at most this much free memory at the top of the heap between queries.
    static let retained: Int32 = 1 << 30

    public static func forQueries() {
        #if os(Linux)
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, retained)
        #endif
    }

    public static func forLoading() {
        #if os(Linux)
        _ = mallopt(M_MMAP_MAX, 65_536)
        _ = malloc_trim(0)
        #endif
    }
}
