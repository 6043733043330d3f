package speculo.api;

/**
 * The area, or the directory that holds it, cannot be used safely or at all by this process:
 * permissions deny it, it belongs to an unexpected user, or its directory is writable by others.
 */
public final class AreaAccessDeniedException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area    the area, or {@code null} for a problem with the backend's directory
     * @param message the complete message with the reason
     * @param cause   the underlying cause, or {@code null}
     */
    public AreaAccessDeniedException(String area, String message, Throwable cause) {
        super(area, message, cause);
    }
}
