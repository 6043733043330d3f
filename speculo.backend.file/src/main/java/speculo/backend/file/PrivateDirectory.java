package speculo.backend.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import speculo.api.AreaAccessDeniedException;

/** Chooses, creates and checks the private directory where the file backend keeps areas (R18). */
final class PrivateDirectory {

    /** System property that names the directory explicitly. */
    static final String PROPERTY = "speculo.file.directory";

    private PrivateDirectory() {
    }

    /** {@return the directory to use when none was given to the backend} */
    static Path defaultPath() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "speculo");
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("speculo-" + ThisUser.id());
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "speculo-" + System.getProperty("user.name"));
    }

    /**
     * Creates the directory with mode 0700 if it is missing, then checks that it is a real
     * directory (not a link), owned by this process's user, and writable by nobody else.
     *
     * @return the directory, as an absolute path
     * @throws AreaAccessDeniedException if the directory cannot be used safely
     */
    static Path ensure(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // checked below
        } catch (IOException e) {
            throw refused(dir, "cannot create it: " + e);
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw refused(dir, "cannot read its attributes: " + e);
        }
        if (!attributes.isDirectory()) {
            throw refused(dir, attributes.isSymbolicLink() ? "it is a symbolic link" : "it is not a directory");
        }
        try {
            if (!ThisUser.owns(dir)) {
                throw refused(dir, "it belongs to user '" + attributes.owner().getName() + "', not to this process's user ("
                        + ThisUser.id() + ")");
            }
        } catch (IOException e) {
            throw refused(dir, "cannot read its owner: " + e);
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw refused(dir, "others can write it (mode " + PosixFilePermissions.toString(permissions) + ")");
        }
        return dir;
    }

    private static AreaAccessDeniedException refused(Path dir, String reason) {
        return new AreaAccessDeniedException(null, "file backend refuses directory " + dir + ": " + reason, null);
    }
}
