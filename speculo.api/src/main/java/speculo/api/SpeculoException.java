package speculo.api;

import java.util.Optional;

/**
 * Base class of every exception speculo throws for a condition of an area or a backend.
 *
 * <p>Programming errors (a bad argument, a closed writer) are reported with the JDK's own
 * {@link IllegalArgumentException}, {@link NullPointerException} and {@link IllegalStateException}
 * instead; everything else that can go wrong with an area extends this class, so one
 * {@code catch (SpeculoException e)} handles all of it.
 */
public class SpeculoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The area concerned, or {@code null} if the condition is not about one area. */
    private final String area;

    /**
     * Creates an exception about an area.
     *
     * @param area    the area concerned, or {@code null}
     * @param message the complete message, naming the area and the reason
     * @param cause   the underlying cause, or {@code null}
     */
    public SpeculoException(String area, String message, Throwable cause) {
        super(message, cause);
        this.area = area;
    }

    /**
     * Creates an exception about an area, without a cause.
     *
     * @param area    the area concerned, or {@code null}
     * @param message the complete message, naming the area and the reason
     */
    public SpeculoException(String area, String message) {
        this(area, message, null);
    }

    /** {@return the name of the area concerned, if the condition concerns one area} */
    public Optional<String> area() {
        return Optional.ofNullable(area);
    }
}
