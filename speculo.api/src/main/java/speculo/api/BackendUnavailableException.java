package speculo.api;

/**
 * No backend of the requested name is on the module path or class path, or none is usable on
 * this system. The message lists the backends that were found and what to add.
 */
public final class BackendUnavailableException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the complete message
     */
    public BackendUnavailableException(String message) {
        super(null, message);
    }
}
