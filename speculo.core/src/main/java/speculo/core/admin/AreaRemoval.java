package speculo.core.admin;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import speculo.api.CorruptAreaException;
import speculo.core.area.AreaNames;
import speculo.core.area.ControlObject;
import speculo.core.area.Failures;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.PresenceDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.core.spi.NotAnObjectException;
import speculo.core.spi.ObjectStore;

/**
 * Removes an area, touching nothing that is not provably one of its objects.
 *
 * <ol>
 *   <li>The control object is mapped read-only and checked: speculo's magic, this format
 *       version. Anything else under the name (a FIFO, someone's file) is reported and left
 *       alone, and so is the rest of the area's names.</li>
 *   <li>Its owner is judged. A live writer, or one this process cannot judge (another pid
 *       namespace), keeps the area unless the removal is forced.</li>
 *   <li>Ownership is claimed by CAS on the verified control object: the one write a removal
 *       makes, and what keeps a writer from taking the area over while it is being removed.</li>
 *   <li>Each data object is mapped read-only and unlinked only if it carries speculo's data
 *       magic; the control object is unlinked last.</li>
 * </ol>
 * Nothing is ever written into an object before it is known to be speculo's, and no object's
 * bytes are changed but the owner word.
 */
public final class AreaRemoval {

    private final ObjectStore store;
    private final String area;
    private final boolean force;
    private final List<String> removed = new ArrayList<>();
    private final List<Removal.Skipped> skipped = new ArrayList<>();

    private AreaRemoval(ObjectStore store, String area, boolean force) {
        this.store = store;
        this.area = area;
        this.force = force;
    }

    /**
     * Removes an area.
     *
     * @param store where the area lives
     * @param area  the area's name, already checked
     * @param force whether to remove it although its writer is alive or cannot be judged, or its
     *              format is another version; never forces the removal of a foreign object
     * @return what was removed and what was left alone
     * @throws speculo.api.AreaBusyException  if a writer holds the area and {@code force} is false
     * @throws speculo.api.SpeculoException if the store refuses an operation
     */
    public static Removal remove(ObjectStore store, String area, boolean force) {
        AreaRemoval removal = new AreaRemoval(store, area, force);
        removal.run();
        return new Removal(area, removal.removed, removal.skipped);
    }

    private void run() {
        String controlName = AreaNames.controlObject(area);
        MappedObject mapping;
        try {
            mapping = store.openReadOnly(controlName);
        } catch (NoSuchFileException e) {
            // No control object: a writer died after unlinking it, or before creating it. Its data objects still go.
            unlinkDataObjects(List.of());
            return;
        } catch (NotAnObjectException e) {
            skipped.add(new Removal.Skipped(controlName, "the name is taken by a " + e.kind() + ", not a speculo object"));
            return;
        } catch (IOException e) {
            throw Failures.of(area, controlName, "open", e);
        }
        String refusal;
        List<String> recorded = new ArrayList<>();
        try (mapping) {
            refusal = controlRefusal(mapping);
            if (refusal == null && mapping.size() >= ControlDescriptor.LENGTH) {
                ControlObject control = ControlObject.wrapIfComplete(area, mapping);
                if (control.state() != ControlDescriptor.STATE_INITIALIZING) {
                    long current = control.currentGeneration();
                    for (long generation : new long[] {current, control.pendingGeneration(), current - 1}) {
                        String name = generation >= 0 ? control.dataObjectName(generation) : null;
                        if (name != null) {
                            recorded.add(name);
                        }
                    }
                }
            }
        } catch (CorruptAreaException e) {
            refusal = null; // a damaged area of speculo's own: removing it is what the user wants
        }
        if (refusal != null) {
            skipped.add(new Removal.Skipped(controlName, refusal));
            return;
        }
        if (!claim(controlName)) {
            return;
        }
        unlinkDataObjects(recorded);
        unlink(controlName);
    }

    /**
     * {@return why a mapped control object must be left alone, or null if it is speculo's and may go}
     * An empty object is what a creator leaves if it dies between creating and sizing it, or what
     * truncation leaves: nothing to lose, but nothing to tell it from a stranger's empty file
     * either, so only a forced removal takes it. A control object cut short but still carrying the
     * magic is speculo's; its owner word is gone, so it too goes by force only.
     */
    private String controlRefusal(MappedObject mapping) {
        if (mapping.size() == 0) {
            return force ? null : "it is empty: an area abandoned while being created or truncated, or not speculo's"
                    + " (remove it with --force if it is speculo's)";
        }
        if (mapping.size() < ControlDescriptor.VERSION_OFFSET + Long.BYTES) {
            return "it has " + mapping.size() + " bytes, too few for a speculo control object";
        }
        long magic = Words.get(mapping.segment(), ControlDescriptor.MAGIC_OFFSET);
        if (magic == ControlDescriptor.MAGIC && mapping.size() < ControlDescriptor.LENGTH) {
            return force ? null : "it is a speculo control object cut short to " + mapping.size()
                    + " bytes: its writer cannot be judged (remove it with --force if you know it is gone)";
        }
        if (magic != ControlDescriptor.MAGIC) {
            return "it is not a speculo control object (magic 0x" + Long.toHexString(magic) + ")";
        }
        long version = Words.get(mapping.segment(), ControlDescriptor.VERSION_OFFSET);
        if (version != ControlDescriptor.FORMAT_VERSION && !force) {
            return "it has format version " + version + ", not " + ControlDescriptor.FORMAT_VERSION
                    + ": its writer cannot be judged (remove it with --force if you know it is gone)";
        }
        return null;
    }

    /**
     * Takes ownership of the verified control object, so that no writer can take the area over
     * while it is removed. A control object of another format version, or an empty one, is only
     * removed by force and has no owner word this version can read: it is not claimed.
     *
     * @return whether to go on; {@code false} if the name was taken by something else meanwhile
     */
    private boolean claim(String controlName) {
        MappedObject writable;
        try {
            writable = store.openReadWrite(controlName);
        } catch (NoSuchFileException gone) {
            return true;
        } catch (NotAnObjectException replaced) {
            skipped.add(new Removal.Skipped(controlName, "the name was taken by a " + replaced.kind() + " while being removed"));
            return false;
        } catch (IOException e) {
            throw Failures.of(area, controlName, "open", e);
        }
        ControlObject control = ControlObject.wrapIfComplete(area, writable);
        if (control == null) {
            return true; // empty: taken by force, nothing to claim
        }
        try (control) {
            if (!control.hasMagic()) {
                skipped.add(new Removal.Skipped(controlName, "it was replaced by a foreign object while being removed"));
                return false;
            }
            if (control.formatVersion() != ControlDescriptor.FORMAT_VERSION) {
                return true; // another version, removed by force: its owner word is not this version's to judge
            }
            while (true) {
                ControlObject.Owner owner = control.judgeOwner();
                if (owner.liveness().holdsTheArea() && !force) {
                    throw control.busy(owner);
                }
                if (control.claim(owner.owner())) {
                    return true;
                }
            }
        }
    }

    /**
     * Unlinks the data objects of the area that carry speculo's data magic, and its readers'
     * presence objects. Where the store cannot
     * list its objects, tries the names the control object records ({@code recorded}).
     */
    private void unlinkDataObjects(List<String> recorded) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (String name : store.list()) {
                if (AreaNames.slotOf(area, name) >= 0 || AreaNames.isPresence(area, name)) {
                    names.add(name);
                }
            }
        } catch (UnsupportedOperationException cannotList) {
            names.addAll(recorded);
        } catch (IOException e) {
            throw Failures.of(area, area, "list the objects of", e);
        }
        for (String name : names) {
            String refusal = dataRefusal(name);
            if (refusal == null) {
                unlink(name);
            } else if (!refusal.isEmpty()) {
                skipped.add(new Removal.Skipped(name, refusal));
            }
        }
    }

    /**
     * {@return why a data or reader presence object must be left alone, "" if it is gone, or null
     * if it is speculo's}
     */
    private String dataRefusal(String name) {
        boolean presence = AreaNames.isPresence(area, name);
        String kind = presence ? "reader presence" : "data";
        try (MappedObject mapping = store.openReadOnly(name)) {
            long length = presence ? PresenceDescriptor.LENGTH : DataDescriptor.HEADER_LENGTH;
            if (mapping.size() < length) {
                return "it has " + mapping.size() + " bytes, too few for a speculo " + kind + " object";
            }
            long magic = Words.get(mapping.segment(), 0);
            long expected = presence ? PresenceDescriptor.MAGIC : DataDescriptor.MAGIC;
            return magic == expected ? null
                    : "it is not a speculo " + kind + " object (magic 0x" + Long.toHexString(magic) + ")";
        } catch (NoSuchFileException gone) {
            return "";
        } catch (NotAnObjectException e) {
            return "the name is taken by a " + e.kind() + ", not a speculo object";
        } catch (IOException e) {
            return "it cannot be read to check it: " + e.getMessage();
        }
    }

    private void unlink(String name) {
        try {
            if (store.unlink(name)) {
                removed.add(name);
            }
        } catch (IOException e) {
            throw Failures.of(area, name, "remove", e);
        }
    }
}
