package speculo.api;

/**
 * Receives the chunks of a {@link Reader#poll} call, one at a time, on the polling thread.
 *
 * <p>The {@link Chunk} passed in is a flyweight valid only during the call: keep its
 * {@link Chunk#handle() handle} or a {@link Chunk#toByteArray() copy}, not the chunk itself.
 */
@FunctionalInterface
public interface ChunkHandler {

    /**
     * Handles one chunk.
     *
     * @param chunk the chunk, valid only during this call
     */
    void onChunk(Chunk chunk);
}
