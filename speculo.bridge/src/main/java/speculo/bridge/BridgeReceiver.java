package speculo.bridge;

import static speculo.bridge.MessageDescriptor.*;

import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The mirror end of a bridge: the writer of a local area that follows a {@link BridgeSender}'s
 * area. Chunks arrive in the source's order with their bytes and expiry; replacements replace,
 * removals remove. Collections run on each side on their own.
 *
 * <p>A receiver applies nothing until a sync has begun: one that starts while the sender is in
 * the middle of its stream, or loses the sender's stream (Aeron closes an image that falls too
 * far behind, or whose sender died), asks for a sync on the control channel once a second until
 * one begins, and meanwhile leaves the mirror as it is. {@link #isSynced()} tells whether it follows
 * the sender with its whole live set.
 *
 * <p>The mirror is a {@linkplain WriterOptions#asMirror mirror area}: its copies keep the source
 * chunks' ids, and a handle made on the source resolves on the mirror to the newest copy of its
 * chunk, through any reader of the mirror (docs/BRIDGE.md).
 *
 * <p>Single-threaded: call {@link #doWork()} in a loop, or {@link #run}.
 */
public final class BridgeReceiver implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("speculo.bridge");
    /** How often a receiver that waits for a sync asks for one. */
    private static final long RESYNC_INTERVAL_NANOS = 1_000_000_000L;

    private final Backend backend;
    private final BridgeOptions options;
    private final WriterOptions writerOptions;
    private final AeronTransport transport;
    /** The mirror area's name; null until the first sync names it, for a receiver not told one. */
    private String area;
    private Writer writer;
    private Mirror mirror;
    private final Subscription subscription;
    private final Publication control;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final MessageData data = new MessageData();
    private long lastRequestNanos = System.nanoTime() - RESYNC_INTERVAL_NANOS;
    private volatile boolean imageLost;

    private BridgeReceiver(Backend backend, BridgeOptions options, WriterOptions writerOptions, AeronTransport transport) {
        this.backend = backend;
        this.options = options;
        this.writerOptions = writerOptions;
        this.transport = transport;
        this.subscription = transport.aeron().addSubscription(options.channel(), options.streamId(), image -> { },
                this::onUnavailableImage);
        this.control = transport.aeron().addExclusivePublication(options.controlChannel(), options.controlStreamId());
    }

    /**
     * Starts a receiver: opens the mirror area as its writer (taking it over if its previous
     * writer died), its media driver (unless the options name an external one), its subscription
     * and control publication. What the mirror holds stays readable until the first sync ends,
     * which removes what the source no longer has.
     *
     * @param backend       the backend of the mirror area
     * @param area          the mirror area's name; null to take the source area's, which the first
     *                      sync tells (the mirror is opened then)
     * @param options       the channels
     * @param writerOptions how the mirror area is written (capacity, GC policy...); the receiver
     *                      opens it {@linkplain WriterOptions#asMirror as a mirror}
     * @return the receiver
     */
    public static BridgeReceiver open(Backend backend, String area, BridgeOptions options, WriterOptions writerOptions) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(writerOptions, "writerOptions");
        AeronTransport transport = AeronTransport.start(options, area);
        BridgeReceiver receiver = null;
        try {
            receiver = new BridgeReceiver(backend, options, writerOptions, transport);
            if (area != null) {
                receiver.openMirror(area);
            }
            return receiver;
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(receiver, transport);
            throw e;
        }
    }

    /** Opens the mirror area as its writer; what it holds already is left to the first sync. */
    private void openMirror(String name) {
        Writer opened = backend.writer(name, writerOptions.asMirror());
        try {
            mirror = new Mirror(opened, liveChunks(backend, name, opened.clock()));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        writer = opened;
        area = name;
    }

    /**
     * Does one round of work: applies up to 16 messages, and asks for a sync if it waits for one.
     *
     * @return how much was done (0: nothing to do, the caller may idle)
     */
    public int doWork() {
        if (imageLost) {
            imageLost = false;
            if (mirror != null && (mirror.synced() || mirror.inSnapshot())) {
                LOG.log(System.Logger.Level.WARNING, "area ''{0}'': lost the sender''s stream; the mirror stays as it is"
                        + " until the next sync", area);
            }
            if (mirror != null) {
                mirror.lost();
            }
        }
        int work = transport.doWork(); // takes in what arrived, for the poll below
        work += subscription.poll(assembler, 16);
        if (mirror != null) {
            mirror.expire(writer.clock().millis()); // a clock read, and a peek when nothing expired
        }
        boolean waiting = mirror == null || !mirror.synced() && !mirror.inSnapshot();
        if (waiting && System.nanoTime() - lastRequestNanos >= RESYNC_INTERVAL_NANOS) {
            lastRequestNanos = System.nanoTime();
            request.putInt(TYPE_OFFSET, RESYNC, ByteOrder.LITTLE_ENDIAN);
            request.putInt(VERSION_OFFSET, VERSION, ByteOrder.LITTLE_ENDIAN);
            control.offer(request, 0, HEADER_LENGTH); // lost if the sender is not there yet: asked again later
        }
        return work;
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

    /** {@return whether the mirror follows the sender with its whole live set} */
    public boolean isSynced() {
        return mirror != null && mirror.synced();
    }

    /** {@return the chunks written or replaced in the mirror so far} */
    public long chunksApplied() {
        return mirror == null ? 0 : mirror.chunksApplied();
    }

    /** {@return the removals applied so far} */
    public long removalsApplied() {
        return mirror == null ? 0 : mirror.removalsApplied();
    }

    /**
     * {@return how many source chunks the mirror holds, as far as this receiver knows} Those it
     * wrote, less those removed, replaced or expired since.
     */
    public long chunksHeld() {
        return mirror == null ? 0 : mirror.held();
    }

    /** {@return the syncs completed so far} */
    public long syncs() {
        return mirror == null ? 0 : mirror.syncs();
    }

    /** {@return the mirror area's name, if known yet (a receiver not told one learns it at the first sync)} */
    public java.util.Optional<String> area() {
        return java.util.Optional.ofNullable(area);
    }

    @Override
    public void close() {
        CloseHelper.closeAll(subscription, control, transport, writer); // null-safe: a mirror never opened
    }

    // ----------------------------------------------------------------------------------------

    private void onMessage(DirectBuffer buffer, int offset, int length, Header frame) {
        if (length < HEADER_LENGTH || buffer.getInt(offset + VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) != VERSION) {
            return;
        }
        int type = buffer.getInt(offset + TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        long epoch = buffer.getLong(offset + EPOCH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (type == BEGIN) {
            if (mirror == null && !openMirrorNamedBy(buffer, offset + HEADER_LENGTH, length - HEADER_LENGTH)) {
                return;
            }
            mirror.begin(epoch);
            return;
        }
        if (mirror == null || !mirror.follows(epoch)) {
            return; // a sync this receiver did not see begin: wait for the next
        }
        switch (type) {
            case CHANGES -> apply(buffer, offset, length, buffer.getLong(offset + SENT_AT_OFFSET, ByteOrder.LITTLE_ENDIAN),
                    buffer.getInt(offset + SOURCE_TAG_OFFSET, ByteOrder.LITTLE_ENDIAN));
            case SNAPSHOT_END -> mirror.snapshotEnd();
            default -> {
                // a type of a later version of the protocol: nothing to do with it
            }
        }
    }

    /**
     * Applies the records of a {@link MessageDescriptor#CHANGES} message. One that does not parse
     * (the network is input like any other) is not applied further: the mirror asks for a sync, as
     * when it loses the stream, since a change it could not read may be one it must not miss.
     */
    private void apply(DirectBuffer buffer, int offset, int length, long sentAt, int source) {
        int at = HEADER_LENGTH;
        while (at < length) {
            boolean whole = length - at >= RECORD_HEADER_LENGTH;
            int kind = whole ? buffer.getInt(offset + at + KIND_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
            int size = whole ? buffer.getInt(offset + at + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) : -1;
            long sequence = whole ? buffer.getLong(offset + at + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
            long id = whole ? buffer.getLong(offset + at + ID_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
            // A source id is positive (docs/FORMAT.md); at most its record's sequence, unless the
            // source is a mirror itself, whose ids are its own source's.
            if (size < 0 || size > length - at - RECORD_HEADER_LENGTH || kind != CHUNK && kind != REMOVAL
                    || id <= 0) {
                LOG.log(System.Logger.Level.WARNING, "area ''{0}'': a message of {1} bytes has a bad record at {2}"
                        + " (kind {3}, length {4}, sequence {5}, id {6}); the mirror asks for a sync",
                        area, length, at, kind, size, sequence, id);
                mirror.lost();
                return;
            }
            if (kind == REMOVAL) {
                mirror.removal(id);
            } else {
                long expiresAt = expiry(buffer.getLong(offset + at + EXPIRES_AT_OFFSET, ByteOrder.LITTLE_ENDIAN), sentAt);
                mirror.chunk(source, sequence, id, expiresAt, data.of(buffer, offset + at + RECORD_HEADER_LENGTH, size));
            }
            at = MessageDescriptor.nextRecord(at, size);
        }
    }

    /**
     * Opens the mirror under the source area's name a {@link MessageDescriptor#BEGIN} carries.
     * {@return whether it is open} A name that is no valid area name (the network is input like any
     * other) is logged and the sync ignored.
     */
    private boolean openMirrorNamedBy(DirectBuffer buffer, int offset, int length) {
        String name = buffer.getStringWithoutLengthUtf8(offset, length);
        try {
            openMirror(name);
            LOG.log(System.Logger.Level.INFO, "mirroring area ''{0}''", name);
            return true;
        } catch (IllegalArgumentException badName) {
            LOG.log(System.Logger.Level.WARNING, "a sender names its area ''{0}'', which cannot be mirrored: {1}",
                    name.replaceAll("\\p{Cntrl}", "?"), badName.getMessage());
            return false;
        }
    }

    /** {@return the expiry to give the mirror's copy, epoch ms on its writer's clock} */
    private long expiry(long expiresAt, long sentAt) {
        if (expiresAt <= sentAt) {
            return 0; // expired when sent, whatever this clock says: it carries no bytes (BridgeSender)
        }
        if (expiresAt == Long.MAX_VALUE || !options.rebasedExpiry()) {
            return expiresAt;
        }
        long left = expiresAt - sentAt; // positive, unless the two overflow (no real clock): then expired
        long now = writer.clock().millis();
        return left > Long.MAX_VALUE - 1 - now ? Long.MAX_VALUE - 1 : now + left; // saturates short of never
    }

    private void onUnavailableImage(Image image) {
        imageLost = true; // Aeron's conductor thread: the receiver's own thread acts on it
    }

    /**
     * {@return the handles of the live chunks of the area, read with a reader of its own} Live by
     * its writer's clock, which judges whether the mirror holds a live copy of a chunk already.
     */
    private static List<ChunkHandle> liveChunks(Backend backend, String area, java.time.InstantSource clock) {
        List<ChunkHandle> handles = new ArrayList<>();
        try (Reader reader = backend.reader(area, ReaderOptions.defaults().withClock(clock))) {
            while (reader.poll(chunk -> handles.add(chunk.handle()), 256) > 0) {
                // all of it
            }
        }
        return handles;
    }
}
