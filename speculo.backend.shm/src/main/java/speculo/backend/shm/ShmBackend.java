package speculo.backend.shm;

import java.util.Optional;
import speculo.backend.shm.posix.SharedMemory;
import speculo.core.StoreBackend;
import speculo.core.spi.ObjectStore;

/**
 * Backend {@code shm}: each object of an area is a POSIX shared memory object named
 * {@code /speculo.<object>} (R1). Where both backends work it is the default (priority 20), being
 * the native form of shared memory; the {@code file} backend remains for per-user directories.
 *
 * <p>Objects are created exclusively with mode {@code 0600} unless the writer's options grant
 * group or other read; readers open them {@code O_RDONLY} and map them {@code PROT_READ}. The
 * namespace is system-wide: two users cannot have areas of the same name.
 *
 * <p>Needs native access (see the module's documentation).
 */
// The engine's types in its signature are for the engine and the tests (speculo.core exports them
// to those only); applications use it as a speculo.api.Backend, found by ServiceLoader.
@SuppressWarnings("exports")
public final class ShmBackend extends StoreBackend {

    /** The backend's name. */
    public static final String NAME = "shm";

    private final ShmObjectStore store = new ShmObjectStore();

    /** The backend; what {@link java.util.ServiceLoader} creates. */
    public ShmBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@return 20: preferred over the file backend where POSIX shared memory works} */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Optional<String> unavailableReason() {
        return SharedMemory.unavailableReason();
    }

    @Override
    public ObjectStore store() {
        unavailableReason().ifPresent(reason -> {
            throw new speculo.api.BackendUnavailableException("backend 'shm' cannot work here: " + reason);
        });
        return store;
    }
}
