package speculo.backend.shm;

/**
 * POSIX names of the engine's objects: {@code /speculo.} followed by the object name. The prefix
 * keeps speculo's objects apart from other programs' in the one system-wide namespace; the
 * engine's names ({@code NAME}, {@code NAME.<slot>.<salt>}, {@code NAME.reader.<salt>}) never contain {@code /}, so each
 * POSIX name has exactly the one leading slash POSIX asks for.
 */
final class ShmNames {

    /** Prefix of every speculo object's POSIX name, after the slash. */
    static final String PREFIX = "speculo.";
    /** Longest POSIX name component ({@code NAME_MAX}). */
    static final int NAME_MAX = 255;

    private ShmNames() {
    }

    /** {@return the POSIX name of an engine object} */
    static String posixName(String objectName) {
        String name = "/" + PREFIX + objectName;
        if (objectName.isEmpty() || objectName.indexOf('/') >= 0 || name.length() - 1 > NAME_MAX) {
            throw new IllegalArgumentException("no valid POSIX shared memory name for object '" + objectName
                    + "': it must be non-empty, without '/', and at most " + (NAME_MAX - PREFIX.length()) + " characters");
        }
        return name;
    }

    /** {@return the engine's object name for a file name seen in {@code /dev/shm}, or null if it is not speculo's} */
    static String objectName(String fileName) {
        return fileName.startsWith(PREFIX) && fileName.length() > PREFIX.length() ? fileName.substring(PREFIX.length()) : null;
    }
}
