package speculo.api;

/**
 * A chunk that the writer was asked to replace no longer exists: it expired or was removed.
 * Write it anew with {@link Writer#write(java.lang.foreign.MemorySegment)} instead.
 */
public final class ChunkNotFoundException extends SpeculoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param area   the area
     * @param handle the handle that resolved to nothing
     */
    public ChunkNotFoundException(String area, ChunkHandle handle) {
        super(area, "area '" + area + "': chunk " + handle + " has expired or was removed");
    }
}
