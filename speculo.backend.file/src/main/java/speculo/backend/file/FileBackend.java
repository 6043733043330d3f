package speculo.backend.file;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import speculo.core.StoreBackend;
import speculo.core.spi.ObjectStore;

/**
 * Backend {@code file}: each object of an area is a plain file in one directory, mapped with
 * {@code FileChannel.map}. Works wherever the file system has POSIX permissions; on a tmpfs
 * (the default) it is as fast as POSIX shared memory.
 *
 * <p>The directory is, in this order: the system property {@value PrivateDirectory#PROPERTY};
 * {@code $XDG_RUNTIME_DIR/speculo}; {@code /dev/shm/speculo-<uid>}; {@code <java.io.tmpdir>/speculo-<user>}.
 * It is created with mode {@code 0700} if missing, and refused if it belongs to another user or
 * others can write it (R18).
 */
// The engine's types in its signature are for the engine and the tests (speculo.core exports them
// to those only); applications use it as a speculo.api.Backend, found by ServiceLoader.
@SuppressWarnings("exports")
public final class FileBackend extends StoreBackend {

    /** The backend's name. */
    public static final String NAME = "file";

    private final Path configured;
    private volatile FileObjectStore store;

    /** The backend on the default directory; what {@link java.util.ServiceLoader} creates. */
    public FileBackend() {
        this.configured = null;
    }

    /**
     * The backend on a given directory, checked like the default one.
     *
     * @param directory where the area files live
     */
    public FileBackend(Path directory) {
        this.configured = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@return 10: the file backend works everywhere, so it is the fallback default} */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.of("the default file system has no POSIX permissions to keep areas private");
        }
        return Optional.empty();
    }

    @Override
    public ObjectStore store() {
        FileObjectStore s = store;
        if (s == null) {
            synchronized (this) {
                s = store;
                if (s == null) {
                    Path directory = configured != null ? configured : PrivateDirectory.defaultPath();
                    s = new FileObjectStore(PrivateDirectory.ensure(directory));
                    store = s;
                }
            }
        }
        return s;
    }
}
