package speculo.backend.shm.posix;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;

/**
 * The C library functions jnr-posix does not offer, bound with jnr-ffi. Each call that reports
 * failure through {@code errno} saves it ({@link SaveError}) for {@link jnr.ffi.LastError}.
 */
public interface LibC {

    /** {@code int shm_open(const char *name, int oflag, mode_t mode)}: a descriptor, or -1. */
    @SaveError
    int shm_open(String name, int oflag, @mode_t int mode);

    /** {@code int shm_unlink(const char *name)}: 0, or -1. */
    @SaveError
    int shm_unlink(String name);

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}: the address, or MAP_FAILED. */
    @SaveError
    Pointer mmap(Pointer address, @size_t long length, int protection, int flags, int fd, @off_t long offset);

    /** {@code int munmap(void *addr, size_t length)}: 0, or -1. */
    @SaveError
    int munmap(Pointer address, @size_t long length);

    /** {@code int madvise(void *addr, size_t length, int advice)}: 0, or -1. */
    @SaveError
    int madvise(Pointer address, @size_t long length, int advice);

    /** {@code int posix_fallocate(int fd, off_t offset, off_t len)}: 0, or an error number (not through errno). */
    int posix_fallocate(int fd, @off_t long offset, @off_t long length);
}
