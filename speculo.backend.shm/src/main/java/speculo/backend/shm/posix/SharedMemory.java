package speculo.backend.shm.posix;

import static speculo.backend.shm.posix.MmapConstants.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;
import speculo.core.spi.MappedObject;
import speculo.core.spi.NotAnObjectException;

/**
 * POSIX shared memory objects: {@code shm_open} → size → {@code mmap} → {@code close}, and the
 * mapping as a {@link MemorySegment} whose arena's close runs {@code munmap} exactly once, soon
 * after and off the closing thread (see {@link #MUNMAP}).
 * Failures are {@link IOException}s of the JDK's kinds, carrying the operation, errno and its text.
 */
public final class SharedMemory {

    /** Guards {@code getpwuid}'s per-process result buffer (see {@link #owner}). */
    private static final Object PASSWD_BUFFER = new Object();
    private static final LibC LIBC;
    private static final jnr.ffi.Runtime RUNTIME;
    private static final POSIX POSIX;
    private static final String UNAVAILABLE;

    /** The flags that grant what the backend needs: restricted methods for it and jffi's {@code System.load}. */
    private static final String NATIVE_ACCESS_FLAGS = "launch with --enable-native-access=speculo.backend.shm,org.jnrproject.jffi"
            + " (module path) or --enable-native-access=ALL-UNNAMED (class path)";
    /**
     * Set once {@code MADV_POPULATE_WRITE} proved unknown to the kernel, or from the start with
     * {@code -Dspeculo.shm.backing=fallocate} (for kernels where it misbehaves, and to test the
     * fallback).
     */
    private static volatile boolean populateUnsupported = "fallocate".equals(System.getProperty("speculo.shm.backing"));

    /**
     * Whether writable mappings ask for transparent huge pages ({@code MADV_HUGEPAGE}): on Linux,
     * unless {@code -Dspeculo.shm.hugePages=false}. A writer puts a fresh page behind every byte it
     * appends (a collection's new object is new memory), and where the tmpfs grants the advice a
     * 2 MiB page costs about what 33 pages of 4 KiB do (DECISIONS 33). Readers need not ask: the
     * kernel maps pages that are huge as huge pages in their read-only mappings too.
     */
    private static final boolean ASK_FOR_HUGE_PAGES = System.getProperty("os.name", "").startsWith("Linux")
            && !"false".equals(System.getProperty("speculo.shm.hugePages"));

    /**
     * Runs the {@code munmap} of closed mappings ({@code speculo-shm-munmap}, a daemon, one per
     * JVM). Unmapping takes milliseconds for a large object: its page tables are torn down and,
     * if it was the last mapping of an unlinked object, its pages freed (64 MiB: 5.4 ms, 10.7 ms
     * as the last one, on the benchmark VM). A reader pays that in the {@code poll} that moves it
     * to a new generation, a gap in its stream at every collection, unless it happens elsewhere.
     * The arena is closed at once, so nothing can access the range from then on; the range goes
     * back to the system moments later.
     */
    private static final ExecutorService MUNMAP = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "speculo-shm-munmap");
        thread.setDaemon(true);
        return thread;
    });

    static {
        LibC libc = null;
        jnr.ffi.Runtime runtime = null;
        POSIX posix = null;
        String unavailable = null;
        try {
            probeNativeAccess();
            // glibc before 2.34 keeps shm_open in librt; later ones in libc.
            libc = LibraryLoader.create(LibC.class).library("c").library("rt").failImmediately().load();
            runtime = jnr.ffi.Runtime.getRuntime(libc);
            posix = POSIXFactory.getNativePOSIX();
            if (!OpenFlags.O_CREAT.defined() || !OpenFlags.O_EXCL.defined()) {
                unavailable = "the platform's open flags are unknown to jnr-constants";
            }
        } catch (Throwable e) {
            unavailable = deniedNativeAccess(e)
                    .map(denied -> "native access is not enabled (" + denied.getMessage() + "); " + NATIVE_ACCESS_FLAGS)
                    .orElse("cannot bind the C library's shared memory functions: " + e);
        }
        LIBC = libc;
        RUNTIME = runtime;
        POSIX = posix;
        UNAVAILABLE = unavailable;
    }

    private SharedMemory() {
    }

    /**
     * Calls a restricted method, which throws {@link IllegalCallerException} under
     * {@code --illegal-native-access=deny} where this module is not granted native access: probed
     * when the backend loads, so that it is unusable with a reason instead of failing at its first
     * mapping.
     */
    @SuppressWarnings("restricted")
    private static void probeNativeAccess() {
        MemorySegment.NULL.reinterpret(0);
    }

    /** {@return the {@link IllegalCallerException} of denied native access among the causes of {@code failure}} */
    private static Optional<Throwable> deniedNativeAccess(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalCallerException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    /** {@return why POSIX shared memory cannot be used here, or empty if it can} */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    /**
     * Creates an object exclusively with exactly {@code mode}, sizes it, maps it read-write, and
     * puts memory behind its first {@code backed} bytes (so a full {@code /dev/shm} fails here with
     * an exception rather than later with SIGBUS); the mapping's {@link MappedObject#reserve}
     * backs the rest on request.
     *
     * @param posixName  the POSIX name, {@code /...}
     * @param objectName the engine's name for the object, for the mapping
     */
    public static MappedObject create(String posixName, String objectName, long size, long backed, int mode)
            throws IOException {
        int fd = LIBC.shm_open(posixName, flags(OpenFlags.O_CREAT, OpenFlags.O_EXCL, OpenFlags.O_RDWR, OpenFlags.O_NOFOLLOW), mode);
        if (fd < 0) {
            throw failure("shm_open", posixName, lastError());
        }
        boolean created = false;
        try {
            if (POSIX.fchmod(fd, mode) != 0) {
                throw failure("fchmod", posixName, POSIX.errno());
            }
            if (POSIX.ftruncate(fd, size) != 0) {
                throw failure("ftruncate", posixName, POSIX.errno());
            }
            MappedObject mapping = map(fd, posixName, objectName, size, true);
            try {
                if (backed > 0) {
                    mapping.reserve(0, Math.min(backed, size));
                }
            } catch (IOException | RuntimeException e) {
                mapping.close();
                throw e;
            }
            created = true;
            return mapping;
        } finally {
            POSIX.close(fd);
            if (!created) {
                LIBC.shm_unlink(posixName);
            }
        }
    }

    /**
     * Maps an existing object whole, read-only or read-write.
     *
     * @param posixName  the POSIX name
     * @param objectName the engine's name for the object
     * @param writable   {@code false} for {@code O_RDONLY} and {@code PROT_READ} only
     */
    public static MappedObject open(String posixName, String objectName, boolean writable) throws IOException {
        int fd = openExisting(posixName, writable);
        try {
            return map(fd, posixName, objectName, regular(fd, posixName).st_size(), writable);
        } finally {
            POSIX.close(fd);
        }
    }

    /**
     * Reads up to {@code length} bytes from the start of an existing object with one
     * {@code pread}, unmapped; a regular object reads short only at its end.
     */
    public static byte[] readStart(String posixName, int length) throws IOException {
        int fd = openExisting(posixName, false);
        try {
            long size = regular(fd, posixName).st_size();
            byte[] bytes = new byte[(int) Math.min(length, Math.max(0, size))];
            long read = bytes.length == 0 ? 0 : POSIX.pread(fd, bytes, (long) bytes.length, 0L);
            if (read < 0) {
                throw failure("pread", posixName, POSIX.errno());
            }
            return read == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, (int) read); // cut short since the fstat
        } finally {
            POSIX.close(fd);
        }
    }

    /**
     * Opens an existing object's name without ever blocking: {@code O_NONBLOCK} makes the open of
     * a FIFO planted under the name return at once (a plain open waits for a peer). The caller
     * checks what it opened with {@link #regular}.
     */
    private static int openExisting(String posixName, boolean writable) throws IOException {
        int fd = LIBC.shm_open(posixName, flags(writable ? OpenFlags.O_RDWR : OpenFlags.O_RDONLY, OpenFlags.O_NOFOLLOW,
                OpenFlags.O_NONBLOCK), 0);
        if (fd < 0) {
            throw failure("shm_open", posixName, lastError());
        }
        return fd;
    }

    /**
     * {@return the status of an open descriptor, after checking that it is a shared memory object}
     *
     * @throws NotAnObjectException if it is a FIFO, directory or anything else
     */
    private static FileStat regular(int fd, String posixName) throws IOException {
        FileStat stat = stat(fd, posixName);
        if (!stat.isFile()) {
            throw new NotAnObjectException(posixName, stat.isFifo() ? "FIFO" : stat.isDirectory() ? "directory"
                    : stat.isSocket() ? "socket" : "device or other special file");
        }
        return stat;
    }

    /** Removes a name; {@return whether it existed} */
    public static boolean unlink(String posixName) throws IOException {
        if (LIBC.shm_unlink(posixName) == 0) {
            return true;
        }
        int errno = lastError();
        if (errno == Errno.ENOENT.intValue()) {
            return false;
        }
        throw failure("shm_unlink", posixName, errno);
    }

    /**
     * {@return the user name of an object's owner (its uid if the user has no name)} Thread-safe:
     * {@code getpwuid} fills one buffer per process, and two threads reading it at once got each
     * other's half-written entry (5 in 400,000 calls from two threads on the benchmark VM; a
     * writer then refused its own area as another user's).
     */
    public static String owner(String posixName) throws IOException {
        int uid = ownerId(posixName);
        synchronized (PASSWD_BUFFER) {
            Passwd user = POSIX.getpwuid(uid);
            return user != null && user.getLoginName() != null ? user.getLoginName() : String.valueOf(uid);
        }
    }

    /** {@return whether an object belongs to this process's effective user} Compared by id: no name needed. */
    public static boolean ownedByThisUser(String posixName) throws IOException {
        return ownerId(posixName) == POSIX.geteuid();
    }

    private static int ownerId(String posixName) throws IOException {
        int fd = openExisting(posixName, false);
        try {
            return stat(fd, posixName).uid();
        } finally {
            POSIX.close(fd);
        }
    }

    private static FileStat stat(int fd, String posixName) throws IOException {
        FileStat stat = POSIX.allocateStat();
        if (POSIX.fstat(fd, stat) != 0) {
            throw failure("fstat", posixName, POSIX.errno());
        }
        return stat;
    }

    // reinterpret is restricted: the one place speculo turns a native address into a segment; its
    // size is the object's size from fstat, and the arena's cleanup unmaps exactly that range. A
    // read-only mapping's views (MappedObject.view) are the same range in arenas that unmap nothing.
    @SuppressWarnings("restricted")
    private static MappedObject map(int fd, String posixName, String objectName, long size, boolean writable)
            throws IOException {
        Arena arena = Arena.ofShared();
        if (size == 0) {
            // mmap refuses a zero length; an empty object is one still being created.
            return new MappedObject(objectName, MemorySegment.ofArray(new byte[0]).asReadOnly(), arena);
        }
        int protection = writable ? PROT_READ | PROT_WRITE : PROT_READ;
        Pointer address = LIBC.mmap(null, size, protection, MAP_SHARED, fd, 0);
        if (address == null || address.address() == MAP_FAILED) {
            int errno = lastError();
            arena.close();
            throw failure("mmap", posixName, errno);
        }
        if (writable && ASK_FOR_HUGE_PAGES) {
            // Advice only: EINVAL where the kernel has no transparent huge pages changes nothing.
            LIBC.madvise(address, size, MADV_HUGEPAGE);
        }
        long base = address.address();
        MemorySegment segment = MemorySegment.ofAddress(base)
                .reinterpret(size, arena, unmapped -> MUNMAP.execute(() -> LIBC.munmap(Pointer.wrap(RUNTIME, base), size)));
        return writable ? new MappedObject(objectName, segment, arena, (mapped, offset, length) -> back(mapped, offset, length, posixName))
                : new MappedObject(objectName, segment.asReadOnly(), arena,
                        viewArena -> MemorySegment.ofAddress(base).reinterpret(size, viewArena, null));
    }

    /**
     * Puts memory behind part of a writable mapping: {@code madvise(MADV_POPULATE_WRITE)}, which
     * also maps the pages (the writer's stores then take no page faults), or where the kernel does
     * not know that advice, {@code posix_fallocate} on the object reopened by name (no descriptor
     * is kept, R12).
     */
    private static void back(MemorySegment mapped, long offset, long length, String posixName) throws IOException {
        if (length == 0) {
            return;
        }
        long start = offset / PAGE * PAGE;
        long end = Math.min(mapped.byteSize(), (offset + length + PAGE - 1) / PAGE * PAGE);
        if (!populateUnsupported) {
            if (LIBC.madvise(Pointer.wrap(RUNTIME, mapped.address() + start), end - start, MADV_POPULATE_WRITE) == 0) {
                return;
            }
            int errno = lastError();
            if (errno != Errno.EINVAL.intValue()) {
                // EFAULT: a store would have raised SIGBUS (the memory is full); ENOMEM likewise.
                throw new FileSystemException(posixName, null, "cannot back " + (end - start) + " bytes at offset " + start
                        + ": No space left in shared memory (madvise populate: " + describe(errno) + ")");
            }
            populateUnsupported = true;
        }
        int fd = openExisting(posixName, true);
        try {
            regular(fd, posixName);
            int error = LIBC.posix_fallocate(fd, start, end - start);
            if (error != 0) {
                throw failure("posix_fallocate", posixName, error);
            }
        } finally {
            POSIX.close(fd);
        }
    }

    private static int flags(OpenFlags... flags) {
        int value = 0;
        for (OpenFlags flag : flags) {
            if (flag.defined()) {
                value |= flag.intValue();
            }
        }
        return value;
    }

    private static int lastError() {
        return LastError.getLastError(RUNTIME);
    }

    /** {@return an errno's name and text, e.g. {@code ENOSPC (No space left on device), errno 28}} */
    private static String describe(int errno) {
        Errno known = Errno.valueOf(errno);
        return (known == null || known == Errno.__UNKNOWN_CONSTANT__ ? "error" : known.name() + " (" + known.description() + ")")
                + ", errno " + errno;
    }

    /** {@return the JDK exception for an errno: already exists, no such object, permission denied, or other} */
    static IOException failure(String operation, String posixName, int errno) {
        String reason = operation + " failed: " + describe(errno);
        if (errno == Errno.EEXIST.intValue()) {
            return new FileAlreadyExistsException(posixName, null, reason);
        }
        if (errno == Errno.ENOENT.intValue()) {
            return new NoSuchFileException(posixName, null, reason);
        }
        if (errno == Errno.EACCES.intValue() || errno == Errno.EPERM.intValue()) {
            return new AccessDeniedException(posixName, null, reason);
        }
        if (errno == Errno.EISDIR.intValue()) {
            return new NotAnObjectException(posixName, "directory");
        }
        if (errno == Errno.ENXIO.intValue()) {
            // What open gives for a socket, or a FIFO opened for writing with no reader.
            return new NotAnObjectException(posixName, "FIFO or socket");
        }
        if (errno == Errno.ELOOP.intValue()) {
            return new NotAnObjectException(posixName, "symbolic link");
        }
        return new FileSystemException(posixName, null, reason);
    }
}
