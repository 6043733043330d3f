package speculo.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import speculo.api.ChunkHandle;
import speculo.api.internal.HandleParts;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.layout.RecordDescriptor;
import speculo.core.spi.MappedObject;

/**
 * An area for the negative controls: created by a real writer (then closed), read by a real
 * reader, and written by test code through the area's objects mapped read-write, so that a
 * control can break the protocol on purpose. Pooled like {@link StressArea}; an area that runs out
 * of room is removed and replaced.
 */
public final class RawArea {

    private static final Queue<RawArea> POOL = new ConcurrentLinkedQueue<>();
    private static final Queue<RawArea> MIRRORS = new ConcurrentLinkedQueue<>();

    public final String name = StressArea.newName();
    public final ControlObject control;
    public final Reader reader;
    /** A reader of the same area that is handed removal notices. */
    public final Reader notices;
    public final int areaTag;
    public DataObject data;
    private long nextSequence = 1;
    /** Whether it is a mirror of {@link MirrorArea#SOURCE_TAG}. */
    private final boolean mirror;
    /** The id table slots taken, in a mirror. */
    private long tableTaken;

    private RawArea(boolean mirror) {
        this.mirror = mirror;
        StressArea.BACKEND.writer(name, mirror ? StressArea.OPTIONS.asMirror() : StressArea.OPTIONS).close();
        this.control = ControlObject.wrapIfComplete(name, openReadWrite(name));
        if (mirror) {
            control.setMirroredSource(MirrorArea.SOURCE_TAG);
        }
        this.areaTag = control.areaTag();
        this.data = DataObject.open(name, openReadWrite(control.dataObjectName(0)), 0);
        this.reader = StressArea.BACKEND.reader(name, ReaderOptions.defaults());
        this.notices = StressArea.BACKEND.reader(name, ReaderOptions.defaults().withRemovals(true));
        StressArea.closeAtExit(reader);
        StressArea.closeAtExit(notices);
    }

    /** {@return a pooled area with room for {@code records} more records of {@link StressArea#PAYLOAD} bytes} */
    public static RawArea take(int records) {
        return take(POOL, records, false);
    }

    /** {@return a pooled mirror of {@link MirrorArea#SOURCE_TAG} with room for {@code records} more copies} */
    public static RawArea takeMirror(int records) {
        return take(MIRRORS, records, true);
    }

    private static RawArea take(Queue<RawArea> pool, int records, boolean mirror) {
        RawArea area = pool.poll();
        while (area != null && !area.hasRoom(records)) {
            area.destroy();
            area = pool.poll();
        }
        return area != null ? area : new RawArea(mirror);
    }

    /** Drains the reader and returns the area to the pool. */
    public void release() {
        try {
            while (reader.poll(chunk -> { }, 64) > 0 | notices.poll(chunk -> { }, 64) > 0) {
                // consume what the state left
            }
        } catch (RuntimeException corruptOnPurpose) {
            destroy();
            return;
        }
        (mirror ? MIRRORS : POOL).offer(this);
    }

    private boolean hasRoom(int records) {
        return data.size() - data.committedTail() >= records * RecordDescriptor.recordLength(StressArea.PAYLOAD)
                + RecordDescriptor.HEADER_LENGTH // and a removal notice
                && tableTaken + records <= data.idTableSlots() / 2;
    }

    /** Writes a record of a new chunk of {@code value} bytes at {@code offset} with plain stores; publishes nothing. */
    public long writeRecord(long offset, int value) {
        return writeRecord(offset, value, 0);
    }

    /**
     * Writes a record of {@code value} bytes at {@code offset} with plain stores, publishing nothing:
     * a copy of chunk {@code id}, or of a new chunk if {@code id} is 0.
     *
     * @return the record's sequence number
     */
    public long writeRecord(long offset, int value, long id) {
        long sequence = nextSequence++;
        data.writeHeader(offset, StressArea.PAYLOAD, sequence, id == 0 ? sequence : id, RecordDescriptor.NEVER);
        MemorySegment.copy(MemorySegment.ofArray(StressArea.payload(value)), 0, data.segment(),
                RecordDescriptor.dataOffset(offset), StressArea.PAYLOAD);
        return sequence;
    }

    /** Appends and commits a record correctly; {@return its handle} */
    public ChunkHandle append(int value) {
        long offset = data.committedTail();
        long id = writeRecord(offset, value);
        data.publishTail(offset + RecordDescriptor.recordLength(StressArea.PAYLOAD));
        return HandleParts.access().of(areaTag, data.generation(), offset, id);
    }

    /**
     * Replaces {@code original} by a copy of {@code value} bytes in the loosest order the protocol
     * allows: link the old copy to where the new one will be, hold the link for {@code spins}
     * spin-waits, then write the new copy and commit it.
     */
    public void replaceLinkingFirst(ChunkHandle original, int value, int spins) {
        long offset = tail();
        data.setSuccessor(HandleParts.access().offset(original), offset);
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
        writeRecord(offset, value, original.id());
        data.publishTail(offset + RecordDescriptor.recordLength(StressArea.PAYLOAD));
    }

    /**
     * Removes {@code original} in the wrong order: commits its removal notice first, holds for
     * {@code spins} spin-waits, and only then links the old copy to the notice.
     */
    public void removeCommittingFirst(ChunkHandle original, int spins) {
        long offset = tail();
        data.writeRemovalNotice(offset, nextSequence++, original.id(), System.currentTimeMillis());
        data.publishTail(offset + RecordDescriptor.recordLength(0));
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
        data.setSuccessor(HandleParts.access().offset(original), offset);
    }

    /**
     * Copies source chunk {@code id} into a mirror in the wrong order: commits the record first,
     * holds for {@code spins} spin-waits, and only then fills its id table slot.
     */
    public void mirrorCommittingFirst(long id, int value, int spins) {
        long offset = tail();
        writeRecord(offset, value, id);
        data.publishTail(offset + RecordDescriptor.recordLength(StressArea.PAYLOAD));
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
        if (data.putIdTable(id, offset)) {
            tableTaken++;
        }
    }

    /** {@return the successor word of {@code original} once it is a link, or CURRENT after a bounded wait} */
    public long awaitLink(ChunkHandle original) {
        long successor = RecordDescriptor.CURRENT;
        for (int i = 0; i < 100_000 && successor == RecordDescriptor.CURRENT; i++) {
            successor = data.successor(HandleParts.access().offset(original));
        }
        return successor;
    }

    /** {@return where the next record goes} */
    public long tail() {
        return data.committedTail();
    }

    /** {@return the backend's object store} */
    public static speculo.core.spi.ObjectStore store() {
        return StressArea.BACKEND.store();
    }

    /** {@return a read-write mapping of one of this area's objects} */
    public static MappedObject openReadWrite(String object) {
        try {
            return StressArea.BACKEND.store().openReadWrite(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void destroy() {
        reader.close();
        data.close();
        control.close();
        StressArea.BACKEND.remove(name);
    }
}
