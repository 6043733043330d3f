package speculo.core.inspect;

import java.time.Instant;
import speculo.core.area.Liveness;

/**
 * Everything an area's shared objects say about it, decoded and checked: the control object, the
 * current data object's header, and a walk over its committed records. A snapshot taken by
 * {@link Inspector}, for tools such as {@code speculo stat}.
 *
 * @param area              the area's name
 * @param location          where the backend keeps it
 * @param areaTag           the tag every handle of the area carries
 * @param formatVersion     the format version of its objects
 * @param state             {@code initializing}, {@code open} or {@code closed}
 * @param ownerPid          the writer's process id, 0 if no writer owns it
 * @param ownerLiveness     what this process can tell of the writer: none, alive, dead, or unknown (another pid namespace)
 * @param currentGeneration the generation readers read
 * @param pendingGeneration equal to current, or the next one: a collection was building it or the writer preparing it ahead
 * @param readersAnnounce   whether its readers announce the generation they read, so that its writer recycles objects
 * @param mirror            whether it is a mirror of another area ({@code WriterOptions.asMirror})
 * @param mirroredSource    the tag of the area whose handles a mirror takes, 8 hex digits; empty if none
 * @param readers           presence objects of its readers (this inspection's own not counted); -1 where the store cannot list
 * @param dataObjects       its data objects: the current one, those kept for reuse, a next one being prepared; -1 where the store cannot list
 * @param dataObject        the current data object's name
 * @param objectSize        its size in bytes
 * @param indexCount        entries in its index (records a collection copied)
 * @param recordsOffset     where its records start
 * @param copiedEnd         where the copied records end
 * @param sequenceFloor     highest sequence assigned before it was created
 * @param committedTail     end of its committed records
 * @param records           committed records in it
 * @param liveChunks        records that are current and not expired
 * @param liveBytes         their bytes, headers included
 * @param replacedChunks    records replaced by a newer copy
 * @param removedChunks     records removed
 * @param expiredChunks     current records whose expiry has passed
 * @param deadBytes         bytes of replaced, removed and expired records
 * @param firstSequence     sequence of the first record, 0 if none
 * @param lastSequence      sequence of the last record, 0 if none
 * @param inspectedAt       the time expiry was judged by
 */
public record AreaInspection(
        String area, String location,
        int areaTag, long formatVersion, String state, long ownerPid, Liveness ownerLiveness,
        long currentGeneration, long pendingGeneration, boolean readersAnnounce, boolean mirror, String mirroredSource,
        long readers, long dataObjects,
        String dataObject, long objectSize, long indexCount, long recordsOffset, long copiedEnd, long sequenceFloor,
        long committedTail,
        long records, long liveChunks, long liveBytes, long replacedChunks, long removedChunks, long expiredChunks,
        long deadBytes, long firstSequence, long lastSequence, Instant inspectedAt) {

    /** {@return the record space of the current generation} */
    public long capacity() {
        return objectSize - recordsOffset;
    }

    /** {@return the record space written so far} */
    public long used() {
        return committedTail - recordsOffset;
    }

    /** {@return whether a process owns the area but is gone: its writer crashed} */
    public boolean writerDead() {
        return ownerLiveness == Liveness.DEAD;
    }

    /** {@return whether the area's writer is alive, or cannot be told dead from here (and so counts as alive)} */
    public boolean writerHoldsIt() {
        return ownerLiveness.holdsTheArea();
    }

    /**
     * {@return whether the area was abandoned while being created: still initializing, and its
     * creator gone} A creation that fails removes what it made; this is what a creator killed in
     * the middle leaves.
     */
    public boolean abandonedAtCreation() {
        return state.equals("initializing") && !ownerLiveness.holdsTheArea();
    }
}
