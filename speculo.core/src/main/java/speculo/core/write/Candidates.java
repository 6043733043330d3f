package speculo.core.write;

import speculo.core.area.DataObject;
import speculo.core.area.RecordCursor;

/**
 * The records of a generation that may still be live, visited on a {@link RecordCursor} in offset
 * (and so sequence) order: those that never expire before {@code liveFrom}, one by one, then every
 * record from {@code liveFrom} to {@code walkEnd}. Every record before {@code walkEnd} not visited
 * has expired ({@link ExpiredPrefix}); the records from there to the tail are the caller's (a
 * collection's plain part, see {@link RecordLog}). A collection's two walks and the writer's
 * on-demand count use it.
 */
final class Candidates {

    private final RecordCursor cursor;
    private final DataObject from;
    private final long[] kept;
    private final long liveFrom;
    private final long tail;
    private final long walkEnd;
    private int nextKept;
    private boolean walking;

    /**
     * @param cursor   moved to each record in turn
     * @param from     the generation
     * @param kept     the offsets of the records before {@code liveFrom} that never expire, in order
     * @param liveFrom where the walk of every record starts ({@link ExpiredPrefix#liveFrom})
     * @param tail     the committed tail: what the records' successor links are judged by
     * @param walkEnd  a record boundary at or before the tail, where the walk ends
     */
    Candidates(RecordCursor cursor, DataObject from, long[] kept, long liveFrom, long tail, long walkEnd) {
        this.cursor = cursor;
        this.from = from;
        this.kept = kept;
        this.liveFrom = liveFrom;
        this.tail = tail;
        this.walkEnd = walkEnd;
    }

    /** Moves the cursor to the next record to look at; {@return false past the last} */
    boolean next() {
        if (nextKept < kept.length) {
            cursor.reset(from, kept[nextKept++], 0);
            cursor.limit(tail);
            return cursor.next();
        }
        if (!walking) {
            walking = true;
            cursor.reset(from, liveFrom, 0);
            cursor.limit(tail);
        }
        return cursor.position() < walkEnd && cursor.next();
    }
}
