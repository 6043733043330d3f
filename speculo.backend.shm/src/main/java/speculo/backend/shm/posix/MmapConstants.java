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
    /** The page size assumed for aligning {@code madvise} ranges; a larger real page only rounds more. */
    static final long PAGE = 4096;

    private MmapConstants() {
    }
}
