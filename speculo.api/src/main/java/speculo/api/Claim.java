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
     * Publishes the chunk: from now on readers see it, whole.
     *
     * @return the handle of the new chunk
     * @throws IllegalStateException if the claim was already committed or aborted, or its writer closed
     */
    ChunkHandle commit();

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
