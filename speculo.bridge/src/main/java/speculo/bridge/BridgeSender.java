package speculo.bridge;

import static speculo.bridge.MessageDescriptor.*;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ControlledChunkHandler;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.internal.HandleParts;

/**
 * The source end of a bridge: reads a local area and publishes every change on the data channel,
 * in stream order — each chunk, each replacement (a chunk whose id is below its sequence) and each
 * removal (the area's removal notices).
 *
 * <p>It <em>syncs</em> when it starts, when a receiver connects after none was, when a receiver
 * asks for it on the control channel, and when a garbage collection of the area dropped records
 * before this sender had sent them (one of them may have been a removal or a replacement the
 * receivers must not miss): a {@link MessageDescriptor#BEGIN} with a new epoch, then the whole
 * live set read afresh from the oldest chunk, then {@link MessageDescriptor#SNAPSHOT_END} once it
 * has caught up, then the changes as they come. Each round's changes go in as few messages as
 * fit them, one Aeron frame each, sent at the end of the round: a change never waits for a fuller
 * message. A chunk too large for a frame goes alone, from the shared mapping into Aeron's buffers
 * without a copy of its own.
 *
 * <p>Single-threaded: call {@link #doWork()} in a loop, or {@link #run}.
 */
public final class BridgeSender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("speculo.bridge");
    /** The most chunks one {@link #doWork()} sends. */
    private static final int BATCH = 256;
    /** The sender reads with a clock that never moves: an expired chunk is still news (a replacement, say). */
    private static final InstantSource NEVER_EXPIRED = InstantSource.fixed(Instant.EPOCH);

    private final Backend backend;
    private final String area;
    private final InstantSource clock;
    private final BridgeOptions options;
    private final AeronTransport transport;
    private final Publication publication;
    private final Subscription control;
    private final FragmentHandler onControl = this::onControl;
    private final ControlledChunkHandler onChunk = this::send;
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    /** The headers of a chunk sent alone; its bytes go from the area's mapping. */
    private final UnsafeBuffer alone = new UnsafeBuffer(new byte[HEADER_LENGTH + RECORD_HEADER_LENGTH]);
    private final Batch batch;
    private final UnsafeBuffer areaName;
    private final UnsafeBuffer data = new UnsafeBuffer(0, 0);

    private Reader reader;
    private long epoch;
    /** The area's tag, which every CHANGES message carries for the mirror; read from the first chunk's handle. */
    private int sourceTag;
    private boolean sourceTagKnown;
    /** The clock when this round began: whether a change had expired before its turn is judged by it. */
    private long now;
    /** A message that must go out before any chunk: {@link MessageDescriptor#BEGIN}, {@link MessageDescriptor#SNAPSHOT_END}, or 0. */
    private int owed;
    private boolean inSnapshot;
    /** Whether Aeron refused a chunk in this round (back pressure, or no receiver). */
    private boolean refused;
    private boolean connected;
    private boolean syncWanted = true;
    private long chunksSent;
    private long removalsSent;
    private long syncs;

    private BridgeSender(Backend backend, String area, BridgeOptions options, InstantSource clock, AeronTransport transport) {
        this.backend = backend;
        this.area = area;
        this.clock = clock;
        this.options = options;
        this.transport = transport;
        this.areaName = new UnsafeBuffer(area.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.publication = transport.aeron().addExclusivePublication(options.channel(), options.streamId());
        this.control = transport.aeron().addSubscription(options.controlChannel(), options.controlStreamId());
        this.batch = new Batch(publication.maxPayloadLength());
    }

    /**
     * Starts a sender: its media driver (unless the options name an external one), its
     * publication and control subscription. The area must exist; nothing is read before a
     * receiver connects.
     *
     * @param backend the backend the area is on
     * @param area    the area to send
     * @param options the channels
     * @return the sender
     */
    public static BridgeSender open(Backend backend, String area, BridgeOptions options) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(options, "options");
        backend.reader(area, ReaderOptions.defaults()).close(); // fails now, not at the first receiver, if the area is not there
        AeronTransport transport = AeronTransport.start(options, area);
        try {
            return new BridgeSender(backend, area, options, InstantSource.system(), transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Does one round of work: takes requests from the control channel, syncs if it must, and
     * sends up to 256 changes, as many to a message as fit in one frame.
     *
     * @return how much was done (0: nothing to do, the caller may idle)
     * @throws BridgeException                if the publication closed, or a chunk is too large for a message
     * @throws speculo.api.SpeculoException   if the area cannot be read
     */
    public int doWork() {
        int work = transport.doWork();
        work += control.poll(onControl, 8);
        if (!publication.isConnected()) {
            connected = false;
            return work;
        }
        if (!connected) {
            connected = true;
            syncWanted = true; // a receiver came: it knows nothing yet
        }
        if (syncWanted) {
            startSync();
            work++;
        }
        if (owed != 0 && !offerOwed()) {
            return work;
        }
        if (batch.pending() && !flush()) {
            return work; // what Aeron refused goes first, before anything newer
        }
        long generation = reader.generation();
        long skipped = reader.skipped();
        refused = false;
        now = clock.millis();
        int sent = reader.controlledPoll(onChunk, BATCH);
        if (batch.pending() && !flush()) {
            refused = true; // the batch goes out at the end of every round: no change waits for a fuller one
        }
        if (reader.generation() != generation && reader.skipped() != skipped) {
            // A collection dropped records this sender had not sent: maybe a removal or a
            // replacement, which receivers would otherwise miss for good.
            syncWanted = true;
        } else if (sent == 0 && !refused && inSnapshot) {
            // Caught up with the area (not held back by Aeron): the live set is complete.
            owed = SNAPSHOT_END;
            inSnapshot = false;
            offerOwed();
        }
        return work + sent + transport.doWork(); // what this round offered goes out now, not a round later
    }

    /**
     * Runs {@link #doWork()} until {@code running} says stop, idling as the options' idle strategy
     * says when there is nothing to do.
     *
     * @param running asked before each round
     */
    public void run(BooleanSupplier running) {
        DutyCycle.run(this::doWork, running, options.newIdleStrategy());
    }

    /** {@return the chunks sent so far, replacements and those of syncs included} */
    public long chunksSent() {
        return chunksSent;
    }

    /** {@return the removals sent so far} */
    public long removalsSent() {
        return removalsSent;
    }

    /** {@return how many syncs this sender started} */
    public long syncs() {
        return syncs;
    }

    /** {@return the area this sender reads} */
    public String area() {
        return area;
    }

    @Override
    public void close() {
        CloseHelper.closeAll(reader, publication, control, transport);
    }

    // ----------------------------------------------------------------------------------------

    /** Reads the area afresh from its oldest chunk, under a new epoch. */
    private void startSync() {
        syncWanted = false;
        if (reader != null) {
            reader.close();
        }
        reader = backend.reader(area, ReaderOptions.defaults().withRemovals(true).withClock(NEVER_EXPIRED));
        long next;
        do {
            next = ThreadLocalRandom.current().nextLong();
        } while (next == 0 || next == epoch);
        epoch = next;
        batch.clear(); // changes of the last epoch, which receivers would ignore
        sourceTagKnown = false; // the area may have been made again since, with a new tag
        owed = BEGIN;
        inSnapshot = true;
        syncs++;
        LOG.log(System.Logger.Level.DEBUG, "area ''{0}'': sync {1} starts, epoch {2}", area, syncs, Long.toHexString(epoch));
    }

    /** Offers the owed message; {@return whether it went out} */
    private boolean offerOwed() {
        Batch.writeHeader(header, owed, epoch, clock.millis(), 0);
        long result = owed == BEGIN ? publication.offer(header, 0, HEADER_LENGTH, areaName, 0, areaName.capacity())
                : publication.offer(header, 0, HEADER_LENGTH);
        if (offer(result)) {
            owed = 0;
            return true;
        }
        return false;
    }

    private ControlledChunkHandler.Action send(Chunk chunk) {
        if (!sourceTagKnown) {
            sourceTag = HandleParts.access().areaTag(chunk.handle()); // the area's, the same for all its chunks
            sourceTagKnown = true;
        }
        int kind;
        long size;
        if (chunk.isRemoval()) {
            kind = REMOVAL;
            size = 0;
        } else if (chunk.expiresAtMillis() != Long.MAX_VALUE && chunk.expiresAtMillis() <= now) {
            // Expired before it could be sent (this sender is behind, or syncing): a first copy is
            // not sent at all, a later one without its bytes, so that the receiver drops the older
            // copy it holds. A sender that fell behind catches up by what it need not send.
            if (chunk.id() == chunk.sequence()) {
                return ControlledChunkHandler.Action.CONTINUE;
            }
            kind = CHUNK;
            size = 0;
        } else {
            kind = CHUNK;
            size = chunk.size();
        }
        if (!batch.fits(size)) {
            if (batch.pending() && !flush()) {
                refused = true;
                return ControlledChunkHandler.Action.ABORT; // the same chunk again at the next round
            }
            if (!batch.fits(size)) {
                if (!offer(sendAlone(chunk, kind, size))) {
                    refused = true;
                    return ControlledChunkHandler.Action.ABORT;
                }
                if (kind == REMOVAL) {
                    removalsSent++;
                } else {
                    chunksSent++;
                }
                return ControlledChunkHandler.Action.CONTINUE;
            }
        }
        batch.add(kind, chunk, size, epoch, sourceTag);
        return ControlledChunkHandler.Action.CONTINUE;
    }

    /** Sends a chunk too large for a frame in a message of its own, its bytes straight from the area. {@return Aeron's result} */
    private long sendAlone(Chunk chunk, int kind, long size) {
        int room = publication.maxMessageLength() - HEADER_LENGTH - RECORD_HEADER_LENGTH;
        if (size > room) {
            throw new BridgeException(area, "chunk " + chunk.sequence() + " of area '" + area + "' has " + size
                    + " bytes; a message of this channel holds at most " + room
                    + " (an eighth of its term length: raise it with term-length in the channel URI, up to 1 GiB)");
        }
        Batch.writeHeader(alone, CHANGES, epoch, clock.millis(), sourceTag);
        Batch.writeRecord(alone, HEADER_LENGTH, kind, chunk, (int) size);
        data.wrap(chunk.mapping().address() + chunk.dataOffset(), (int) size);
        return publication.offer(alone, 0, HEADER_LENGTH + RECORD_HEADER_LENGTH, data, 0, (int) size);
    }

    /** Offers the batch; {@return whether it went out} (then it is empty again). */
    private boolean flush() {
        if (!offer(batch.offerTo(publication, clock.millis()))) {
            return false;
        }
        chunksSent += batch.chunks();
        removalsSent += batch.removals();
        batch.clear();
        return true;
    }

    /**
     * Judges an offer's result. {@return whether the message went out} Back pressure and admin
     * actions are tried again later; a receiver that went away is waited for, and the next one
     * gets a sync.
     */
    private boolean offer(long result) {
        if (result > 0) {
            return true;
        }
        if (result == Publication.NOT_CONNECTED) {
            connected = false;
            return false;
        }
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) {
            return false;
        }
        throw new BridgeException(area, "the publication of area '" + area + "' on " + publication.channel()
                + " can take no more messages (" + Publication.errorString(result) + ")");
    }

    private void onControl(org.agrona.DirectBuffer buffer, int offset, int length, io.aeron.logbuffer.Header frame) {
        if (length >= HEADER_LENGTH && buffer.getInt(offset + TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) == RESYNC
                && buffer.getInt(offset + VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) == VERSION) {
            // One sync at a time: a receiver that joined during one keeps asking until it is over.
            if (!inSnapshot) {
                LOG.log(System.Logger.Level.DEBUG, "area ''{0}'': a receiver asks for a sync", area);
                syncWanted = true;
            }
        }
    }
}
