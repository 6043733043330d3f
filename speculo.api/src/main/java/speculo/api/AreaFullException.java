package speculo.api;

/**
 * A chunk does not fit even after garbage collection, because the live data plus the chunk
 * would exceed the area's maximum capacity. Nothing was written; the area is unchanged and the
 * writer may go on (for example after chunks expire or are removed).
 */
public final class AreaFullException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area        the area
     * @param needed      bytes the live data and the new chunk would need, headers included
     * @param maxCapacity the area's maximum capacity in bytes
     */
    public AreaFullException(String area, long needed, long maxCapacity) {
        super(area, "area '" + area + "' is full: live data and the new chunk need " + needed
                + " bytes, the maximum capacity is " + maxCapacity + " bytes");
    }
}
