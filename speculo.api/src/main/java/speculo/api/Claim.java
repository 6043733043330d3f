package speculo.api;

import java.lang.foreign.MemorySegment;

/**
 * Space reserved in the area by {@link Writer#claim(long)} for a chunk that the caller fills in
 * place, with no intermediate copy. Fill {@link #segment()}, then {@link #commit()} to publish the
 * chunk whole, or {@link #abort()} to drop it; readers never see a claimed chunk before its commit
 * and never see an aborted one.
 *
 * <pre>{@code
 * try (Claim claim = writer.claim(16)) {
 *     claim.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, System.nanoTime());
 *     claim.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 42L);
 *     ChunkHandle handle = claim.commit();
 * }
 * }</pre>
 *
 * <p>A writer has at most one open claim; it belongs to the writer's thread. {@link #close()}
 * aborts the claim if it was neither committed nor aborted, so try-with-resources never leaks it.
 *
 * <p>So that claiming allocates nothing, a writer returns the same {@code Claim} object for each of
 * its claims (as Agrona's {@code BufferClaim} is reused): once committed or aborted it stands for no
 * claim until the writer's next {@code claim} opens it again. Keep neither it nor a segment from it
 * past the commit. Filled through {@link #mapping()} and {@link #dataOffset()} (a {@link #segment()}
 * is a small object made per call) and published with {@link #append()} (a {@link #commit()} makes
 * the handle it returns), a claim allocates nothing.
 */
public interface Claim extends AutoCloseable {

    /**
     * Returns the writable space for the chunk's data.
     *
     * @return a segment of exactly the claimed size
     * @throws IllegalStateException if the claim was committed or aborted
     */
    MemorySegment segment();

    /**
     * Returns the whole writable mapping the claimed bytes lie in: one object per generation of
     * the area, so filling a claim through it allocates nothing, in the style of Agrona's
     * {@code BufferClaim.buffer()} and {@code offset()}. The claimed bytes are
     * {@code [dataOffset(), dataOffset() + size)}; writing anywhere else corrupts chunks readers
     * may be reading. {@link #segment()} is the bounds-checked way.
     *
     * <pre>{@code
     * Claim claim = writer.claim(8, ttl);
     * claim.mapping().set(ValueLayout.JAVA_LONG_UNALIGNED, claim.dataOffset(), System.nanoTime());
     * long sequence = claim.append();
     * }</pre>
     *
     * @return the mapping, read-write
     * @throws IllegalStateException if the claim was committed or aborted
     */
    MemorySegment mapping();

    /**
     * {@return where the claimed bytes start in {@link #mapping()}}
     *
     * @throws IllegalStateException if the claim was committed or aborted
     */
    long dataOffset();

    /**
     * Publishes the chunk: from now on readers see it, whole.
     *
     * @return the handle of the new chunk
     * @throws IllegalStateException if the claim was already committed or aborted, or its writer closed
     */
    ChunkHandle commit();

    /**
     * Publishes the chunk, as {@link #commit()} does, and returns its sequence number instead of a
     * handle: the claim's counterpart of {@link Writer#append(MemorySegment, java.time.Instant)}, allocating
     * nothing.
     *
     * @return the new chunk's sequence number
     * @throws IllegalStateException if the claim was already committed or aborted, or its writer closed
     */
    long append();

    /**
     * Drops the chunk; no reader ever sees it.
     *
     * @throws IllegalStateException if the claim was already committed or aborted
     */
    void abort();

    /** Aborts the claim if it is still open; does nothing otherwise. */
    @Override
    void close();
}
