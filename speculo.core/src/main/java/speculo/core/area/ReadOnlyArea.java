package speculo.core.area;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaNotFoundException;
import speculo.api.CorruptAreaException;
import speculo.core.layout.ControlDescriptor;
import speculo.core.spi.MappedObject;
import speculo.core.spi.ObjectStore;

/** Opening an area's objects read-only, as readers and inspecting tools do. */
public final class ReadOnlyArea {

    /** How often to re-read the current generation when its object is missing, before giving up. */
    private static final int OPEN_ATTEMPTS = 100;
    /**
     * How often a reader announces a generation that is no longer current when it reads it again,
     * before giving up: a writer switches once per collection, far slower than a reader announces.
     */
    private static final int ANNOUNCE_ATTEMPTS = 100_000;

    private ReadOnlyArea() {
    }

    /**
     * Maps the control object read-only and checks that the area is ready and of this format.
     *
     * @param store         where the area lives
     * @param area          the area's name, already checked
     * @param expectedOwner the user that must own the area, or null for any
     * @return the control object
     * @throws AreaNotFoundException       if there is no such area or it is still being created
     * @throws AreaAccessDeniedException   if it belongs to another user than expected, or may not be read
     * @throws speculo.api.CorruptAreaException        if its header is impossible
     * @throws speculo.api.IncompatibleFormatException if it has another format version
     */
    public static ControlObject openControl(ObjectStore store, String area, String expectedOwner) {
        return openControl(store, area, expectedOwner, false);
    }

    /**
     * Maps the control object read-only, like {@link #openControl(ObjectStore, String, String)},
     * optionally accepting an area still being created (for tools that look at its owner).
     *
     * @param initializingToo whether to return the control object of an area still being created
     */
    public static ControlObject openControl(ObjectStore store, String area, String expectedOwner, boolean initializingToo) {
        String name = AreaNames.controlObject(area);
        MappedObject mapping;
        try {
            mapping = store.openReadOnly(name);
            if (expectedOwner != null) {
                String owner = store.owner(name);
                if (!owner.equals(expectedOwner)) {
                    mapping.close();
                    throw new AreaAccessDeniedException(area, "area '" + area + "' belongs to user '" + owner
                            + "', not to the expected '" + expectedOwner + "'", null);
                }
            }
        } catch (NoSuchFileException e) {
            throw new AreaNotFoundException(area, store.location(), "no such area");
        } catch (IOException e) {
            throw Failures.of(area, name, "open", e);
        }
        long size = mapping.size();
        ControlObject control = ControlObject.wrapIfComplete(area, mapping);
        if (control == null) {
            if (size == 0 && !hasDataObjects(store, area)) {
                // A creator sizes the object right after creating it: empty is "being created" (or abandoned there).
                throw new AreaNotFoundException(area, store.location(), "the area is being created, not ready yet");
            }
            throw new CorruptAreaException(area, name, -1, "the control object has " + size + " bytes, fewer than the "
                    + ControlDescriptor.LENGTH + " of its layout: it was truncated");
        }
        try {
            if (control.state() == ControlDescriptor.STATE_INITIALIZING) {
                // A creator stamps the magic first; zero means it has not yet, anything else is not speculo's.
                if (control.hasMagic() && initializingToo) {
                    return control;
                }
                if (control.hasMagic() || control.isUnstamped()) {
                    throw new AreaNotFoundException(area, store.location(), "the area is being created, not ready yet");
                }
            }
            control.validateHeader();
            return control;
        } catch (InternalError fault) {
            control.close();
            throw MemoryFaults.translate(fault, area, name);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /**
     * {@return whether the area has data objects} A creator makes them only after sizing its
     * control object, so an empty control object beside them was truncated. Where the store
     * cannot list, nothing can be told: {@code false}.
     */
    private static boolean hasDataObjects(ObjectStore store, String area) {
        try {
            for (String name : store.list()) {
                if (AreaNames.slotOf(area, name) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Finds the data object that holds a generation by listing the area's data objects and reading
     * their headers, for tools and tests: readers go by the control object instead. Racy while a
     * writer recycles objects.
     *
     * @return the object's name, or null if none holds it
     * @throws IOException if the store cannot be listed
     */
    public static String objectHolding(ObjectStore store, String area, long generation) throws IOException {
        for (String name : store.list()) {
            if (AreaNames.slotOf(area, name) < 0) {
                continue;
            }
            try (MappedObject mapping = store.openReadOnly(name)) {
                if (DataObject.holds(mapping, generation)) {
                    return name;
                }
            } catch (NoSuchFileException gone) {
                // unlinked since the listing
            }
        }
        return null;
    }

    /**
     * {@return a new presence of this process in the area, or null if its readers announce nothing}
     *
     * @throws AreaAccessDeniedException if readers announce and this process may not
     */
    public static ReaderPresence presenceIfAnnounced(ObjectStore store, ControlObject control, String area) {
        return control.readersAnnounce() ? ReaderPresence.create(store, area) : null;
    }

    /**
     * The reader's half of the recycling handshake ({@link speculo.core.layout.PresenceDescriptor}):
     * announces {@code generation} as the next one to map, then reads the current generation again.
     *
     * @return whether {@code generation} is still current: it may be mapped, and no writer recycles
     *         its object while the announcement stands; if not, the writer may have recycled it
     *         without seeing the announcement, and the caller starts again from the current one
     */
    public static boolean announce(ControlObject control, ReaderPresence presence, long generation) {
        presence.next(generation); // volatile: ordered before the load below
        return control.currentGeneration() == generation;
    }

    /**
     * Maps the generation the control object names, read-only, retrying while the writer moves on.
     * With a presence, announces the generation first and maps it only if it is still current
     * after that (the reader's half of the handshake in {@link speculo.core.layout.PresenceDescriptor}).
     *
     * @param presence the reader's presence, or null where readers announce nothing
     * @return the current data object, its header checked
     * @throws AreaNotFoundException if the object is gone although the control object still names it
     */
    public static DataObject openCurrentGeneration(ObjectStore store, ControlObject control, String area,
                                                   ReaderPresence presence) {
        return openCurrentGeneration(store, control, area, presence, (name, generation) -> store.openReadOnly(name));
    }

    /** Maps a data object read-only for a generation the control object names it for. */
    @FunctionalInterface
    public interface Opener {

        /**
         * {@return a read-only mapping of data object {@code name}, which the control object names for {@code generation}}
         *
         * @throws NoSuchFileException if there is no such object
         * @throws IOException         if it cannot be mapped
         */
        MappedObject open(String name, long generation) throws IOException;
    }

    /**
     * Maps the current generation as {@link #openCurrentGeneration(ObjectStore, ControlObject, String,
     * ReaderPresence)} does, through {@code opener} (a reader's, which reuses its mappings).
     */
    public static DataObject openCurrentGeneration(ObjectStore store, ControlObject control, String area,
                                                   ReaderPresence presence, Opener opener) {
        for (int attempt = 1; ; attempt++) {
            long generation = control.currentGeneration();
            if (presence != null) {
                if (!announce(control, presence, generation)) {
                    // Switched meanwhile: the writer may have recycled it without seeing the announcement.
                    if (attempt >= ANNOUNCE_ATTEMPTS) {
                        throw control.corrupt(ControlDescriptor.CURRENT_GENERATION_OFFSET, "the current generation"
                                + " moved on " + attempt + " times while a reader announced it");
                    }
                    continue;
                }
            }
            String name = control.dataObjectName(generation);
            if (name == null) {
                // Its words name a later generation: the writer moved on twice since the load above.
                // A writer rewrites them only after switching past the generation, so if it is still
                // current they are damaged.
                if (control.currentGeneration() == generation || attempt >= OPEN_ATTEMPTS) {
                    throw control.corrupt(ControlDescriptor.nameSaltOffset(generation), "the name words of generation "
                            + generation + " name another generation");
                }
                continue;
            }
            MappedObject mapping;
            try {
                mapping = opener.open(name, generation);
            } catch (NoSuchFileException gone) {
                if (control.currentGeneration() == generation || attempt >= OPEN_ATTEMPTS) {
                    throw new AreaNotFoundException(area, store.location(), "data object '" + name
                            + "' of the current generation is missing: the area was removed");
                }
                continue;
            } catch (IOException e) {
                throw Failures.of(area, name, "open", e);
            }
            if (!DataObject.holds(mapping, generation) && control.currentGeneration() != generation
                    && attempt < OPEN_ATTEMPTS) {
                mapping.close(); // recycled already: this caller announces nothing, or fell behind by 2^16 generations
                continue;
            }
            try {
                return DataObject.open(area, mapping, generation);
            } catch (RuntimeException e) {
                mapping.close();
                throw e;
            }
        }
    }
}
