package speculo.api;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One chunk as a reader sees it: its bytes, read-only and zero-copy, straight in the shared
 * mapping, plus its metadata.
 *
 * <h2>Lifetime</h2>
 * A chunk returned by {@link Reader#next()} or {@link Reader#read(ChunkHandle)} stays valid, its
 * bytes unchanged, at least until the next call on its reader of {@code poll},
 * {@code controlledPoll}, {@code next}, {@code read}, {@code status}, {@code isEndOfStream} or
 * {@code close}, whatever the writer does meanwhile: those
 * are the calls that may move the reader to a newer generation of the area (after a garbage
 * collection), and the reader unmaps the old one then. It may stay valid longer, until the writer
 * has collected and one of those calls notices; {@link #isValid()} tells. An invalid chunk throws
 * {@link IllegalStateException} on every access to its bytes: never a crash, never someone else's
 * bytes. Copy the bytes ({@link #toByteArray()}) to keep them longer.
 *
 * <p>The chunk passed to a {@link ChunkHandler} by {@link Reader#poll} is a flyweight that the
 * reader reuses for the next chunk: it is valid only inside the callback. That is how
 * {@code poll} reads without allocating.
 *
 * <p>Chunks are not thread-safe views of a changing value: their bytes never change after
 * commit (R13), so they may be read from any thread while valid.
 */
public interface Chunk {

    /**
     * {@return whether the chunk's bytes may still be read} False once its reader moved to a newer
     * generation or was closed (see the class comment); a chunk never becomes valid again. The
     * flyweight of {@link Reader#poll} is valid only inside the callback, whatever this says.
     */
    boolean isValid();

    /**
     * {@return whether this is a removal notice rather than a chunk} Only a reader opened
     * {@linkplain ReaderOptions#withRemovals with removal notices} sees them: a notice says that
     * the chunk of its {@link #id()} was removed at this point of the stream; its size is 0, its
     * {@link #expiresAtMillis()} is when the removal happened (by the writer's clock), and its
     * handle reads as {@link ChunkStatus#REMOVED}.
     */
    default boolean isRemoval() {
        return false;
    }

    /** {@return a handle to this chunk's logical identity, for {@link Reader#read} or {@link Writer#replace}} */
    ChunkHandle handle();

    /** {@return the chunk's sequence number: unique in its area and increasing in write order} */
    long sequence();

    /** {@return the chunk's logical identity, kept by replacements; the same as {@code handle().id()}} */
    long id();

    /** {@return the size of the chunk's data in bytes} */
    long size();

    /** {@return when the chunk expires, in epoch milliseconds; {@link Long#MAX_VALUE} if never} */
    long expiresAtMillis();

    /** {@return when the chunk expires; {@link Instant#MAX} if never} */
    default Instant expiresAt() {
        long millis = expiresAtMillis();
        return millis == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(millis);
    }

    /**
     * Returns the chunk's bytes as a read-only segment into the shared mapping, without copying.
     * The segment is a small object made per call; a poll loop that must allocate nothing reads
     * through {@link #mapping()} and {@link #dataOffset()} instead.
     *
     * @return the data, {@link #size()} bytes, read-only
     * @throws IllegalStateException if the chunk is no longer valid (see the class comment)
     */
    MemorySegment data();

    /**
     * Returns the whole read-only mapping the chunk's bytes lie in: one object per generation of
     * the area, so reading through it allocates nothing, in the style of Agrona's
     * {@code (buffer, index, length)} handlers. The chunk's bytes are
     * {@code [dataOffset(), dataOffset() + size())}; the rest belongs to other chunks.
     *
     * <pre>{@code
     * long stamp = chunk.mapping().get(ValueLayout.JAVA_LONG_UNALIGNED, chunk.dataOffset());
     * }</pre>
     *
     * @return the mapping, read-only
     * @throws IllegalStateException if the chunk is no longer valid (see the class comment)
     */
    MemorySegment mapping();

    /** {@return where the chunk's bytes start in {@link #mapping()}} */
    long dataOffset();

    /**
     * Returns the chunk's bytes as a read-only byte buffer into the shared mapping, without copying.
     *
     * @return the data, read-only, position 0, limit {@link #size()}
     * @throws IllegalStateException         if the chunk is no longer valid
     * @throws UnsupportedOperationException if the chunk is larger than a byte buffer can be (2 GiB)
     */
    default ByteBuffer asByteBuffer() {
        return data().asByteBuffer();
    }

    /**
     * Copies the chunk's bytes into a new array.
     *
     * @return a copy of the data
     * @throws IllegalStateException if the chunk is no longer valid, or larger than an array can be
     */
    default byte[] toByteArray() {
        return data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
}
