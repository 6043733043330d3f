package speculo.api;

/**
 * Receives chunks from {@link Reader#controlledPoll} and says, for each, whether to go on: the
 * handler of a consumer that may have to stop early, for example when its own output is full
 * (Agrona's {@code ControlledFragmentHandler}).
 */
@FunctionalInterface
public interface ControlledChunkHandler {

    /** What the reader does after a chunk was handed over. */
    enum Action {
        /** The chunk is consumed; hand over the next one, if the poll's limit allows. */
        CONTINUE,
        /** The chunk is consumed; end the poll now. */
        BREAK,
        /**
         * The chunk is not consumed; end the poll now. The next poll hands over the same chunk
         * again, if it is still live by then (or nothing, if a collection dropped it meanwhile:
         * it is then counted by {@link Reader#skipped()}).
         */
        ABORT
    }

    /**
     * Handles one chunk.
     *
     * @param chunk a flyweight, valid only during this call; copy what you keep
     * @return what the reader does next
     */
    Action onChunk(Chunk chunk);
}
