package speculo.api;

/**
 * What became of the chunk a handle names, as a reader sees it ({@link Reader#status}): the
 * answer to "why did {@link Reader#read read} return empty?".
 */
public enum ChunkStatus {

    /** Its newest copy is in the area and has not expired: {@code read} returns it. */
    LIVE,

    /** Its newest copy is still in the area, but has expired by the reader's clock. */
    EXPIRED,

    /** The writer {@linkplain Writer#remove removed} it, and no collection has dropped it yet. */
    REMOVED,

    /**
     * It is no longer in the area: a garbage collection dropped it, because it had expired or
     * had been removed by then (the area keeps no record of which).
     */
    GONE
}
