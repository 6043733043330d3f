package speculo.core.write;

import java.lang.foreign.MemorySegment;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.core.layout.RecordDescriptor;

/**
 * One claim of an {@link AreaWriter}: a record past the committed tail, its header written,
 * published by {@link #commit()}. A new object per claim, so that a reference kept from an earlier
 * claim fails instead of acting on the open one.
 */
final class WriterClaim implements Claim {

    /** Where a claim is in its one life. */
    enum State {
        OPEN("open"), COMMITTED("already committed"), ABORTED("already aborted"), WRITER_CLOSED("ended: its writer closed");

        private final String description;

        State(String description) {
            this.description = description;
        }
    }

    private final AreaWriter writer;
    /** The generation the claimed record lies in; it cannot change while the claim is open. */
    private final MemorySegment generation;
    final long offset;
    final long length;
    final long sequence;
    final long expiresAt;
    private State state = State.OPEN;

    WriterClaim(AreaWriter writer, MemorySegment generation, long offset, long length, long sequence, long expiresAt) {
        this.writer = writer;
        this.generation = generation;
        this.offset = offset;
        this.length = length;
        this.sequence = sequence;
        this.expiresAt = expiresAt;
    }

    @Override
    public MemorySegment segment() {
        requireOpen();
        return generation.asSlice(RecordDescriptor.dataOffset(offset), length);
    }

    @Override
    public ChunkHandle commit() {
        requireOpen();
        state = State.COMMITTED;
        return writer.commitClaim(this);
    }

    @Override
    public void abort() {
        requireOpen();
        end(State.ABORTED);
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            end(State.ABORTED);
        }
    }

    /** Ends the claim unpublished; the writer calls it when it closes. */
    void end(State how) {
        state = how;
        writer.claimEnded(this);
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("this claim of " + length + " bytes in area '" + writer.area()
                    + "' was " + state.description + "; a claim is used once");
        }
    }
}
