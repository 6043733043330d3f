package speculo.api;

/**
 * Where a new reader starts in the stream of an area ({@link ReaderOptions#withStart}).
 */
public enum StartPosition {

    /** At the oldest live chunk: the reader sees everything still in the area. The default. */
    OLDEST,

    /**
     * At the end: the reader sees the chunks published after it opened, and nothing before
     * (Chronicle Queue's {@code toEnd()}). Chunks older than its start are not counted by
     * {@link Reader#skipped()}. Opening walks the headers of the records in the area once, to
     * learn where the end is, about 5 ns a record.
     */
    END
}
