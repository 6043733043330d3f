package speculo.core.area;

import static speculo.core.layout.ControlDescriptor.*;

import java.lang.foreign.MemorySegment;
import speculo.api.AreaBusyException;
import speculo.api.ChunkHandle;
import speculo.api.CorruptAreaException;
import speculo.api.IncompatibleFormatException;
import speculo.api.internal.HandleParts;
import speculo.core.layout.ControlDescriptor;
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

    /**
     * Marks a just-created control object as speculo's: magic and format version, plain stores.
     * Done first, before ownership is taken, so that tools can tell an area still being created
     * (or abandoned while being created) from a foreign object, which they never touch.
     */
    public void stamp() {
        Words.set(segment, MAGIC_OFFSET, MAGIC);
        Words.set(segment, VERSION_OFFSET, FORMAT_VERSION);
    }

    /** Writes the rest of the immutable header of a new control object; plain stores, published by {@link #setState}. */
    public void initialize(int areaTag, long flags) {
        stamp();
        Words.set(segment, AREA_TAG_OFFSET, areaTag & 0xFFFF_FFFFL);
        Words.set(segment, FLAGS_OFFSET, flags);
        Words.set(segment, MIRRORED_SOURCE_OFFSET, 0);
    }

    /** {@return whether the object carries speculo's control magic: it is speculo's, of whatever version} */
    public boolean hasMagic() {
        return Words.get(segment, MAGIC_OFFSET) == MAGIC;
    }

    /** {@return whether the magic word is still zero: the object was created a moment ago and not yet {@link #stamp stamped}} */
    public boolean isUnstamped() {
        return Words.get(segment, MAGIC_OFFSET) == 0;
    }

    /** {@return the format version word, unchecked} */
    public long formatVersion() {
        return Words.get(segment, VERSION_OFFSET);
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
        long flags = Words.get(segment, FLAGS_OFFSET);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw corrupt(FLAGS_OFFSET, "unknown flags 0x" + Long.toHexString(flags));
        }
        long source = mirroredSource();
        if ((source & ~(MIRRORED_SOURCE_KNOWN | 0xFFFF_FFFFL)) != 0 || (flags & FLAG_MIRROR) == 0 && source != 0) {
            throw corrupt(MIRRORED_SOURCE_OFFSET, "mirrored source word 0x" + Long.toHexString(source)
                    + ((flags & FLAG_MIRROR) == 0 ? " in an area that is no mirror" : " has unknown bits"));
        }
    }

    /**
     * {@return whether readers of this area announce the generations they map}
     * ({@link speculo.core.layout.ControlDescriptor#FLAG_READERS_ANNOUNCE}); checked by {@link #validateHeader}
     */
    public boolean readersAnnounce() {
        return (Words.get(segment, FLAGS_OFFSET) & FLAG_READERS_ANNOUNCE) != 0;
    }

    /** {@return the area's tag, carried by every handle} */
    public int areaTag() {
        return (int) Words.get(segment, AREA_TAG_OFFSET);
    }

    /** {@return whether the area is a mirror ({@link speculo.core.layout.ControlDescriptor#FLAG_MIRROR}); checked by {@link #validateHeader}} */
    public boolean isMirror() {
        return (Words.get(segment, FLAGS_OFFSET) & FLAG_MIRROR) != 0;
    }

    /** {@return the mirrored source word, acquired: {@link ControlDescriptor#MIRRORED_SOURCE_KNOWN} and the source's tag, or 0} */
    public long mirroredSource() {
        return Words.getAcquire(segment, MIRRORED_SOURCE_OFFSET);
    }

    /** Makes the area a mirror of the area of tag {@code sourceTag}, whose handles then resolve here by id. */
    public void setMirroredSource(int sourceTag) {
        Words.setRelease(segment, MIRRORED_SOURCE_OFFSET, MIRRORED_SOURCE_KNOWN | (sourceTag & 0xFFFF_FFFFL));
    }

    /**
     * Checks that a handle was issued for this area, or, in a mirror, for the source it mirrors.
     *
     * @param handle a handle, possibly from another process
     * @return false for a handle of this area, true for one of the mirrored source, which names its
     *         chunk by id alone
     * @throws IllegalArgumentException if it carries another area's tag
     */
    public boolean bySourceId(ChunkHandle handle) {
        int tag = areaTag();
        int handleTag = HandleParts.access().areaTag(handle);
        if (handleTag == tag) {
            return false;
        }
        if (isMirror() && mirroredSource() == (MIRRORED_SOURCE_KNOWN | (handleTag & 0xFFFF_FFFFL))) {
            return true;
        }
        throw new IllegalArgumentException("handle " + handle + " belongs to another area (tag "
                + String.format("%08x", handleTag) + "), not to area '" + area + "' (tag "
                + String.format("%08x", tag) + ")" + sourceOfMirror());
    }

    /** {@return for a mirror, which source's handles it takes, to add to a refusal; else nothing} */
    private String sourceOfMirror() {
        if (!isMirror()) {
            return "";
        }
        long source = mirroredSource();
        return (source & MIRRORED_SOURCE_KNOWN) == 0 ? ", a mirror of no source yet"
                : ", a mirror of the area of tag " + String.format("%08x", (int) source);
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

    /** {@return the owner's namespace word, acquired after the owner word was} */
    public long ownerNamespace() {
        return Words.getAcquire(segment, OWNER_NAMESPACE_OFFSET);
    }

    /**
     * The owner as this process sees it.
     *
     * @param owner    the owner word
     * @param liveness what this process can tell of it
     */
    public record Owner(long owner, Liveness liveness) {

        /** {@return the owner's pid, as its own pid namespace numbers it; 0 for none} */
        public long pid() {
            return Ownership.pid(owner);
        }
    }

    /**
     * {@return the owner and what this process can tell of it} Reads the owner word, then its
     * namespace word, then the owner word again, so that both belong to one owner.
     */
    public Owner judgeOwner() {
        while (true) {
            long owner = owner();
            long namespace = ownerNamespace();
            if (owner() == owner) {
                return new Owner(owner, Ownership.judge(owner, namespace));
            }
        }
    }

    /** {@return the exception for an owner that holds the area, saying why when its liveness is unknown} */
    public AreaBusyException busy(Owner owner) {
        return new AreaBusyException(area, owner.pid(), owner.liveness() == Liveness.UNKNOWN
                ? "in another pid namespace (a container, or its host), so its liveness cannot be judged from here;"
                + " if you know it is gone: WriterOptions.withTakeoverOfUnjudgedOwner(), or speculo rm --force"
                : "");
    }

    /**
     * Takes ownership for this process if the owner is still {@code expected}: the CAS of the owner
     * word, then the release store of this process's namespace word.
     *
     * @return whether the owner was {@code expected}; this process owns the area if so
     */
    public boolean claim(long expected) {
        if (!Words.compareAndSet(segment, OWNER_OFFSET, expected, Ownership.self())) {
            return false;
        }
        Words.setRelease(segment, OWNER_NAMESPACE_OFFSET, Ownership.selfNamespace());
        return true;
    }

    /**
     * Gives up ownership, if this process still owns the area: the owner becomes {@link Ownership#NONE}.
     * A writer closing does this, and one whose opening failed (a dead owner it replaced is then
     * no owner, which every process judges alike).
     */
    public void release() {
        Words.compareAndSet(segment, OWNER_OFFSET, Ownership.self(), Ownership.NONE);
    }

    /**
     * {@return the current generation: everything the writer did before switching to it is
     * visible} A volatile load, so that it is also ordered after a reader's announcement
     * ({@link ReadOnlyArea#announce}); on x86 and ARMv8 it costs what an acquire load costs.
     */
    public long currentGeneration() {
        long generation = Words.getVolatile(segment, CURRENT_GENERATION_OFFSET);
        if (generation < 0) {
            throw corrupt(CURRENT_GENERATION_OFFSET, "negative current generation " + generation);
        }
        return generation;
    }

    /** Switches readers to a generation: the release store that publishes it (GC step 3). */
    public void publishGeneration(long generation) {
        Words.setRelease(segment, CURRENT_GENERATION_OFFSET, generation);
    }

    /**
     * Records which object holds a generation: its slot and salt, stored before the generation is
     * published (or named pending), and before a new object is created under that name.
     */
    public void setObjectName(long generation, long slot, long salt) {
        long tag = (generation & 0xFFFF) << SALT_BITS;
        Words.setRelease(segment, slotOffset(generation), tag | slot);
        Words.setRelease(segment, nameSaltOffset(generation), tag | salt);
    }

    /**
     * {@return the name of the object that holds a generation, or null if its words name another
     * generation now} The words of the current generation change only when the generation after
     * the next is decided: a reader that finds them changed has fallen behind and reads the
     * current generation again. The salt word is read first: the writer stores it last.
     */
    public String dataObjectName(long generation) {
        long tag = generation & 0xFFFF;
        long salt = Words.getAcquire(segment, nameSaltOffset(generation));
        long slot = Words.getAcquire(segment, slotOffset(generation));
        if ((salt >>> SALT_BITS) != tag || (slot >>> SALT_BITS) != tag
                || Words.getAcquire(segment, nameSaltOffset(generation)) != salt) {
            return null;
        }
        long mask = (1L << SALT_BITS) - 1;
        return AreaNames.dataObject(area, slot & mask, salt & mask);
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
