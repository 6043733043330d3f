package speculo.core.layout;

/** Constants common to every object of the layout. */
public final class Layout {

    /** Size of a cache line: mutable shared words sit alone on one to avoid false sharing. */
    public static final int CACHE_LINE = 64;
    /** Alignment of every record and every word: 8 bytes. */
    public static final int WORD = Long.BYTES;
    /** Granularity of object sizes: one page. */
    public static final int PAGE = 4096;

    private Layout() {
    }
}
