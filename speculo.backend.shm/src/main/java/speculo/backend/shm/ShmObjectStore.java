package speculo.backend.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import speculo.api.AreaPermissions;
import speculo.backend.shm.posix.SharedMemory;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * Objects as POSIX shared memory objects. Every call opens a descriptor, maps and closes it
 * before returning (R12). Listing needs a view of the namespace, which Linux gives as
 * {@code /dev/shm}; elsewhere it is unsupported.
 */
final class ShmObjectStore implements ObjectStore {

    /** Where Linux shows the POSIX shared memory namespace. */
    static final Path LINUX_SHM = Path.of("/dev/shm");

    @Override
    public String location() {
        return Files.isDirectory(LINUX_SHM) ? "shm:" + LINUX_SHM : "shm:(POSIX shared memory)";
    }

    @Override
    public MappedObject create(String name, long size, long backed, AreaPermissions permissions) throws IOException {
        return SharedMemory.create(ShmNames.posixName(name), name, size, backed, permissions.mode());
    }

    @Override
    public MappedObject openReadOnly(String name) throws IOException {
        return SharedMemory.open(ShmNames.posixName(name), name, false);
    }

    @Override
    public byte[] readStart(String name, int length) throws IOException {
        return SharedMemory.readStart(ShmNames.posixName(name), length);
    }

    @Override
    public MappedObject openReadWrite(String name) throws IOException {
        return SharedMemory.open(ShmNames.posixName(name), name, true);
    }

    @Override
    public boolean unlink(String name) throws IOException {
        return SharedMemory.unlink(ShmNames.posixName(name));
    }

    @Override
    public List<String> list() throws IOException {
        if (!Files.isDirectory(LINUX_SHM)) {
            throw new UnsupportedOperationException("listing POSIX shared memory objects needs /dev/shm (Linux)");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(LINUX_SHM)) {
            // Every entry, also a FIFO or directory planted under a speculo name: opening it is refused, and tools report it.
            files.forEach(p -> {
                String name = ShmNames.objectName(p.getFileName().toString());
                if (name != null) {
                    names.add(name);
                }
            });
        }
        return names;
    }

    @Override
    public String owner(String name) throws IOException {
        return SharedMemory.owner(ShmNames.posixName(name));
    }

    @Override
    public boolean ownedByThisUser(String name) throws IOException {
        return SharedMemory.ownedByThisUser(ShmNames.posixName(name));
    }
}
