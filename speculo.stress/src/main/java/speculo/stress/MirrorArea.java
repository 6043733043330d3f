package speculo.stress;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.internal.HandleParts;

/**
 * A real {@linkplain speculo.api.WriterOptions#asMirror mirror} area with its real writer and a
 * real reader, pooled like {@link StressArea}. Its chunks are copies of chunks of a source area
 * that exists only as {@link #SOURCE_TAG}: the handles of {@link #sourceHandle} name them.
 */
public final class MirrorArea {

    /** The tag of the source area the mirrored chunks come from. */
    public static final int SOURCE_TAG = 0x5eed_0018;

    private static final Queue<MirrorArea> POOL = new ConcurrentLinkedQueue<>();
    /** Source ids, never given twice in a fork: a mirror holds one live copy of each. */
    private static final AtomicLong IDS = new AtomicLong();

    public final String name = StressArea.newName();
    public final Writer writer;
    public final Reader reader;

    private MirrorArea() {
        writer = StressArea.BACKEND.writer(name, StressArea.OPTIONS.asMirror());
        reader = StressArea.BACKEND.reader(name, ReaderOptions.defaults());
        StressArea.closeAtExit(reader);
        StressArea.closeAtExit(writer);
        // A mirror takes the handles of a source once it has written a copy of one of its chunks:
        // one copy, at once removed, so that the states race on copies, not on the first one.
        ChunkHandle first = sourceHandle();
        writer.mirror(first, MemorySegment.ofArray(StressArea.payload(1)), Instant.MAX);
        writer.remove(first);
        drain();
    }

    /** {@return a pooled area whose reader has consumed everything} */
    public static MirrorArea take() {
        MirrorArea area = POOL.poll();
        return area != null ? area : new MirrorArea();
    }

    /** {@return a handle of a source chunk this fork has not mirrored yet} */
    public static ChunkHandle sourceHandle() {
        return sourceHandle(IDS.incrementAndGet());
    }

    /** {@return the handle the source would give its chunk {@code id}} (its generation and offset are the source's, never looked at) */
    public static ChunkHandle sourceHandle(long id) {
        return HandleParts.access().of(SOURCE_TAG, 7, 4096, id);
    }

    /** Removes the copy of {@code chunk}, drains the reader and returns the area to the pool. */
    public void release(ChunkHandle chunk) {
        writer.remove(chunk); // so that the live set, and the area, stay small
        drain();
        POOL.offer(this);
    }

    private void drain() {
        while (reader.poll(c -> { }, 64) > 0) {
            // consume what is left
        }
    }
}
