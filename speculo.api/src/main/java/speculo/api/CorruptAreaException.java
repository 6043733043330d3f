package speculo.api;

/**
 * A value read from shared memory is impossible: a length, offset, generation, sequence or index
 * entry that a correct writer never produces. The area was damaged or written by hostile code;
 * speculo never reads out of bounds, loops forever or returns wrong data because of it.
 */
public final class CorruptAreaException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /** The shared object that holds the bad value. */
    private final String object;
    /** The byte offset of the bad value in {@link #object}, or -1 if unknown. */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param area   the area
     * @param object the shared object that holds the bad value, for example {@code "telemetry.3"}
     * @param offset the byte offset of the bad value in that object
     * @param reason what is wrong with it
     */
    public CorruptAreaException(String area, String object, long offset, String reason) {
        this(area, object, offset, reason, null);
    }

    /**
     * Creates the exception, with its cause.
     *
     * @param area   the area
     * @param object the shared object that holds the bad value
     * @param offset the byte offset of the bad value in that object, or -1 if unknown
     * @param reason what is wrong with it
     * @param cause  the underlying error, or {@code null}
     */
    public CorruptAreaException(String area, String object, long offset, String reason, Throwable cause) {
        super(area, "area '" + area + "' is corrupt: object '" + object + "'" + (offset >= 0 ? " at offset " + offset : "")
                + ": " + reason, cause);
        this.object = object;
        this.offset = offset;
    }

    /** {@return the name of the shared object that holds the bad value} */
    public String object() {
        return object;
    }

    /** {@return the byte offset of the bad value within {@link #object()}, or -1 if unknown} */
    public long offset() {
        return offset;
    }
}
