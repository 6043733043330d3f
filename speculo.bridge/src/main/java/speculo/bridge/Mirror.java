package speculo.bridge;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.List;
import speculo.api.ChunkHandle;
import speculo.api.ChunkNotFoundException;
import speculo.api.Writer;
import speculo.api.internal.HandleParts;

/**
 * Applies a sender's changes to the mirror area, keeping which mirror chunk holds which source
 * chunk (by the source's id) and which source record it is a copy of (by its sequence).
 *
 * <p>A sync replaces that knowledge: at {@link #begin} what is known becomes <em>unconfirmed</em>;
 * each chunk of the live set that follows confirms its entry (unchanged if it is the same source
 * record, replaced if not, written if new); at {@link #snapshotEnd} every unconfirmed chunk is
 * removed. The chunks a previous receiver left in the mirror are known by their ids, which are the
 * source's, but not by the source record they copy: the first sync replaces or removes each. So a
 * sync converges on the source's live set whatever the mirror held, and a sync of a mirror already
 * in step writes nothing.
 */
final class Mirror {

    /** The source sequence of a chunk a previous receiver left: none, so that a sync writes it again. */
    private static final long UNKNOWN_SEQUENCE = 0;

    /** When the copy of source chunk {@code id} written from source record {@code sequence} expires. */
    private record Expiry(long expiresAt, long id, long sequence) {
    }

    private final Writer writer;
    /** What is known of the source chunks the mirror holds; those not confirmed by {@link #sync} are unconfirmed. */
    private final SourceChunks known;
    /**
     * The copies that expire, soonest first: once expired on the mirror, a chunk can be neither
     * replaced nor removed on the source any more, so what is known of it is forgotten
     * ({@link #expire}); a stream of chunks with a time to live would otherwise grow the table for ever.
     */
    private final java.util.PriorityQueue<Expiry> expiries = new java.util.PriorityQueue<>(
            java.util.Comparator.comparingLong(Expiry::expiresAt));
    /** The tag of the source area the chunks written last came from, if {@link #sourceKnown}. */
    private int source;
    private boolean sourceKnown;
    /**
     * Whether the next copy is to be written with {@link Writer#mirror} even if the mirror holds an
     * older one: that is what tells the mirror area which source's handles to take, after a switch
     * to another source (or this receiver's start).
     */
    private boolean announceSource;
    private long epoch;
    /** The number of the sync under way or last ended: entries it has not confirmed are unconfirmed. */
    private int sync;
    private boolean inSnapshot;
    private boolean synced;
    private long chunksApplied;
    private long removalsApplied;
    private long syncs;

    /**
     * @param writer the mirror area's writer
     * @param held   the live chunks the mirror holds already, which carry their source chunks' ids
     */
    Mirror(Writer writer, List<ChunkHandle> held) {
        this.writer = writer;
        this.known = new SourceChunks(writer.area());
        for (ChunkHandle handle : held) {
            known.put(handle.id(), UNKNOWN_SEQUENCE, handle, sync); // unconfirmed from the first sync on
        }
    }

    /** A sync of {@code epoch} starts: what is known becomes unconfirmed. */
    void begin(long epoch) {
        this.epoch = epoch;
        sync++;
        inSnapshot = true;
        synced = false;
    }

    /** {@return whether messages of {@code epoch} are to be applied} */
    boolean follows(long epoch) {
        return epoch != 0 && epoch == this.epoch;
    }

    /**
     * A chunk arrived.
     *
     * @param source    the source area's tag
     * @param sequence  its source sequence
     * @param id        its source id
     * @param expiresAt its expiry, epoch ms on the mirror writer's clock; {@link Long#MAX_VALUE} for never
     * @param data      its bytes
     */
    void chunk(int source, long sequence, long id, long expiresAt, MemorySegment data) {
        if (!sourceKnown || source != this.source) {
            // Another source area (or the same one made again), whose ids and sequences start again:
            // what the mirror holds is no copy of a record of it, and is written over or removed by the sync.
            known.forgetSequences(UNKNOWN_SEQUENCE);
            this.source = source;
            sourceKnown = true;
            announceSource = true;
        }
        int slot = known.find(id);
        if (slot >= 0 && known.sequence(slot) == sequence) {
            known.confirm(slot, sync); // the same source record: a sync of what the mirror has already
            return;
        }
        ChunkHandle held = null;
        if (slot >= 0) {
            held = known.handle(slot);
            known.removeAt(slot); // known again below if a copy is written
        }
        Instant expiry = expiresAt == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(expiresAt);
        if (expiresAt != Long.MAX_VALUE && expiresAt <= writer.clock().millis()) {
            if (held != null) {
                writer.remove(held); // the newer copy has expired already: the older one must not live on
            }
            return;
        }
        ChunkHandle handle = null;
        if (held != null && announceSource) {
            writer.remove(held); // so that the copy below is a new one, written with the source's handle
            held = null;
        }
        if (held != null) {
            try {
                handle = writer.replace(held, data, expiry);
            } catch (ChunkNotFoundException expiredOnTheMirror) {
                // the older copy expired here (or a collection dropped it): the new one is written afresh
            } catch (IllegalArgumentException expiredMeanwhile) {
                writer.remove(held);
                return;
            }
        }
        if (handle == null) {
            try {
                // The copy keeps the source chunk's id, so that the source's handles of it resolve here.
                handle = writer.mirror(HandleParts.access().of(source, 0, 0, id), data, expiry);
            } catch (IllegalArgumentException refused) {
                if (expiresAt != Long.MAX_VALUE && expiresAt <= writer.clock().millis()) {
                    return; // its expiry passed between the check above and the write
                }
                throw refused;
            }
            announceSource = false;
        }
        known.put(id, sequence, handle, sync);
        if (expiresAt != Long.MAX_VALUE) {
            expiries.add(new Expiry(expiresAt, id, sequence));
        }
        chunksApplied++;
    }

    /** Forgets the copies that have expired by {@code now} (epoch ms, the mirror writer's clock); {@return how many} */
    int expire(long now) {
        int forgotten = 0;
        while (!expiries.isEmpty() && expiries.peek().expiresAt <= now) {
            Expiry due = expiries.poll();
            int slot = known.find(due.id);
            if (slot >= 0 && known.sequence(slot) == due.sequence) { // not replaced by a newer copy since
                known.removeAt(slot);
                forgotten++;
            }
        }
        return forgotten;
    }

    /** {@return how many source chunks the mirror is known to hold: confirmed, and during a sync unconfirmed} */
    int held() {
        return known.size();
    }

    /** The chunk of source id {@code id} was removed. */
    void removal(long id) {
        int slot = known.find(id);
        if (slot >= 0) {
            writer.remove(known.handle(slot));
            known.removeAt(slot);
            removalsApplied++;
        }
    }

    /** The live set of this epoch is complete: what it did not confirm is gone. */
    void snapshotEnd() {
        for (int slot = 0; slot < known.slots(); ) {
            if (known.id(slot) != 0 && known.confirmedIn(slot) != sync) {
                writer.remove(known.handle(slot));
                known.removeAt(slot); // an entry may have moved into this slot: look at it again
            } else {
                slot++;
            }
        }
        inSnapshot = false;
        synced = true;
        syncs++;
    }

    /** The stream from the sender broke (its image went away): nothing is applied until the next sync. */
    void lost() {
        epoch = 0;
        synced = false;
    }

    /** {@return whether the mirror follows a sender and has its whole live set} */
    boolean synced() {
        return synced;
    }

    /** {@return whether a sync is under way} */
    boolean inSnapshot() {
        return inSnapshot && epoch != 0;
    }

    long chunksApplied() {
        return chunksApplied;
    }

    long removalsApplied() {
        return removalsApplied;
    }

    long syncs() {
        return syncs;
    }

    /** {@return the handle the mirror holds source chunk {@code id} under, if a sync confirmed it or it came since} */
    ChunkHandle handleOf(long id) {
        int slot = known.find(id);
        return slot >= 0 && known.confirmedIn(slot) == sync ? known.handle(slot) : null;
    }
}
