package speculo.core.area;

import static speculo.core.layout.PresenceDescriptor.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaPermissions;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * A reader's announcement of the generations it maps, in a presence object of its own (layout:
 * {@link speculo.core.layout.PresenceDescriptor}), so that the writer recycles only objects no
 * reader is on. Created, mapped read-write and closed at once (no descriptor stays open, R12);
 * the reader writes nothing else, and the area's own objects stay read-only to it (R17).
 *
 * <p>The object is readable by every user ({@link AreaPermissions#ALL_READ}): the writer may run as
 * another user, and the object tells no more than a pid and two generation numbers.
 *
 * <p>One thread uses it, the reader's.
 */
public final class ReaderPresence implements AutoCloseable {

    /** Names tried before giving up; each is taken by chance with odds of 2^-48. */
    private static final int NAME_ATTEMPTS = 8;

    private final ObjectStore store;
    private final MappedObject mapping;
    private final MemorySegment segment;

    private ReaderPresence(ObjectStore store, MappedObject mapping) {
        this.store = store;
        this.mapping = mapping;
        this.segment = mapping.segment();
    }

    /**
     * Creates this reader's presence object in an area, announcing nothing yet.
     *
     * @throws AreaAccessDeniedException if this process may not create it: the area's writer then
     *                                   cannot see this reader, so it must not read
     * @throws speculo.api.AreaIOException if the system refuses otherwise
     */
    public static ReaderPresence create(ObjectStore store, String area) {
        for (int attempt = 1; ; attempt++) {
            String name = AreaNames.presenceObject(area, AreaNames.newSalt());
            try {
                MappedObject mapping = store.create(name, LENGTH, AreaPermissions.ALL_READ);
                ReaderPresence presence = new ReaderPresence(store, mapping);
                presence.stamp();
                return presence;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == NAME_ATTEMPTS) {
                    throw Failures.of(area, name, "create (" + NAME_ATTEMPTS + " random names were all taken)", taken);
                }
            } catch (AccessDeniedException denied) {
                throw new AreaAccessDeniedException(area, "area '" + area + "' recycles its generations, so each reader"
                        + " announces the generation it reads in an object of its own, and this process may not create '"
                        + name + "' in " + store.location() + ": allow this user to create objects there, or have the"
                        + " writer open the area with WriterOptions.withRecycledObjects(0)", denied);
            } catch (IOException e) {
                throw Failures.of(area, name, "create", e);
            }
        }
    }

    /** Writes the header: everything but the magic plainly, then the magic with a release store. */
    private void stamp() {
        Words.set(segment, HELD_OFFSET, NONE);
        Words.set(segment, NEXT_OFFSET, NONE);
        Words.set(segment, VERSION_OFFSET, ControlDescriptor.FORMAT_VERSION);
        Words.set(segment, READER_OFFSET, Ownership.self());
        Words.set(segment, READER_NAMESPACE_OFFSET, Ownership.selfNamespace());
        Words.setRelease(segment, MAGIC_OFFSET, MAGIC);
    }

    /**
     * Announces the generation this reader is about to map. Volatile: the caller then reads the
     * current generation again, and maps this one only if it is still current.
     */
    public void next(long generation) {
        Words.setVolatile(segment, NEXT_OFFSET, generation);
    }

    /** Announces the generation whose object this reader maps now, having unmapped the one before. */
    public void held(long generation) {
        Words.setVolatile(segment, HELD_OFFSET, generation);
    }

    /** {@return the presence object's name} */
    public String objectName() {
        return mapping.name();
    }

    /**
     * Withdraws the announcement, removes the presence object and unmaps it: this reader maps
     * nothing of the area any more.
     */
    @Override
    public void close() {
        try {
            held(NONE);
            next(NONE);
        } catch (InternalError truncatedByItsOwner) {
            // Cut short under the mapping: it announces nothing readable either; it is removed below.
        }
        try {
            store.unlink(mapping.name());
        } catch (IOException e) {
            // Left behind, it announces nothing; speculo clean removes it once this process is gone.
            System.getLogger("speculo").log(System.Logger.Level.DEBUG, "could not remove reader presence ''{0}'': {1}",
                    mapping.name(), e.toString());
        }
        mapping.close();
    }
}
