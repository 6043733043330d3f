package speculo.core.write;

import java.lang.foreign.MemorySegment;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.core.layout.RecordDescriptor;

/**
 * The claim of an {@link AreaWriter}: space past the committed tail, published by {@link #commit()}
 * or {@link #append()}. A writer has one, {@linkplain #open opened} again for each of its claims, so
 * that claiming allocates nothing; between claims it is closed and every call but {@link #close()}
 * fails.
 */
final class WriterClaim implements Claim {

    private final AreaWriter writer;
    /** The generation the claimed record lies in; it cannot change while the claim is open. */
    private MemorySegment generation;
    long offset;
    long length;
    long sequence;
    long expiresAt;
    private boolean open;

    WriterClaim(AreaWriter writer) {
        this.writer = writer;
    }

    /** Opens this object for the writer's next claim: the record at {@code offset}, its header written. */
    void open(MemorySegment generation, long offset, long length, long sequence, long expiresAt) {
        this.generation = generation;
        this.offset = offset;
        this.length = length;
        this.sequence = sequence;
        this.expiresAt = expiresAt;
        this.open = true;
    }

    /** {@return whether a claim is open} */
    boolean isOpen() {
        return open;
    }

    @Override
    public MemorySegment segment() {
        requireOpen();
        return generation.asSlice(RecordDescriptor.dataOffset(offset), length);
    }

    @Override
    public MemorySegment mapping() {
        requireOpen();
        return generation;
    }

    @Override
    public long dataOffset() {
        requireOpen();
        return RecordDescriptor.dataOffset(offset);
    }

    @Override
    public ChunkHandle commit() {
        requireOpen();
        open = false;
        return writer.commitClaim(this);
    }

    @Override
    public long append() {
        requireOpen();
        open = false;
        return writer.appendClaim(this);
    }

    @Override
    public void abort() {
        requireOpen();
        open = false;
    }

    /** {@inheritDoc} The writer calls it too, when it closes. */
    @Override
    public void close() {
        open = false;
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("no claim is open in area '" + writer.area()
                    + "': the last one was committed or aborted, or its writer closed");
        }
    }
}
