package speculo.backend.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The user this process runs as, told by user id where the system shows it (Linux: the owner of
 * {@code /proc/self}), else by name. By id because a user without a name (a container's arbitrary
 * uid) is reported by the JDK as {@code "?"} while its files show its number: compared by name,
 * such a process would refuse its own directory and areas.
 */
final class ThisUser {

    /** This process's effective user id, or -1 where ids cannot be read. */
    private static final int UID = readUid();

    private ThisUser() {
    }

    /** {@return the id to name this user's own directory by: the uid, or the user name where ids cannot be read} */
    static String id() {
        return UID >= 0 ? String.valueOf(UID) : System.getProperty("user.name");
    }

    /** {@return whether {@code path} itself (not a link's target) belongs to this user} */
    static boolean owns(Path path) throws IOException {
        if (UID >= 0) {
            return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue() == UID;
        }
        return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static int readUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
