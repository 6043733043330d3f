package speculo.api;

/**
 * The area already has a writer that is alive, or that this process cannot tell dead (one in
 * another pid namespace); speculo allows one writer per area (R5).
 */
public final class AreaBusyException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /** The process id of the live writer. */
    private final long writerPid;

    /**
     * Creates the exception.
     *
     * @param area      the area
     * @param writerPid the process id of the writer that owns it
     */
    public AreaBusyException(String area, long writerPid) {
        this(area, writerPid, "");
    }

    /**
     * Creates the exception, with more to say.
     *
     * @param area      the area
     * @param writerPid the process id of the writer that owns it, as its own pid namespace numbers it
     * @param detail    what more to say, for example why its liveness cannot be judged; empty for nothing
     */
    public AreaBusyException(String area, long writerPid, String detail) {
        super(area, "area '" + area + "' is being written by pid " + writerPid + (detail.isEmpty() ? "" : " " + detail));
        this.writerPid = writerPid;
    }

    /** {@return the process id of the writer that owns the area} */
    public long writerPid() {
        return writerPid;
    }
}
