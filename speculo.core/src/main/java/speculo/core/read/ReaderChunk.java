package speculo.core.read;

import java.lang.foreign.MemorySegment;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.internal.HandleParts;
import speculo.core.area.DataObject;
import speculo.core.layout.RecordDescriptor;

/**
 * A chunk as a reader returns it: a view of one record in a mapped data object. The poll
 * flyweight is one instance re-pointed at each record; chunks from {@code next} and {@code read}
 * are instances of their own. Either way the data lives in the mapping, so once the reader unmaps
 * the generation, {@link #data()} throws {@link IllegalStateException}.
 */
final class ReaderChunk implements Chunk {

    private final int areaTag;
    private DataObject object;
    private long offset;
    private long length;
    private long sequence;
    private long id;
    private long expiresAt;
    private boolean removal;

    ReaderChunk(int areaTag) {
        this.areaTag = areaTag;
    }

    /** Points this view at a record whose fields the caller has read and checked. */
    ReaderChunk set(DataObject object, long offset, long length, long sequence, long id, long expiresAt,
                    boolean removal) {
        this.object = object;
        this.offset = offset;
        this.length = length;
        this.sequence = sequence;
        this.id = id;
        this.expiresAt = expiresAt;
        this.removal = removal;
        return this;
    }

    /** {@return a chunk of its own viewing the same record as this one} */
    ReaderChunk copy() {
        return new ReaderChunk(areaTag).set(object, offset, length, sequence, id, expiresAt, removal);
    }

    @Override
    public boolean isRemoval() {
        return removal;
    }

    @Override
    public ChunkHandle handle() {
        return HandleParts.access().of(areaTag, object.generation(), offset, id);
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public long expiresAtMillis() {
        return expiresAt;
    }

    @Override
    public MemorySegment data() {
        return mapping().asSlice(dataOffset(), length);
    }

    @Override
    public boolean isValid() {
        return object.segment().scope().isAlive();
    }

    @Override
    public MemorySegment mapping() {
        MemorySegment mapping = object.segment();
        if (!mapping.scope().isAlive()) {
            throw new IllegalStateException("chunk " + sequence + " is no longer valid: its reader moved past generation "
                    + object.generation() + " of the area or was closed");
        }
        return mapping;
    }

    @Override
    public long dataOffset() {
        return RecordDescriptor.dataOffset(offset);
    }

    @Override
    public String toString() {
        return (removal ? "Removal[sequence=" : "Chunk[sequence=") + sequence + ", id=" + id + ", size=" + length + ", generation=" + object.generation()
                + ", offset=" + offset + "]";
    }
}
