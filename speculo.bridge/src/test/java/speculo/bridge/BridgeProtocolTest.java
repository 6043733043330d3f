package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;
import static speculo.bridge.MessageDescriptor.*;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.api.internal.HandleParts;

/**
 * A {@link BridgeReceiver} fed messages written by hand, as docs/BRIDGE.md describes them, over
 * {@code aeron:ipc} through a media driver of the test's ({@link BridgeOptions#withAeronDirectory}):
 * it applies what follows the protocol, ignores what is not of its sync or version, and answers a
 * message it cannot parse by asking for a sync, never by applying a guess; re-based, it counts a
 * chunk's time left from its own clock.
 */
class BridgeProtocolTest {

    private static final long EPOCH = 0x5eed_cafeL;
    private static final long FOREVER = Long.MAX_VALUE;

    @TempDir
    Path directory;

    private final Backend backend = Speculo.backend("file");
    private final String mirror = "bridge-protocol-" + ProcessHandle.current().pid();
    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication sender;
    private Subscription requests;
    private BridgeReceiver receiver;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4096]);

    @BeforeEach
    void start() throws Exception {
        String aeronDirectory = Files.createDirectories(directory.resolve("aeron")).toString();
        driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
        sender = aeron.addExclusivePublication("aeron:ipc", BridgeOptions.DEFAULT_STREAM_ID);
        requests = aeron.addSubscription("aeron:ipc", BridgeOptions.DEFAULT_CONTROL_STREAM_ID);
        receiver = BridgeReceiver.open(backend, mirror, BridgeOptions.of("aeron:ipc", "aeron:ipc")
                .withAeronDirectory(aeronDirectory), WriterOptions.defaults());
        runUntil(sender::isConnected, "the receiver subscribes");
    }

    @AfterEach
    void stop() {
        CloseHelper.closeAll(receiver, sender, requests, aeron, driver);
        try {
            backend.remove(mirror);
        } catch (RuntimeException never) {
            // not created
        }
    }

    @Test
    void aReceiverAppliesASyncAndTheChangesAfterIt() {
        assertEquals(1, awaitRequests(1), "a receiver that follows no sync asks for one");
        begin(EPOCH);
        send(changes(EPOCH, 1_000).chunk(1, 1, FOREVER, "one").chunk(2, 2, FOREVER, "two").chunk(3, 3, FOREVER, "three"));
        sendHeader(SNAPSHOT_END, EPOCH);
        runUntil(receiver::isSynced, "the sync ends");
        assertEquals(List.of("one", "two", "three"), mirrored());

        // A replacement (id 2 at sequence 4) and a removal (id 1), with records of other lengths between.
        send(changes(EPOCH, 1_000).chunk(4, 2, FOREVER, "two, again").removal(5, 1).chunk(6, 6, FOREVER, ""));
        runUntil(() -> mirrored().equals(List.of("three", "two, again", "")), "the changes apply: " + mirrored());
        assertEquals(1, receiver.removalsApplied());

        // The source's handles, which carry its tag and the chunks' ids, resolve on the mirror.
        try (Reader reader = backend.reader(mirror, ReaderOptions.defaults())) {
            assertEquals("two, again", text(reader.read(sourceHandle(2)).orElseThrow()));
            assertEquals("three", text(reader.read(sourceHandle(3)).orElseThrow()));
            assertTrue(reader.read(sourceHandle(1)).isEmpty(), "removed");
        }
    }

    @Test
    void messagesOfAnotherSyncOrVersionAreIgnored() {
        begin(EPOCH);
        sendHeader(SNAPSHOT_END, EPOCH);
        runUntil(receiver::isSynced, "the sync ends");
        send(changes(EPOCH + 1, 1_000).chunk(1, 1, FOREVER, "of another sync"));
        ChangesMessage otherVersion = changes(EPOCH, 1_000).chunk(2, 2, FOREVER, "of another version");
        message.putInt(VERSION_OFFSET, VERSION + 1, ByteOrder.LITTLE_ENDIAN);
        send(otherVersion);
        send(changes(EPOCH, 1_000).chunk(3, 3, FOREVER, "of this one"));
        runUntil(() -> !mirrored().isEmpty(), "the last message applies");
        assertEquals(List.of("of this one"), mirrored());
    }

    /** What is wrong with the last record of a message, each a reason to stop applying it. */
    enum BadRecord {
        LONGER_THAN_THE_MESSAGE(LENGTH_OFFSET, 1_000, false),
        NEGATIVE_LENGTH(LENGTH_OFFSET, -1, false),
        UNKNOWN_KIND(KIND_OFFSET, 3, false),
        ID_ZERO(ID_OFFSET, 0, true),
        NEGATIVE_ID(ID_OFFSET, -3, true);

        final int field;
        final long value;
        final boolean wide;

        BadRecord(int field, long value, boolean wide) {
            this.field = field;
            this.value = value;
            this.wide = wide;
        }
    }

    @ParameterizedTest
    @EnumSource(BadRecord.class)
    void aMessageThatDoesNotParseMakesTheReceiverAskForASync(BadRecord badRecord) {
        begin(EPOCH);
        sendHeader(SNAPSHOT_END, EPOCH);
        runUntil(receiver::isSynced, "the sync ends");
        drainRequests();
        ChangesMessage bad = changes(EPOCH, 1_000).chunk(1, 1, FOREVER, "fine").chunk(2, 2, FOREVER, "the bad one");
        if (badRecord.wide) {
            message.putLong(bad.lastRecord + badRecord.field, badRecord.value, ByteOrder.LITTLE_ENDIAN);
        } else {
            message.putInt(bad.lastRecord + badRecord.field, (int) badRecord.value, ByteOrder.LITTLE_ENDIAN);
        }
        send(bad);
        runUntil(() -> !receiver.isSynced(), "the receiver stops following");
        assertEquals(1, awaitRequests(1), "it asks for a sync");
        send(changes(EPOCH, 1_000).chunk(3, 3, FOREVER, "after the bad one"));
        runFor(300);
        assertFalse(mirrored().contains("after the bad one"), "nothing applies until a new sync begins");
        assertFalse(mirrored().contains("the bad one"), "the bad record is not applied");

        begin(EPOCH + 7);
        send(changes(EPOCH + 7, 1_000).chunk(3, 3, FOREVER, "after the bad one"));
        sendHeader(SNAPSHOT_END, EPOCH + 7);
        runUntil(receiver::isSynced, "the new sync ends");
        assertEquals(List.of("after the bad one"), mirrored(), "the sync removed what it did not confirm");
    }

    @Test
    void aReceiverThatStartsKnowsTheCopiesLiveByItsWritersClock() {
        long then = System.currentTimeMillis() - 3_600_000; // the mirror's writer's clock: an hour behind
        InstantSource mirrorClock = InstantSource.fixed(Instant.ofEpochMilli(then));
        receiver.close();
        // A previous receiver left a copy live by that clock, expired by this host's.
        try (Writer previous = backend.writer(mirror, WriterOptions.defaults().withClock(mirrorClock).asMirror())) {
            previous.mirror(sourceHandle(1), java.lang.foreign.MemorySegment.ofArray("left".getBytes(StandardCharsets.UTF_8)),
                    Instant.ofEpochMilli(then + 1_800_000));
        }
        receiver = BridgeReceiver.open(backend, mirror, BridgeOptions.of("aeron:ipc", "aeron:ipc")
                .withAeronDirectory(driver.aeronDirectoryName()), WriterOptions.defaults().withClock(mirrorClock));
        runUntil(sender::isConnected, "the new receiver subscribes");
        begin(EPOCH);
        send(changes(EPOCH, then).chunk(1, 1, then + 2_400_000, "sent"));
        sendHeader(SNAPSHOT_END, EPOCH);
        runUntil(receiver::isSynced, "the sync ends");
        try (Reader reader = backend.reader(mirror, ReaderOptions.defaults().withClock(mirrorClock))) {
            assertEquals("sent", text(reader.read(sourceHandle(1)).orElseThrow()), "the copy left was written over");
        }
    }

    @Test
    void aRebasedReceiverCountsWhatWasLeftFromItsOwnClock() {
        long mirrorNow = System.currentTimeMillis() + 3_600_000; // an hour ahead of the sender's clock, and still
        receiver.close();
        receiver = BridgeReceiver.open(backend, mirror, BridgeOptions.of("aeron:ipc", "aeron:ipc")
                        .withAeronDirectory(driver.aeronDirectoryName()).withRebasedExpiry(true),
                WriterOptions.defaults().withClock(InstantSource.fixed(Instant.ofEpochMilli(mirrorNow))));
        runUntil(sender::isConnected, "the new receiver subscribes");
        begin(EPOCH);
        send(changes(EPOCH, 1_000).chunk(1, 1, 1_500, "half a second left").chunk(2, 2, 1_000, "expired when sent")
                .chunk(3, 3, FOREVER, "never expires"));
        sendHeader(SNAPSHOT_END, EPOCH);
        runUntil(receiver::isSynced, "the sync ends");
        Map<String, Long> expiries = new HashMap<>();
        try (Reader reader = backend.reader(mirror, ReaderOptions.defaults())) {
            while (reader.poll(chunk -> expiries.put(new String(chunk.toByteArray(), StandardCharsets.UTF_8),
                    chunk.expiresAtMillis()), 64) > 0) {
                // all of them
            }
        }
        assertEquals(Map.of("half a second left", mirrorNow + 500, "never expires", Long.MAX_VALUE), expiries);
    }

    // ----------------------------------------------------------------------------------------

    /** The tag of the source area the test's messages say their chunks come from. */
    private static final int SOURCE_TAG = 0x5eed0001;

    /** {@return a handle of the source's chunk {@code id}, as the source would make it} */
    private static ChunkHandle sourceHandle(long id) {
        return HandleParts.access().of(SOURCE_TAG, 3, 4096, id);
    }

    private static String text(Chunk chunk) {
        return new String(chunk.toByteArray(), StandardCharsets.UTF_8);
    }

    /** A {@link MessageDescriptor#CHANGES} message being written into {@link #message}. */
    private final class ChangesMessage {
        private int length = HEADER_LENGTH;
        private int lastRecord;

        ChangesMessage chunk(long sequence, long id, long expiresAt, String text) {
            return record(CHUNK, sequence, id, expiresAt, text.getBytes(StandardCharsets.UTF_8));
        }

        ChangesMessage removal(long sequence, long id) {
            return record(REMOVAL, sequence, id, 0, new byte[0]);
        }

        private ChangesMessage record(int kind, long sequence, long id, long expiresAt, byte[] data) {
            int at = lastRecord == 0 ? HEADER_LENGTH : MessageDescriptor.nextRecord(lastRecord, message.getInt(lastRecord + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN));
            message.putInt(at + KIND_OFFSET, kind, ByteOrder.LITTLE_ENDIAN);
            message.putInt(at + LENGTH_OFFSET, data.length, ByteOrder.LITTLE_ENDIAN);
            message.putLong(at + SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
            message.putLong(at + ID_OFFSET, id, ByteOrder.LITTLE_ENDIAN);
            message.putLong(at + EXPIRES_AT_OFFSET, expiresAt, ByteOrder.LITTLE_ENDIAN);
            message.putBytes(at + RECORD_HEADER_LENGTH, data);
            lastRecord = at;
            length = at + RECORD_HEADER_LENGTH + data.length;
            return this;
        }
    }

    private ChangesMessage changes(long epoch, long sentAt) {
        Batch.writeHeader(message, CHANGES, epoch, sentAt, SOURCE_TAG);
        return new ChangesMessage();
    }

    private void send(ChangesMessage changes) {
        offer(changes.length);
    }

    private void begin(long epoch) {
        Batch.writeHeader(message, BEGIN, epoch, 0, 0);
        byte[] name = "source".getBytes(StandardCharsets.UTF_8);
        message.putBytes(HEADER_LENGTH, name);
        offer(HEADER_LENGTH + name.length);
    }

    private void sendHeader(int type, long epoch) {
        Batch.writeHeader(message, type, epoch, 0, 0);
        offer(HEADER_LENGTH);
    }

    private void offer(int length) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sender.offer(message, 0, length) < 0) {
            assertTrue(System.nanoTime() < deadline, "the publication takes the message");
            receiver.doWork();
        }
    }

    /** {@return the RESYNC requests that arrived, after waiting for {@code expected} of them (at most 3 s)} */
    private int awaitRequests(int expected) {
        List<Integer> types = new ArrayList<>();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (types.size() < expected && System.nanoTime() < deadline) {
            receiver.doWork();
            requests.poll((buffer, offset, length, header) -> types.add(buffer.getInt(offset + TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN)), 10);
        }
        assertTrue(types.stream().allMatch(type -> type == RESYNC), "only requests for a sync: " + types);
        return types.size();
    }

    private void drainRequests() {
        while (requests.poll((buffer, offset, length, header) -> { }, 100) > 0) {
            // requests sent while the receiver waited for the first sync
        }
    }

    private List<String> mirrored() {
        List<String> texts = new ArrayList<>();
        try (Reader reader = backend.reader(mirror, ReaderOptions.defaults())) {
            while (reader.poll(chunk -> texts.add(new String(chunk.toByteArray(), StandardCharsets.UTF_8)), 64) > 0) {
                // all of them
            }
        }
        return texts;
    }

    private void runUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "in time: " + what);
            receiver.doWork();
            Thread.onSpinWait();
        }
    }

    private void runFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            receiver.doWork();
        }
    }
}
