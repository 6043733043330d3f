package speculo.core.spi;

import java.nio.file.FileSystemException;

/**
 * An object's name is taken by something that is not an object of the store: a FIFO, a
 * directory, a socket, a device or a symbolic link. A store refuses it without waiting on it (a
 * FIFO's plain {@code open} would block until someone writes to it) and without changing it.
 */
public final class NotAnObjectException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    /**
     * @param file the name as the system knows it, for example {@code /speculo.trap.0}
     * @param kind what it is instead, for example {@code "FIFO"}
     */
    public NotAnObjectException(String file, String kind) {
        super(file, null, "is a " + kind + ", not a regular object");
        this.kind = kind;
    }

    /** {@return what the name is instead of an object, for example {@code "FIFO"}} */
    public String kind() {
        return kind;
    }
}
