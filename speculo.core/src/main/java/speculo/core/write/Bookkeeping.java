package speculo.core.write;

import static speculo.core.layout.RecordDescriptor.CURRENT;
import static speculo.core.layout.RecordDescriptor.NEVER;
import static speculo.core.layout.RecordDescriptor.recordLength;

import speculo.api.internal.BuiltInGcPolicy;
import speculo.api.WriterOptions;
import speculo.core.area.DataObject;
import speculo.core.area.RecordCursor;

/**
 * What the writer knows of the records of its current generation without reading them: live and
 * dead counts ({@link Accounting}), when records expire ({@link ExpiryTracker}), where the expired
 * start ends ({@link ExpiredPrefix}), and the plain stream at the tail ({@link RecordLog}). Each
 * commit and each retirement of a record is told here; a collection restarts all of them for the
 * generation it fills.
 *
 * <p>The writer's thread only.
 */
final class Bookkeeping {

    final Accounting accounting;
    final ExpiryTracker expiry;
    final ExpiredPrefix expiredPrefix;
    /** What the writer committed, so that a collection copies, and statistics count, the plain stream at the tail unread. */
    final RecordLog log;
    /** The policy never needs statistics to decide: statistics are counted by walking the area instead. */
    private final boolean countsOnDemand;
    private final RecordCursor census = new RecordCursor();

    /**
     * @param tail where the records this writer found end: its plain stream starts there
     */
    Bookkeeping(WriterOptions options, long tail, Accounting accounting, ExpiryTracker expiry, ExpiredPrefix expiredPrefix) {
        this.accounting = accounting;
        this.expiry = expiry;
        this.expiredPrefix = expiredPrefix;
        this.log = new RecordLog(tail, RecordLog.enabled());
        this.countsOnDemand = countsOnDemand(options);
    }

    /**
     * {@return whether a writer with these options keeps no expiry queue and counts on demand} True
     * for a policy that never collects ahead of need (the default, or {@code anyOf} of it): the
     * writer then skips counting after each change and reading expired records back to count them.
     */
    static boolean countsOnDemand(WriterOptions options) {
        return options.gcPolicy() instanceof BuiltInGcPolicy builtIn && builtIn.decidesOnCounts() && builtIn.neverCollects();
    }

    /** {@return whether statistics are counted on demand only (see {@link #countsOnDemand(WriterOptions)})} */
    boolean countsOnDemand() {
        return countsOnDemand;
    }

    /** Notes a record committed at {@code [offset, end)}. */
    void committed(long offset, long end, long sequence, long id, long expiresAt) {
        accounting.added(end - offset);
        expiredPrefix.added(offset, expiresAt);
        if (expiresAt != NEVER) {
            expiry.track(expiresAt, offset);
        }
        log.committed(offset, end, sequence, id, expiresAt);
    }

    /**
     * Notes the removal notice {@code [offset, end)}, committed after every record noted so far.
     * Not reported to the {@link ExpiredPrefix}, whose counts are of chunks: a notice is never
     * live, so no collection needs its expiry, and its bytes are dead wherever it lies.
     */
    void noticeCommitted(long offset, long end, long sequence, long id, long removedAt) {
        accounting.notice(end - offset);
        log.committed(offset, end, sequence, id, removedAt);
    }

    /** Notes that the record at {@code offset}, {@code length} bytes with header and padding, was replaced or removed. */
    void retired(long offset, long length) {
        accounting.died(length);
        log.retired(offset + length);
    }

    /** Brings the counts up to date for {@code now}: counts afresh, or counts what expired since. */
    void count(DataObject current, long tail, long now) {
        if (countsOnDemand) {
            recount(current, tail, now);
        } else {
            drainExpired(current, tail, now);
        }
    }

    /**
     * Counts the committed records of the current generation afresh, as live or dead at {@code now}:
     * those of the expired start ({@link ExpiredPrefix}) as a whole, then one by one up to the
     * plain stream the {@link RecordLog} holds, whose expired and live parts it counts as wholes
     * (its first live record found by binary search). A monitor that asks every second must not
     * make the writer read every header each time.
     */
    private void recount(DataObject current, long tail, long now) {
        accounting.reset();
        long liveFrom = expiredPrefix.liveFrom(now);
        long[] kept = expiredPrefix.neverExpiringBefore(liveFrom);
        long keptBytes = 0;
        RecordLog.Entries logged = log.entries();
        long plainPart = log.plainPart(liveFrom, tail);
        long walkEnd = plainPart >= 0 ? logged.offset(plainPart) : tail;
        Candidates records = new Candidates(census, current, kept, liveFrom, tail, walkEnd);
        while (records.next()) {
            accounting.count(census, now, expiry);
            if (census.offset() < liveFrom) {
                keptBytes += census.recordLength();
            }
        }
        accounting.expiredUnread(expiredPrefix.recordsBefore(liveFrom) - kept.length,
                liveFrom - current.recordsOffset() - keptBytes);
        if (plainPart >= 0) {
            long firstLive = logged.firstLive(plainPart, now);
            long liveStart = firstLive < logged.count() ? logged.offset(firstLive) : tail;
            accounting.expiredUnread(firstLive - plainPart, liveStart - walkEnd);
            accounting.liveUnread(logged.count() - firstLive, tail - liveStart);
        }
    }

    /** Counts the records that expired by {@code now} as dead. */
    private void drainExpired(DataObject current, long tail, long now) {
        while (expiry.hasExpired(now)) {
            long offset = expiry.poll();
            if (current.successor(offset) == CURRENT) {
                accounting.died(recordLength(current.checkedLength(offset, tail)));
            }
        }
    }
}
