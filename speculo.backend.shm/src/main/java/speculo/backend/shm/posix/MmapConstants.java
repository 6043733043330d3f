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

    private MmapConstants() {
    }
}
