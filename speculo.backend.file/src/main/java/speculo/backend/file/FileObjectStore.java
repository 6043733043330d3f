package speculo.backend.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import speculo.api.AreaPermissions;
import speculo.core.spi.MappedObject;
import speculo.core.spi.NotAnObjectException;
import speculo.core.spi.ObjectStore;

/**
 * Objects as plain files of one directory. Every call opens a channel, maps, and closes the
 * channel before returning: the mapping outlives the descriptor (R12). Files are created with
 * {@code CREATE_NEW} and opened with {@code NOFOLLOW_LINKS}: a planted file or symbolic link makes
 * creation fail and is never written through; a FIFO or anything else not a regular file is
 * refused before it is opened.
 */
final class FileObjectStore implements ObjectStore {

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;

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
        long usable = Files.getFileStore(directory).getUsableSpace();
        if (size > usable) {
            // Fail before writing anything: filling the file system to find out would starve every other user of it.
            throw new FileSystemException(path.toString(), null, "No space left on device: the object needs " + size
                    + " bytes, the file system has " + usable + " usable");
        }
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
        try (FileChannel channel = FileChannel.open(regularFile(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return map(name, channel, FileChannel.MapMode.READ_ONLY, channel.size());
        }
    }

    @Override
    public byte[] readStart(String name, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(regularFile(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(length, channel.size()));
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // a file cut short since its size was read ends the loop
            }
            return java.util.Arrays.copyOf(bytes.array(), bytes.position());
        }
    }

    @Override
    public MappedObject openReadWrite(String name) throws IOException {
        try (FileChannel channel = FileChannel.open(regularFile(name), StandardOpenOption.READ, StandardOpenOption.WRITE,
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
            files.forEach(p -> names.add(p.getFileName().toString()));
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

    /**
     * {@return the path of an object, after checking that it is a regular file} Java opens files
     * blocking, and opening a FIFO blocks until a peer opens its other end: anything but a regular
     * file is refused before it is opened. The check and the open are two steps, but only this
     * user can put anything in between: the directory is private (see {@link PrivateDirectory}).
     *
     * @throws NotAnObjectException if the name is taken by something else
     */
    private Path regularFile(String name) throws IOException {
        Path path = path(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return path; // the open reports it
        }
        if (!attributes.isRegularFile()) {
            throw new NotAnObjectException(path.toString(), kind(path, attributes));
        }
        return path;
    }

    /** {@return what a non-regular file is, in words} */
    private static String kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "directory";
        }
        if (attributes.isSymbolicLink()) {
            return "symbolic link";
        }
        try {
            // The "unix" view (Linux, macOS) gives st_mode; S_IFIFO and S_IFSOCK tell the common plants apart.
            int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
            return type == S_IFIFO ? "FIFO" : type == S_IFSOCK ? "socket" : "device or other special file";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "special file";
        }
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
