package speculo.backend.shm.posix;

/**
 * The {@code mmap} constants speculo uses. jnr-constants has none of them; these values are the
 * same on Linux, FreeBSD and macOS (every platform jnr supports for shared memory).
 */
final class MmapConstants {

    /** Pages may be read. */
    static final int PROT_READ = 0x1;
    /** Pages may be written. */
    static final int PROT_WRITE = 0x2;
    /** Updates are visible to other processes mapping the same object. */
    static final int MAP_SHARED = 0x01;
    /** What {@code mmap} returns on failure: {@code (void *) -1}. */
    static final long MAP_FAILED = -1L;
    /**
     * Linux's {@code madvise} advice (5.14 and later) that allocates and maps pages as a write to
     * each would, but reports a failure instead of raising SIGBUS. Elsewhere the value is unknown
     * advice, {@code EINVAL}, and {@link SharedMemory} falls back to {@code posix_fallocate}.
     */
    static final int MADV_POPULATE_WRITE = 23;
    /**
     * Linux's {@code madvise} advice that a range may be backed by transparent huge pages. It
     * matters where the tmpfs is mounted {@code huge=advise}; where it is mounted {@code huge=never}
     * (the usual {@code /dev/shm}) it changes nothing, and with {@code within_size} or
     * {@code always} huge pages come without it. Other systems use 14 for other advice or none,
     * so {@link SharedMemory} gives it on Linux only.
     */
    static final int MADV_HUGEPAGE = 14;
    /** The page size assumed for aligning {@code madvise} ranges; a larger real page only rounds more. */
    static final long PAGE = 4096;

    private MmapConstants() {
    }
}
