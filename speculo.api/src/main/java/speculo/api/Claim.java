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
 *     long sequence = writer.lastSequence();
 * }
 * }</pre>
 *
 * <p>Each claim is its own object and is used once: after its commit or abort, or once its writer
 * closed, every method but {@link #close()} throws {@link IllegalStateException}, so a reference
 * kept from an earlier claim can never publish or drop a later one. A writer has at most one open
 * claim; it belongs to the writer's thread. {@link #close()} aborts the claim if it was neither
 * committed nor aborted, so try-with-resources never leaks it.
 *
 * <p>The segment stays a view of the area after the commit (the JDK offers no way to revoke a slice
 * of a mapping short of a restricted method, which would ask every user for native access): writing
 * to it then changes a chunk readers may be reading. Keep no segment past the commit.
 *
 * <p>A claim creates two small objects (itself and its segment). {@link Writer#append(MemorySegment)}
 * is the path that creates none.
 */
public interface Claim extends AutoCloseable {

    /**
     * Returns the writable space for the chunk's data: exactly the claimed bytes, bounds-checked.
     *
     * @return a segment of exactly the claimed size
     * @throws IllegalStateException if the claim was committed or aborted, or its writer closed
     */
    MemorySegment segment();

    /**
     * Publishes the chunk: from now on readers see it, whole. Its sequence number is then the
     * writer's {@link Writer#lastSequence()}.
     *
     * @return the handle of the new chunk
     * @throws IllegalStateException if the claim was already committed or aborted, or its writer closed
     */
    ChunkHandle commit();

    /**
     * Drops the chunk; no reader ever sees it, and it uses no sequence number.
     *
     * @throws IllegalStateException if the claim was already committed or aborted, or its writer closed
     */
    void abort();

    /** Aborts the claim if it is still open; does nothing otherwise. */
    @Override
    void close();
}
