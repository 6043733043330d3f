package speculo.core.read;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import speculo.core.area.DataObject;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/**
 * The mappings of the data objects a reader left, kept so that an object its writer recycles
 * (DESIGN §3, "Recycling") is mapped once, not at every generation it holds. A first read of a
 * page in a new mapping faults: measured on the benchmark VM, ~20 µs for each 64 KiB a reader
 * walks into, while its writer appends 64 KiB in 8-20 µs. A reader that maps every generation
 * anew pays that for each record of large chunks and falls behind its writer.
 *
 * <p>A generation is read through a {@linkplain MappedObject#view view} of its object's mapping.
 * Leaving the generation closes the view, which invalidates its chunks: a chunk of the left
 * generation never reads the bytes of a later one its writer puts in the same object. The
 * mapping is then kept. At most {@value #KEPT} are kept (the objects a writer rotates through by
 * default: its current one and the {@value speculo.api.WriterOptions#DEFAULT_RECYCLED_OBJECTS} it
 * keeps for reuse); the oldest beyond is unmapped. A kept mapping is found again by the object's
 * name, salted at the object's creation, and used only if its header holds the generation the
 * control object names for it; else it is unmapped and the object mapped anew.
 *
 * <p>The cost: the memory of an object its writer unlinked stays allocated while a reader keeps
 * its mapping, until that reader has left {@value #KEPT} more objects or closes. No file
 * descriptor is kept (R12). Stores whose mappings {@linkplain MappedObject#makesViews make no
 * views} map every generation anew, as before.
 *
 * <p>Used by one reader; its methods are synchronized only because a view may be closed by the
 * thread that closes the reader.
 */
final class ReaderMappings implements AutoCloseable {

    /** How many mappings of left objects a reader keeps. */
    static final int KEPT = 3;

    private final ObjectStore store;
    /** Mappings of objects the reader left, oldest first; none of them has an open view. */
    private final ArrayDeque<MappedObject> kept = new ArrayDeque<>();
    private boolean closed;

    ReaderMappings(ObjectStore store) {
        this.store = store;
    }

    /**
     * Maps data object {@code name} for {@code generation}: a view of a kept mapping of it whose
     * header holds that generation, or else of a new mapping, or the new mapping itself where the
     * store makes no views.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                        if it cannot be mapped
     */
    MappedObject open(String name, long generation) throws IOException {
        MappedObject mapping = take(name);
        if (mapping != null && !holds(mapping, generation)) {
            mapping.close(); // another generation's, or not the object this name now names: map it anew
            mapping = null;
        }
        if (mapping == null) {
            mapping = store.openReadOnly(name);
        }
        if (!mapping.makesViews()) {
            return mapping;
        }
        MappedObject viewed = mapping;
        try {
            return mapping.view(() -> keep(viewed));
        } catch (RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    /** {@return whether a kept mapping holds {@code generation}} Unmaps it if reading its header faults. */
    private static boolean holds(MappedObject mapping, long generation) {
        try {
            return DataObject.holds(mapping, generation);
        } catch (RuntimeException | InternalError fault) { // InternalError: the object was cut short, translated by the caller
            mapping.close();
            throw fault;
        }
    }

    /** {@return the kept mapping of {@code name}, no longer kept, or null} */
    private synchronized MappedObject take(String name) {
        for (Iterator<MappedObject> it = kept.iterator(); it.hasNext(); ) {
            MappedObject mapping = it.next();
            if (mapping.name().equals(name)) {
                it.remove();
                return mapping;
            }
        }
        return null;
    }

    /** Keeps the mapping of an object whose view just closed, unmapping the oldest beyond {@link #KEPT}. */
    private synchronized void keep(MappedObject mapping) {
        if (closed) {
            mapping.close();
            return;
        }
        kept.addLast(mapping);
        while (kept.size() > KEPT) {
            kept.removeFirst().close();
        }
    }

    /** Unmaps every kept mapping, and from now on each one whose view closes. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!kept.isEmpty()) {
            kept.removeFirst().close();
        }
    }
}
