package speculo.core.inspect;

import java.time.InstantSource;
import speculo.core.area.AreaNames;
import speculo.core.area.ControlObject;
import speculo.core.area.DataObject;
import speculo.core.area.MemoryFaults;
import speculo.core.area.ReadOnlyArea;
import speculo.core.area.ReaderPresence;
import speculo.core.area.RecordCursor;
import speculo.core.layout.ControlDescriptor;
import speculo.core.spi.ObjectStore;

/**
 * Takes an {@link AreaInspection}: maps the area read-only exactly as a reader does, decodes the
 * headers, walks every committed record with the same checks, and unmaps. Never writes.
 */
public final class Inspector {

    private Inspector() {
    }

    /**
     * Inspects an area.
     *
     * @param store where the area lives
     * @param area  the area's name, already checked
     * @param clock the time by which to judge expiry
     * @return the snapshot
     * @throws speculo.api.AreaNotFoundException if there is no such area
     * @throws speculo.api.CorruptAreaException  if any value is impossible
     */
    public static AreaInspection inspect(ObjectStore store, String area, InstantSource clock) {
        try (ControlObject control = ReadOnlyArea.openControl(store, area, null, true)) {
            ControlObject.Owner owner;
            try {
                owner = control.judgeOwner();
                if (control.state() == ControlDescriptor.STATE_INITIALIZING) {
                    // Being created, or its creator died before publishing it: only the owner is known.
                    return new AreaInspection(area, store.location(), 0, ControlDescriptor.FORMAT_VERSION, "initializing",
                            owner.pid(), owner.liveness(), 0, 0, false, false, "", 0, 0, "-", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, clock.instant());
                }
            } catch (InternalError fault) {
                throw MemoryFaults.translate(fault, area, control.objectName());
            }
            // Announced like a reader's, so that the writer does not recycle the object while it is counted.
            try (ReaderPresence presence = ReadOnlyArea.presenceIfAnnounced(store, control, area);
                 DataObject data = ReadOnlyArea.openCurrentGeneration(store, control, area, presence)) {
                return inspect(store, area, clock, control, owner, data, presence != null);
            } catch (InternalError fault) {
                // Either object: the control object is read again in there, the data object throughout.
                throw MemoryFaults.translate(fault, area, control.objectName() + " or its current generation");
            }
        }
    }

    private static AreaInspection inspect(ObjectStore store, String area, InstantSource clock, ControlObject control,
                                          ControlObject.Owner owner, DataObject data, boolean presence) {
        long state = control.state();
        long tail = data.committedTail();
        long now = clock.millis();
        long records = 0;
        long liveChunks = 0;
        long liveBytes = 0;
        long replaced = 0;
        long removed = 0;
        long expired = 0;
        long deadBytes = 0;
        long first = 0;
        RecordCursor cursor = new RecordCursor();
        cursor.reset(data, data.recordsOffset(), 0);
        cursor.limit(tail);
        while (cursor.next()) {
            records++;
            if (first == 0) {
                first = cursor.sequence();
            }
            if (cursor.isLive(now)) {
                liveChunks++;
                liveBytes += cursor.recordLength();
                continue;
            }
            deadBytes += cursor.recordLength();
            if (cursor.isRemovalNotice()) {
                removed++;
            } else if (!cursor.isCurrent()) {
                replaced++;
            } else {
                expired++;
            }
        }
        // A removal links the chunk's copy to its notice, in the same generation: that copy was
        // counted as replaced above.
        replaced -= removed;
        long[] objects = countObjects(store, area);
        long readers = presence && objects[0] > 0 ? objects[0] - 1 : objects[0];
        return new AreaInspection(area, store.location(), control.areaTag(), ControlDescriptor.FORMAT_VERSION,
                stateName(state), owner.pid(), owner.liveness(), data.generation(),
                control.pendingGeneration(), control.readersAnnounce(), control.isMirror(), mirroredSource(control),
                readers, objects[1], data.objectName(), data.size(), data.indexCount(), data.recordsOffset(),
                data.copiedEnd(), data.sequenceFloor(), tail, records, liveChunks, liveBytes, replaced, removed,
                expired, deadBytes, first, cursor.lastSequence(), clock.instant());
    }

    /** {@return the tag of the source a mirror takes handles of, 8 hex digits; empty if it is none or follows none yet} */
    private static String mirroredSource(ControlObject control) {
        long source = control.mirroredSource();
        return (source & ControlDescriptor.MIRRORED_SOURCE_KNOWN) == 0 ? "" : String.format("%08x", (int) source);
    }

    /** {@return how many reader presences and data objects of the area the store lists; both -1 if it cannot list} */
    private static long[] countObjects(ObjectStore store, String area) {
        long presences = 0;
        long data = 0;
        try {
            for (String name : store.list()) {
                if (AreaNames.isPresence(area, name)) {
                    presences++;
                } else if (AreaNames.slotOf(area, name) >= 0) {
                    data++;
                }
            }
            return new long[] {presences, data};
        } catch (java.io.IOException | UnsupportedOperationException cannotList) {
            return new long[] {-1, -1};
        }
    }

    private static String stateName(long state) {
        if (state == ControlDescriptor.STATE_OPEN) {
            return "open";
        }
        return state == ControlDescriptor.STATE_CLOSED ? "closed" : "initializing";
    }
}
