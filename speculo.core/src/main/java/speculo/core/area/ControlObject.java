package speculo.core.area;

import static speculo.core.layout.ControlDescriptor.*;

import java.lang.foreign.MemorySegment;
import speculo.api.ChunkHandle;
import speculo.api.CorruptAreaException;
import speculo.api.IncompatibleFormatException;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;

/**
 * Typed access to a mapped control object (layout: {@link speculo.core.layout.ControlDescriptor}).
 * Writers map it read-write, readers read-only. Every value read is checked before it is used.
 */
public final class ControlObject implements AutoCloseable {

    private final String area;
    private final MappedObject mapping;
    private final MemorySegment segment;

    private ControlObject(String area, MappedObject mapping) {
        this.area = area;
        this.mapping = mapping;
        this.segment = mapping.segment();
    }

    /**
     * Wraps a mapping after checking its size.
     *
     * @param area    the area
     * @param mapping the mapped control object
     * @return the control object, or {@code null} if the mapping is too small to be one yet (a
     *         writer is still creating it); the mapping is closed in that case
     */
    public static ControlObject wrapIfComplete(String area, MappedObject mapping) {
        if (mapping.size() < LENGTH) {
            mapping.close();
            return null;
        }
        return new ControlObject(area, mapping);
    }

    /** Writes the immutable header of a new control object; plain stores, published by {@link #setState}. */
    public void initialize(int areaTag) {
        Words.set(segment, MAGIC_OFFSET, MAGIC);
        Words.set(segment, VERSION_OFFSET, FORMAT_VERSION);
        Words.set(segment, AREA_TAG_OFFSET, areaTag & 0xFFFF_FFFFL);
    }

    /**
     * Checks magic and format version.
     *
     * @throws CorruptAreaException        if the magic is wrong
     * @throws IncompatibleFormatException if the version is another one
     */
    public void validateHeader() {
        long magic = Words.get(segment, MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw corrupt(MAGIC_OFFSET, "bad magic 0x" + Long.toHexString(magic) + ", not a speculo control object");
        }
        long version = Words.get(segment, VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new IncompatibleFormatException(area, mapping.name(), version, FORMAT_VERSION);
        }
        long tag = Words.get(segment, AREA_TAG_OFFSET);
        if ((tag >>> 32) != 0) {
            throw corrupt(AREA_TAG_OFFSET, "area tag 0x" + Long.toHexString(tag) + " has more than 32 bits");
        }
    }

    /** {@return the area's tag, carried by every handle} */
    public int areaTag() {
        return (int) Words.get(segment, AREA_TAG_OFFSET);
    }

    /**
     * Checks that a handle was issued for this area.
     *
     * @param handle a handle, possibly from another process
     * @throws IllegalArgumentException if it carries another area's tag
     */
    public void requireOwnHandle(ChunkHandle handle) {
        int tag = areaTag();
        if (handle.areaTag() != tag) {
            throw new IllegalArgumentException("handle " + handle + " belongs to another area (tag "
                    + String.format("%08x", handle.areaTag()) + "), not to area '" + area + "' (tag "
                    + String.format("%08x", tag) + ")");
        }
    }

    /** {@return the state, acquired; checked to be a known one} */
    public long state() {
        long state = Words.getAcquire(segment, STATE_OFFSET);
        if (state != STATE_INITIALIZING && state != STATE_OPEN && state != STATE_CLOSED) {
            throw corrupt(STATE_OFFSET, "unknown state " + state);
        }
        return state;
    }

    /** Publishes a new state with a release store. */
    public void setState(long state) {
        Words.setRelease(segment, STATE_OFFSET, state);
    }

    /** {@return the owner word, acquired} */
    public long owner() {
        return Words.getAcquire(segment, OWNER_OFFSET);
    }

    /** Takes or hands over ownership atomically: {@return whether the owner was {@code expected}} */
    public boolean compareAndSetOwner(long expected, long owner) {
        return Words.compareAndSet(segment, OWNER_OFFSET, expected, owner);
    }

    /** {@return the current generation, acquired: everything the writer did before switching to it is visible} */
    public long currentGeneration() {
        long generation = Words.getAcquire(segment, CURRENT_GENERATION_OFFSET);
        if (generation < 0) {
            throw corrupt(CURRENT_GENERATION_OFFSET, "negative current generation " + generation);
        }
        return generation;
    }

    /** Switches readers to a generation: the release store that publishes it (GC step 3). */
    public void publishGeneration(long generation) {
        Words.setRelease(segment, CURRENT_GENERATION_OFFSET, generation);
    }

    /** {@return the pending generation, acquired} */
    public long pendingGeneration() {
        long generation = Words.getAcquire(segment, PENDING_GENERATION_OFFSET);
        if (generation < 0) {
            throw corrupt(PENDING_GENERATION_OFFSET, "negative pending generation " + generation);
        }
        return generation;
    }

    /** Records the generation a collection is about to build (GC step 1), for crash recovery. */
    public void setPendingGeneration(long generation) {
        Words.setRelease(segment, PENDING_GENERATION_OFFSET, generation);
    }

    /** {@return the object's name} */
    public String objectName() {
        return mapping.name();
    }

    /** {@return an exception for a bad value at {@code offset} of this object} */
    public CorruptAreaException corrupt(long offset, String reason) {
        return new CorruptAreaException(area, mapping.name(), offset, reason);
    }

    /** Unmaps the object. */
    @Override
    public void close() {
        mapping.close();
    }
}
