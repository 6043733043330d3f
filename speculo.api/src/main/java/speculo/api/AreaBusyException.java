package speculo.api;

/** The area already has a live writer; speculo allows one writer per area (R5). */
public final class AreaBusyException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /** The process id of the live writer. */
    private final long writerPid;

    /**
     * @param area      the area
     * @param writerPid the process id of the writer that owns it
     */
    public AreaBusyException(String area, long writerPid) {
        super(area, "area '" + area + "' is being written by pid " + writerPid);
        this.writerPid = writerPid;
    }

    /** {@return the process id of the writer that owns the area} */
    public long writerPid() {
        return writerPid;
    }
}
