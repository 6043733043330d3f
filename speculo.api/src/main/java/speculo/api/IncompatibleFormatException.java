package speculo.api;

/** The area was written in a format version this library does not read. */
public final class IncompatibleFormatException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area      the area
     * @param object    the object whose header carries the version
     * @param found     the version found there
     * @param supported the version this library reads and writes
     */
    public IncompatibleFormatException(String area, String object, long found, long supported) {
        super(area, "area '" + area + "': object '" + object + "' has format version " + found
                + ", this library supports version " + supported);
    }
}
