package speculo.core.write;

import java.lang.foreign.MemorySegment;
import speculo.api.ChunkHandle;
import speculo.api.Claim;

/** A claim of {@link AreaWriter}: space past the committed tail, published by {@link #commit()}. */
final class WriterClaim implements Claim {

    private final AreaWriter writer;
    private final MemorySegment segment;
    final long offset;
    final long length;
    final long sequence;
    final long expiresAt;
    private boolean open = true;

    WriterClaim(AreaWriter writer, MemorySegment segment, long offset, long length, long sequence, long expiresAt) {
        this.writer = writer;
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.sequence = sequence;
        this.expiresAt = expiresAt;
    }

    @Override
    public MemorySegment segment() {
        requireOpen();
        return segment;
    }

    @Override
    public ChunkHandle commit() {
        requireOpen();
        open = false;
        return writer.commitClaim(this);
    }

    @Override
    public void abort() {
        requireOpen();
        open = false;
        writer.endClaim(this);
    }

    @Override
    public void close() {
        if (open) {
            abort();
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("claim of " + length + " bytes in area '" + writer.area()
                    + "' was already committed or aborted");
        }
    }
}
