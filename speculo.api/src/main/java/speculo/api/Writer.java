package speculo.api;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The one writer of an area: appends chunks, replaces and removes them, and compacts the area.
 *
 * <p>Obtain one with {@link Speculo#writer(String, WriterOptions)}. An area has at most one live
 * writer at a time, across all processes (R5); a second one gets {@link AreaBusyException}. If the
 * previous writer died, the new one takes over the area and goes on where the dead one's last
 * commit left it.
 *
 * <pre>{@code
 * try (Writer writer = Speculo.writer("telemetry", WriterOptions.defaults())) {
 *     ChunkHandle block = writer.write("v1".getBytes(UTF_8));
 *     writer.append(sample, Duration.ofSeconds(5));         // a stream chunk, expires in 5 s
 *     writer.replace(block, "v2".getBytes(UTF_8));         // readers of the handle now see v2
 * }
 * }</pre>
 *
 * <h2>Visibility</h2>
 * A chunk becomes visible to readers exactly when the call that writes it returns (or
 * {@link Claim#commit()} returns), never partially (R7). The writer never waits for readers (R4).
 *
 * <h2>Garbage collection</h2>
 * After each change the writer asks its {@link GcPolicy}; when it says so, or when a chunk does not
 * fit, the writer copies the live chunks into a new shared object and switches readers to it
 * atomically (R10). Readers keep reading the old object undisturbed until their next request (R11).
 *
 * <h2>Threads</h2>
 * A writer is confined to one thread at a time: calls must not overlap. It is not thread-safe;
 * hand it between threads only with proper synchronization.
 *
 * <h2>Expiry</h2>
 * Expiry times are absolute and kept in whole milliseconds: an {@link Instant} counts to its
 * millisecond, a {@link Duration} is added to the writer's {@link #clock()} rounded up to the next
 * millisecond (so every positive time to live is accepted). {@link Instant#MAX} means "never". An
 * expiry that is not after the writer's current time is rejected with
 * {@link IllegalArgumentException}. "Now", for a time to live passed to this writer, is when the
 * chunk has found its room: a garbage collection the call runs first (the chunk did not fit) does
 * not use up any of it, so a chunk never arrives already expired. A time to live too long for an
 * {@code Instant} means "never".
 *
 * <h2>Data, results and "not found"</h2>
 * Every method that takes a chunk's bytes ({@code write}, {@code append}, {@code replace}) takes
 * them as a {@link MemorySegment} or a {@code byte[]}, with no expiry, an {@link Instant} or a
 * {@link Duration}; wrap a {@link java.nio.ByteBuffer} with {@link MemorySegment#ofBuffer}.
 * {@code write}, {@code replace} and {@link Claim#commit()} return the chunk's {@link ChunkHandle};
 * {@code append} returns its sequence number; after any of them {@link #lastSequence()} is the new
 * chunk's sequence number, the position readers see it at ({@link Chunk#sequence()}).
 * A handle whose chunk is gone (expired or removed) is "not found": {@link #replace replace} throws
 * {@link ChunkNotFoundException}, because it cannot do what it was asked; {@link #remove remove}
 * returns {@code false}, because what it was asked for holds; a reader's {@link Reader#read read}
 * returns empty. A handle that cannot be one of this area's is an {@link IllegalArgumentException}
 * everywhere.
 *
 * <h2>Allocation</h2>
 * {@link #append(MemorySegment, Duration) append} of a {@code MemorySegment} and a reader's
 * {@link Reader#poll poll} create no objects per chunk; {@code write}, {@code replace} and
 * {@link Claim#commit()} create the {@link ChunkHandle} they return, and a claim is an object of
 * its own.
 */
public interface Writer extends AutoCloseable {

    /** {@return the name of the area this writer writes} */
    String area();

    /** {@return the clock used for expiry times and statistics} */
    InstantSource clock();

    /**
     * {@return the sequence number of the last record published in the area} That is the chunk of
     * this writer's last {@code write}, {@code append}, {@code replace} or {@link Claim#commit()},
     * or the removal notice of its last {@link #remove remove}, whichever came last; before its
     * first one, the last record of the writer it took the area over from, or 0 for a new area.
     * Readers see a chunk or notice at its sequence number ({@link Chunk#sequence()}). Reading it
     * costs one field load and it may be called after {@link #close()}.
     */
    long lastSequence();

    /**
     * {@return this writer's running totals} Constant time, however large the area, and it may be
     * called after {@link #close()}; {@link #stats()} counts live and dead chunks instead.
     */
    WriterCounters counters();

    // ----------------------------------------------------------------------------------------
    // write: a new chunk, returning its handle

    /**
     * Appends a chunk with the bytes of {@code data} (from its start to its end) and publishes it.
     *
     * @param data      the bytes; copied into the area
     * @param expiresAt when the chunk expires; {@link Instant#MAX} for never
     * @return the handle of the new chunk
     * @throws AreaFullException        if the chunk does not fit even after garbage collection
     * @throws IllegalArgumentException if {@code expiresAt} is not after now
     * @throws IllegalStateException    if the writer is closed or a claim is open, or the area is a
     *                                  {@linkplain WriterOptions#asMirror mirror} (see {@link #mirror})
     * @throws NullPointerException     if an argument is null
     */
    ChunkHandle write(MemorySegment data, Instant expiresAt);

    /**
     * Appends a chunk that expires {@code ttl} from now.
     *
     * @param data the bytes; copied into the area
     * @param ttl  time to live; positive
     * @return the handle of the new chunk
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @see #write(MemorySegment, Instant)
     */
    ChunkHandle write(MemorySegment data, Duration ttl);

    /**
     * Appends a chunk that never expires.
     *
     * @param data the bytes; copied into the area
     * @return the handle of the new chunk
     * @see #write(MemorySegment, Instant)
     */
    default ChunkHandle write(MemorySegment data) {
        return write(data, Instant.MAX);
    }

    /**
     * Appends a chunk with the bytes of an array.
     *
     * @param data      the bytes; copied into the area
     * @param expiresAt when the chunk expires; {@link Instant#MAX} for never
     * @return the handle of the new chunk
     * @see #write(MemorySegment, Instant)
     */
    default ChunkHandle write(byte[] data, Instant expiresAt) {
        return write(segmentOf(data), expiresAt);
    }

    /**
     * Appends a chunk with the bytes of an array that expires {@code ttl} from now.
     *
     * @param data the bytes; copied into the area
     * @param ttl  time to live; positive
     * @return the handle of the new chunk
     * @see #write(MemorySegment, Duration)
     */
    default ChunkHandle write(byte[] data, Duration ttl) {
        return write(segmentOf(data), ttl);
    }

    /**
     * Appends a chunk with the bytes of an array that never expires.
     *
     * @param data the bytes; copied into the area
     * @return the handle of the new chunk
     * @see #write(MemorySegment, Instant)
     */
    default ChunkHandle write(byte[] data) {
        return write(segmentOf(data), Instant.MAX);
    }

    // ----------------------------------------------------------------------------------------
    // append: a new chunk, returning its sequence number

    /**
     * Appends a chunk like {@link #write(MemorySegment, Instant)}, but returns its sequence number
     * instead of a handle and creates no object: the allocation-free path for streams whose chunks
     * are never replaced, removed or looked up by handle. Readers still get every chunk's handle
     * from {@link Chunk#handle()}.
     *
     * @param data      the bytes; copied into the area
     * @param expiresAt when the chunk expires; {@link Instant#MAX} for never
     * @return the new chunk's sequence number, which is also its id
     * @throws AreaFullException        if the chunk does not fit even after garbage collection
     * @throws IllegalArgumentException if {@code expiresAt} is not after now
     * @throws IllegalStateException    if the writer is closed or a claim is open, or the area is a
     *                                  {@linkplain WriterOptions#asMirror mirror}
     * @throws NullPointerException     if an argument is null
     */
    long append(MemorySegment data, Instant expiresAt);

    /**
     * Appends a chunk that expires {@code ttl} from now, creating no object.
     *
     * @param data the bytes; copied into the area
     * @param ttl  time to live; positive
     * @return the new chunk's sequence number
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @see #append(MemorySegment, Instant)
     */
    long append(MemorySegment data, Duration ttl);

    /**
     * Appends a chunk that never expires, creating no object.
     *
     * @param data the bytes; copied into the area
     * @return the new chunk's sequence number
     * @see #append(MemorySegment, Instant)
     */
    default long append(MemorySegment data) {
        return append(data, Instant.MAX);
    }

    /**
     * Appends a chunk with the bytes of an array, returning its sequence number.
     *
     * @param data      the bytes; copied into the area
     * @param expiresAt when the chunk expires; {@link Instant#MAX} for never
     * @return the new chunk's sequence number
     * @see #append(MemorySegment, Instant)
     */
    default long append(byte[] data, Instant expiresAt) {
        return append(segmentOf(data), expiresAt);
    }

    /**
     * Appends a chunk with the bytes of an array that expires {@code ttl} from now, returning its
     * sequence number.
     *
     * @param data the bytes; copied into the area
     * @param ttl  time to live; positive
     * @return the new chunk's sequence number
     * @see #append(MemorySegment, Duration)
     */
    default long append(byte[] data, Duration ttl) {
        return append(segmentOf(data), ttl);
    }

    /**
     * Appends a chunk with the bytes of an array that never expires, returning its sequence number.
     *
     * @param data the bytes; copied into the area
     * @return the new chunk's sequence number
     * @see #append(MemorySegment, Instant)
     */
    default long append(byte[] data) {
        return append(segmentOf(data), Instant.MAX);
    }

    // ----------------------------------------------------------------------------------------
    // claim: a new chunk filled in place

    /**
     * Reserves space for a chunk of {@code size} bytes to be filled in place (zero-copy).
     * Nothing is visible to readers until {@link Claim#commit()}.
     *
     * @param size      the chunk's size in bytes; 0 or more
     * @param expiresAt when the chunk expires; {@link Instant#MAX} for never
     * @return a new claim
     * @throws AreaFullException        if the chunk does not fit even after garbage collection
     * @throws IllegalArgumentException if {@code size} is negative or {@code expiresAt} is not after now
     * @throws IllegalStateException    if the writer is closed or another claim is open, or the area
     *                                  is a {@linkplain WriterOptions#asMirror mirror}
     */
    Claim claim(long size, Instant expiresAt);

    /**
     * Reserves space for a chunk that expires {@code ttl} after its commit's room was found (this
     * call).
     *
     * @param size the chunk's size in bytes
     * @param ttl  time to live; positive
     * @return a new claim
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @see #claim(long, Instant)
     */
    Claim claim(long size, Duration ttl);

    /**
     * Reserves space for a chunk that never expires.
     *
     * @param size the chunk's size in bytes
     * @return a new claim
     * @see #claim(long, Instant)
     */
    default Claim claim(long size) {
        return claim(size, Instant.MAX);
    }

    // ----------------------------------------------------------------------------------------
    // replace and remove: changing a chunk by its handle

    /**
     * Publishes a newer copy of a chunk: readers resolving any handle of that chunk get the new
     * copy from now on (R9). The new copy keeps the chunk's identity and gets a new sequence
     * number, so stream readers see it as a new chunk as well.
     *
     * @param handle    a handle of the chunk, from this area (any earlier copy or generation)
     * @param data      the new bytes; copied into the area
     * @param expiresAt when the new copy expires; {@link Instant#MAX} for never
     * @return the handle of the new copy
     * @throws ChunkNotFoundException   if the chunk has expired or was removed
     * @throws IllegalArgumentException if the handle is not one of this area's (or, in a
     *                                  {@linkplain WriterOptions#asMirror mirror}, of its source's),
     *                                  or {@code expiresAt} is not after now
     * @throws AreaFullException        if the new copy does not fit even after garbage collection
     * @throws IllegalStateException    if the writer is closed or a claim is open
     */
    ChunkHandle replace(ChunkHandle handle, MemorySegment data, Instant expiresAt);

    /**
     * Publishes a newer copy of a chunk that expires {@code ttl} from now.
     *
     * @param handle a handle of the chunk
     * @param data   the new bytes
     * @param ttl    time to live; positive
     * @return the handle of the new copy
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     * @see #replace(ChunkHandle, MemorySegment, Instant)
     */
    ChunkHandle replace(ChunkHandle handle, MemorySegment data, Duration ttl);

    /**
     * Publishes a newer copy of a chunk that never expires.
     *
     * @param handle a handle of the chunk
     * @param data   the new bytes
     * @return the handle of the new copy
     * @see #replace(ChunkHandle, MemorySegment, Instant)
     */
    default ChunkHandle replace(ChunkHandle handle, MemorySegment data) {
        return replace(handle, data, Instant.MAX);
    }

    /**
     * Publishes a newer copy of a chunk from an array.
     *
     * @param handle    a handle of the chunk
     * @param data      the new bytes
     * @param expiresAt when the new copy expires; {@link Instant#MAX} for never
     * @return the handle of the new copy
     * @see #replace(ChunkHandle, MemorySegment, Instant)
     */
    default ChunkHandle replace(ChunkHandle handle, byte[] data, Instant expiresAt) {
        return replace(handle, segmentOf(data), expiresAt);
    }

    /**
     * Publishes a newer copy of a chunk from an array that expires {@code ttl} from now.
     *
     * @param handle a handle of the chunk
     * @param data   the new bytes
     * @param ttl    time to live; positive
     * @return the handle of the new copy
     * @see #replace(ChunkHandle, MemorySegment, Duration)
     */
    default ChunkHandle replace(ChunkHandle handle, byte[] data, Duration ttl) {
        return replace(handle, segmentOf(data), ttl);
    }

    /**
     * Publishes a newer copy of a chunk from an array, never expiring.
     *
     * @param handle a handle of the chunk
     * @param data   the new bytes
     * @return the handle of the new copy
     * @see #replace(ChunkHandle, MemorySegment, Instant)
     */
    default ChunkHandle replace(ChunkHandle handle, byte[] data) {
        return replace(handle, segmentOf(data), Instant.MAX);
    }

    /**
     * Removes a chunk: readers no longer see it, by stream or by handle. The removal is a small
     * record of its own in the stream (a removal notice, 40 bytes until the next collection), so
     * that readers that ask for them ({@link ReaderOptions#withRemovals}) learn of it in order;
     * it takes effect for every reader at once, when that record is committed.
     *
     * @param handle a handle of the chunk, from this area
     * @return {@code true} if the chunk was live and is now removed; {@code false} if it had
     *         already expired or been removed
     * @throws IllegalArgumentException if the handle is not one of this area's (or, in a
     *                                  {@linkplain WriterOptions#asMirror mirror}, of its source's)
     * @throws AreaFullException        if the notice does not fit even after garbage collection
     * @throws IllegalStateException    if the writer is closed or a claim is open
     */
    boolean remove(ChunkHandle handle);

    // ----------------------------------------------------------------------------------------
    // mirror: a copy of another area's chunk

    /**
     * Writes, in a {@linkplain WriterOptions#asMirror mirror area}, the copy of a chunk of its
     * source area: the new chunk gets the source chunk's {@linkplain ChunkHandle#id() id}, and from
     * its commit on, every handle the source made of that chunk resolves here to the newest copy
     * (through {@link Reader#read(ChunkHandle)}, {@link #replace} and {@link #remove}, as this
     * area's own handles do). Newer copies are written with {@link #replace}, which keeps the id.
     *
     * <p>Only the source's area tag and the chunk's id count; the handle's generation and offset
     * are the source's and are not looked at. A mirror follows one source at a time: a handle of
     * another area makes that area the source, and the previous source's handles no longer
     * resolve (a source area made again has a new tag and starts its ids again; its chunks are to
     * be written over those of the same ids).
     *
     * @param sourceChunk a handle of the chunk in the source area
     * @param data        the bytes; copied into the area
     * @param expiresAt   when the copy expires; {@link Instant#MAX} for never
     * @return the handle of the copy, one of this area's
     * @throws IllegalArgumentException if the mirror holds a live copy of that chunk already (replace
     *                                  it), the handle is one of this area's, or {@code expiresAt}
     *                                  is not after now
     * @throws AreaFullException        if the copy does not fit even after garbage collection
     * @throws IllegalStateException    if the area is not a mirror, the writer is closed or a claim is open
     */
    ChunkHandle mirror(ChunkHandle sourceChunk, MemorySegment data, Instant expiresAt);

    // ----------------------------------------------------------------------------------------
    // The area as a whole

    /**
     * Runs a garbage collection now, whatever the policy says: copies the live chunks into a new
     * generation sized for them plus head-room, switches readers to it, and frees the old one.
     * Where the live chunks ask for a quarter of the last generation's size or less, the new one
     * is smaller at once: the collections a writer runs of itself shrink it only after eight such
     * asks in a row ({@link WriterOptions#withCapacityFactor}).
     *
     * @throws IllegalStateException if the writer is closed or a claim is open
     */
    void collect();

    /**
     * {@return current statistics of the area}
     *
     * <p>Runs on the caller's thread, like every writer method. Under the default policy
     * ({@link GcPolicy#whenFull()}) the writer keeps no running count and counts here: it reads
     * the header of every record that may still be live (the expired start of the area it takes
     * as a whole), about 5 ns per such record on the benchmark VM (a 64 MiB area of 64-byte chunks,
     * nine in ten expired: 0.3 ms a call). Other policies keep counts as the writer goes.
     *
     * @throws IllegalStateException if the writer is closed
     */
    AreaStats stats();

    /**
     * Ends the stream: readers see {@link Reader#isWriterClosed()} after consuming what was
     * written, the area's objects stay for them to read, and ownership is released so another
     * writer may open the area. An open claim is aborted. Closing twice does nothing.
     */
    @Override
    void close();

    /** {@return {@code data} as a segment, or a {@link NullPointerException} naming it} */
    private static MemorySegment segmentOf(byte[] data) {
        return MemorySegment.ofArray(Objects.requireNonNull(data, "data"));
    }
}
