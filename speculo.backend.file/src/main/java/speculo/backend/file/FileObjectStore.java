package speculo.backend.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import speculo.api.AreaPermissions;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * Objects as plain files of one directory. Every call opens a channel, maps, and closes the
 * channel before returning: the mapping outlives the descriptor (R12). Files are created with
 * {@code CREATE_NEW} and opened with {@code NOFOLLOW_LINKS}: a planted file or symbolic link makes
 * creation fail and is never written through.
 */
final class FileObjectStore implements ObjectStore {

    /** A block of zeros to fill new files with; duplicated for each use, never written. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private final Path directory;

    FileObjectStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public String location() {
        return "file:" + directory;
    }

    @Override
    public MappedObject create(String name, long size, long backed, AreaPermissions permissions) throws IOException {
        // Backs the whole file whatever is asked (see allocate): files are the portable backend, not the fast one.
        Path path = path(name);
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString(toPermissionString(permissions.mode()));
        try (FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(mode))) {
            try {
                // The umask may have removed bits the caller asked for: set the mode exactly.
                Files.setPosixFilePermissions(path, mode);
                allocate(channel, size);
                return map(name, channel, FileChannel.MapMode.READ_WRITE, size);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                throw e;
            }
        }
    }

    /**
     * Writes zeros over the whole file, so a full file system fails here with "No space left on
     * device" instead of killing a process later with SIGBUS when it touches a page of a sparse
     * file that cannot be backed.
     */
    private static void allocate(FileChannel channel, long size) throws IOException {
        for (long position = 0; position < size; ) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), size - position));
            position += channel.write(zeros, position);
        }
    }

    @Override
    public MappedObject openReadOnly(String name) throws IOException {
        try (FileChannel channel = FileChannel.open(path(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return map(name, channel, FileChannel.MapMode.READ_ONLY, channel.size());
        }
    }

    @Override
    public MappedObject openReadWrite(String name) throws IOException {
        try (FileChannel channel = FileChannel.open(path(name), StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            return map(name, channel, FileChannel.MapMode.READ_WRITE, channel.size());
        }
    }

    @Override
    public boolean unlink(String name) throws IOException {
        return Files.deleteIfExists(path(name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Override
    public String owner(String name) throws IOException {
        return Files.getOwner(path(name), LinkOption.NOFOLLOW_LINKS).getName();
    }

    @Override
    public boolean ownedByThisUser(String name) throws IOException {
        return ThisUser.owns(path(name));
    }

    private Path path(String name) {
        return directory.resolve(name);
    }

    private static MappedObject map(String name, FileChannel channel, FileChannel.MapMode mode, long size)
            throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = channel.map(mode, 0, size, arena);
            return new MappedObject(name, mode == FileChannel.MapMode.READ_ONLY ? segment.asReadOnly() : segment, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static String toPermissionString(int mode) {
        StringBuilder s = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return s.toString();
    }
}
