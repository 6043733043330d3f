package speculo.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads an area: follows its stream of chunks and resolves chunk handles, zero-copy, without
 * locks and without writing to the area (its objects are mapped read-only, R17). Where the area's
 * writer recycles generations, a reader announces the generation it maps in a small object of its
 * own, the one thing it writes (see {@link WriterOptions#withRecycledObjects}).
 *
 * <p>Obtain one with {@link Speculo#reader(String, ReaderOptions)}. Any number of readers, in any
 * number of processes, may read an area at once; none of them slows the writer down.
 *
 * <pre>{@code
 * try (Reader reader = Speculo.reader("telemetry")) {
 *     while (!reader.isEndOfStream()) {
 *         if (reader.poll(chunk -> process(chunk.data()), 64) == 0) {
 *             Thread.onSpinWait();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>The stream</h2>
 * A new reader starts at the oldest live chunk of the area, or at its end
 * ({@link ReaderOptions#withStart}). Each {@link #poll poll}, {@link #controlledPoll controlledPoll}
 * or {@link #next() next} returns chunks in sequence order, each at most once, and never returns
 * a chunk that has expired by the reader's clock, was replaced by a newer copy or was removed
 * before the reader got to it; those are counted by {@link #skipped()} instead. A reader opened
 * {@linkplain ReaderOptions#withRemovals with removal notices} also gets a notice, in stream order,
 * for each removal ({@link Chunk#isRemoval()}).
 *
 * <h2>No notification</h2>
 * There is no change notification: a reader sees new chunks whenever it looks. {@link #next(Duration)}
 * waits by looking again and again, as its {@link IdleStrategy} says (by default spin, then yield,
 * then park), which is enough for most uses; otherwise send a {@link ChunkHandle} over your own IPC.
 *
 * <h2>Generations</h2>
 * Each request checks, with one memory load, whether the writer has switched the area to a new
 * generation; if so, the reader maps the new one, resumes the stream after the last chunk it
 * returned, and unmaps the old one — which ends the validity of every {@link Chunk} it had
 * returned. Only {@code poll}, {@code controlledPoll}, {@code next}, {@code read}, {@code status},
 * {@code isEndOfStream} and {@code close} do that ({@link #bytesBehind()} does not): a chunk stays valid at least until the next of those calls ({@link Chunk#isValid()}).
 *
 * <h2>Threads</h2>
 * A reader is confined to one thread at a time; use one reader per thread.
 */
public interface Reader extends AutoCloseable {

    /** {@return the name of the area this reader reads} */
    String area();

    /**
     * Hands up to {@code maxChunks} new chunks of the stream to {@code handler}, without
     * allocating per chunk. Returns at once if there is nothing new.
     *
     * @param handler   receives each chunk; a flyweight valid only during the call
     * @param maxChunks the most chunks to hand over; positive
     * @return the number of chunks handed over
     * @throws CorruptAreaException     if the area holds impossible values
     * @throws IllegalArgumentException if {@code maxChunks} is not positive
     * @throws IllegalStateException    if the reader is closed
     */
    int poll(ChunkHandler handler, int maxChunks);

    /**
     * Hands up to {@code maxChunks} new chunks of the stream to {@code handler}, which may end the
     * poll early and leave its last chunk for the next poll ({@link ControlledChunkHandler.Action}).
     * Allocates nothing per chunk.
     *
     * @param handler   receives each chunk; a flyweight valid only during the call
     * @param maxChunks the most chunks to hand over; positive
     * @return the number of chunks consumed (handed over and not {@linkplain ControlledChunkHandler.Action#ABORT aborted})
     * @throws CorruptAreaException     if the area holds impossible values
     * @throws IllegalArgumentException if {@code maxChunks} is not positive
     * @throws IllegalStateException    if the reader is closed, or the handler returned null
     */
    int controlledPoll(ControlledChunkHandler handler, int maxChunks);

    /**
     * Returns the next chunk of the stream, if there is one now.
     *
     * @return the chunk, valid at least until the next call of {@code poll}, {@code controlledPoll},
     *         {@code next}, {@code read}, {@code status}, {@code isEndOfStream} or {@code close}
     *         (see {@link Chunk}); empty if
     *         there is nothing new
     * @throws CorruptAreaException  if the area holds impossible values
     * @throws IllegalStateException if the reader is closed
     */
    Optional<Chunk> next();

    /**
     * Returns the next chunk of the stream, waiting for it up to {@code timeout}, as the reader's
     * {@link IdleStrategy} says. It returns early, and empty, at the end of the stream: tell the
     * two empty results apart with {@link #isEndOfStream()}.
     *
     * @param timeout the longest wait
     * @return the chunk; empty if none came within {@code timeout}, or at the end of the stream
     * @throws CorruptAreaException  if the area holds impossible values
     * @throws IllegalStateException if the reader is closed
     */
    Optional<Chunk> next(Duration timeout);

    /**
     * Resolves a handle to the newest copy of its chunk. On a {@linkplain WriterOptions#asMirror
     * mirror}, a handle the mirrored source area made resolves too, by its chunk's id, to the
     * newest copy of that chunk here (or to nothing if the mirror holds none).
     *
     * @param handle a handle from this area, possibly from another process
     * @return the newest copy, valid as a chunk from {@link #next()} is; empty if the
     *         chunk expired (by this reader's clock) or was removed — or, for a handle of a
     *         generation that is gone, if no chunk of its id is left (its offset can no longer be
     *         checked, so such a handle with a made-up offset is empty too); {@link #status}
     *         tells which
     * @throws IllegalArgumentException if the handle cannot be one of this area's: another area's
     *                                  tag (other than a mirror's source's), a generation the area has not reached, an id the area
     *                                  had not assigned by the handle's generation, or, in the
     *                                  current generation, an offset where no record of its id is
     * @throws CorruptAreaException     if the area holds impossible values
     * @throws IllegalStateException    if the reader is closed
     */
    Optional<Chunk> read(ChunkHandle handle);

    /**
     * Tells what became of the chunk a handle names: whether {@link #read} would return it, and if
     * not, why. Like {@code read}, it may move the reader to a new generation.
     *
     * @param handle a handle from this area, possibly from another process
     * @return the chunk's status
     * @throws IllegalArgumentException if the handle cannot be one of this area's (as for {@link #read})
     * @throws CorruptAreaException     if the area holds impossible values
     * @throws IllegalStateException    if the reader is closed
     */
    ChunkStatus status(ChunkHandle handle);

    /**
     * {@return how many chunks of the stream this reader passed over without returning them}
     * Counted: the chunks it walked past because they had expired by its clock, or had been
     * replaced or removed; and the chunks a garbage collection dropped before it got to them, all
     * of one collection at once, when the reader moves to the new generation (at its next call
     * after the switch). Not counted: chunks gone before the reader opened (dropped by an earlier
     * collection), and for a reader that {@linkplain StartPosition#END starts at the end}, the
     * chunks before its start. Removal notices are not chunks and count for none of this, except
     * for a reader {@linkplain ReaderOptions#withRemovals of notices}: a notice a collection dropped
     * before it got to it counts as skipped, so that it knows it missed a removal.
     */
    long skipped();

    /**
     * {@return how far this reader is behind the writer, in bytes of records} That is the records
     * committed in the generation the reader maps that it has not passed yet (headers and padding
     * included): one memory load, so a monitor may call it as often as it likes; it does not move
     * the reader to a new generation. After a collection and before the reader's next call, it
     * is what is left of the old generation. Chunks are not counted: the area keeps no count of
     * them that a reader could read in constant time.
     *
     * @throws IllegalStateException if the reader is closed
     */
    long bytesBehind();

    /** {@return the generation this reader currently has mapped} */
    long generation();

    /**
     * Tells whether the area's writer has closed it (cleanly). A new writer may reopen it later.
     *
     * @return {@code true} if there is no writer and the last one closed cleanly
     * @throws IllegalStateException if the reader is closed
     */
    boolean isWriterClosed();

    /**
     * Tells whether the stream has ended for this reader: the writer closed the area and the
     * reader has consumed (or skipped) every chunk.
     *
     * @return {@code true} at the end of the stream
     * @throws IllegalStateException if the reader is closed
     */
    boolean isEndOfStream();

    /** Unmaps the area; every chunk this reader returned becomes invalid. Closing twice does nothing. */
    @Override
    void close();
}
