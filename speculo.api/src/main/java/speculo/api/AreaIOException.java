package speculo.api;

import java.io.IOException;

/**
 * The operating system refused an operation on one of the area's objects for a reason other
 * than the ones with their own exception: no space left, too many open files, an I/O error.
 */
public final class AreaIOException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area   the area
     * @param object the object concerned
     * @param action what was attempted, for example {@code "create"}
     * @param cause  the error the operating system reported
     */
    public AreaIOException(String area, String object, String action, IOException cause) {
        super(area, "area '" + area + "': cannot " + action + " object '" + object + "': " + cause.getMessage(), cause);
    }
}
