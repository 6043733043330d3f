package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;
import speculo.tests.child.CrashWriter;
import speculo.tests.child.FollowReader;
import speculo.tests.child.SelfChecking;

/**
 * Writers killed with SIGKILL at random points — mid-copy, between payload and commit, mid-replace,
 * mid-collection — and taken over by the next writer, again and again, while a reader process
 * follows the area throughout. After every kill: everything committed is still there with the right
 * bytes, nothing uncommitted appears, sequences go on increasing, and the takeover leaves exactly
 * the control object and one generation.
 *
 * <p>{@code -Dspeculo.crash.cycles=N} kill points per backend (default 60, which keeps the default
 * test run within its budget, DECISIONS 40; the long run takes 300).
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class CrashRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Backend backend;
    private final String area = "crash-" + Long.toHexString(System.nanoTime());

    /** What the test knows the area must hold: the acknowledged state of every chunk. */
    private final Map<Long, ChunkHandle> liveHandles = new HashMap<>();
    private final Map<Long, Long> liveKeys = new HashMap<>();
    private final Map<Long, ChunkHandle> removed = new HashMap<>();
    private final Map<String, Integer> killedDuring = new TreeMap<>();
    private long highestSequenceSeen;
    /** Every acknowledged line about each chunk, for the failure message. */
    private final Map<Long, java.util.List<String>> history = new HashMap<>();

    CrashRecoveryTest(Backend backend) {
        this.backend = backend;
    }

    @Test
    void writersKilledAtRandomPointsLoseNothingCommitted() throws Exception {
        int cycles = Integer.getInteger("speculo.crash.cycles", 60);
        SplittableRandom random = new SplittableRandom();
        ChildJvm follower = null;
        try {
            for (int cycle = 0; cycle < cycles; cycle++) {
                try (ChildJvm writer = ChildJvm.start(backend.name(), CrashWriter.class, area, String.valueOf(random.nextLong()))) {
                    writer.await("READY", TIMEOUT);
                    // A reader's presence is the follower's (at most one: a dead reader's would be gone).
                    assertEquals(2, objects().stream().filter(name -> !AreaNames.isPresence(area, name)).count(),
                            "after takeover only the control object and one generation: " + objects());
                    if (follower == null) {
                        follower = ChildJvm.start(backend.name(), FollowReader.class, area);
                        follower.await("READY", TIMEOUT);
                    }
                    writer.send("GO");
                    Thread.sleep(5 + random.nextInt(150));
                    writer.kill9();
                    apply(writer.remainingLines(TIMEOUT), cycle);
                }
            }
            try (Writer last = backend.writer(area, WriterOptions.defaults())) {
                byte[] closing = new byte[SelfChecking.MIN_SIZE];
                SelfChecking.fill(java.lang.foreign.MemorySegment.ofArray(closing), 42);
                assertTrue(last.write(closing).id() > highestSequenceSeen);
            }
            String result = follower.await("RESULT", TIMEOUT);
            System.out.println(backend.name() + ": " + cycles + " SIGKILLs, in flight when killed: " + killedDuring
                    + "; follower " + result);
            assertEquals(0, follower.exitCode(TIMEOUT), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
            assertTrue(ChildJvm.field(result, "read") > 0, result);
        } finally {
            if (follower != null) {
                follower.close();
            }
            backend.remove(area);
        }
    }

    /** Applies a killed writer's acknowledged operations to the model, then checks the area against it. */
    private void apply(List<String> lines, int cycle) {
        if (System.getProperty("speculo.crash.log") != null) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(System.getProperty("speculo.crash.log") + "-" + backend.name()
                        + "-" + cycle), lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String inFlight = null;
        long firstNewId = -1;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[0].equals("B")) {
                inFlight = line;
                continue;
            }
            if (!f[0].equals("D")) {
                continue;
            }
            inFlight = null;
            if (!f[2].equals("-")) {
                history.computeIfAbsent(ChunkHandle.parse(f[2]).id(), k -> new java.util.ArrayList<>()).add(cycle + ": " + line);
            }
            switch (f[1]) {
                case "write", "claim", "replace" -> {
                    ChunkHandle handle = ChunkHandle.parse(f[2]);
                    if (firstNewId < 0 && !f[1].equals("replace")) {
                        firstNewId = handle.id();
                    }
                    liveHandles.put(handle.id(), handle);
                    liveKeys.put(handle.id(), Long.parseLong(f[3]));
                }
                case "remove" -> {
                    ChunkHandle handle = ChunkHandle.parse(f[2]);
                    liveHandles.remove(handle.id());
                    liveKeys.remove(handle.id());
                    removed.put(handle.id(), handle);
                }
                default -> { }
            }
        }
        if (firstNewId >= 0) {
            assertTrue(firstNewId > highestSequenceSeen, "cycle " + cycle + ": the sequence went on after the takeover: "
                    + firstNewId + " > " + highestSequenceSeen);
        }
        killedDuring.merge(inFlight == null ? "nothing" : inFlight.split(" ")[1], 1, Integer::sum);
        verify(cycle, inFlight);
    }

    private void verify(int cycle, String inFlight) {
        long inFlightId = inFlight == null || inFlight.endsWith(" -") ? -1 : ChunkHandle.parse(inFlight.split(" ")[2]).id();
        boolean removing = inFlight != null && inFlight.startsWith("B remove");
        try (Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            long previous = 0;
            for (Optional<Chunk> next = reader.next(); next.isPresent(); next = reader.next()) {
                Chunk chunk = next.get();
                assertNotNull(SelfChecking.verify(chunk.data()), "cycle " + cycle + ": chunk " + chunk + " is torn");
                assertTrue(chunk.sequence() > previous);
                previous = chunk.sequence();
                highestSequenceSeen = Math.max(highestSequenceSeen, chunk.sequence());
            }
            for (Map.Entry<Long, ChunkHandle> live : List.copyOf(liveHandles.entrySet())) {
                long id = live.getKey();
                Optional<Chunk> chunk = reader.read(live.getValue());
                if (id == inFlightId) {
                    assertTrue(chunk.isEmpty() ? removing : SelfChecking.verify(chunk.get().data()) != null,
                            "cycle " + cycle + ": chunk " + id + " in flight (" + inFlight + ")");
                    settle(id, chunk);
                    continue;
                }
                if (chunk.isEmpty()) {
                    dump(cycle, id);
                }
                assertTrue(chunk.isPresent(), "cycle " + cycle + ": committed chunk " + id + " was lost (in flight: " + inFlight
                        + "); handle " + live.getValue() + ", history " + history.get(id) + ", area at generation " + reader.generation());
                assertEquals(liveKeys.get(id), SelfChecking.verify(chunk.get().data()),
                        "cycle " + cycle + ": chunk " + id + " has the wrong copy: read " + chunk.get() + " through "
                                + live.getValue() + "; history " + history.get(id));
            }
            for (ChunkHandle gone : removed.values()) {
                assertTrue(reader.read(gone).isEmpty(), "cycle " + cycle + ": removed chunk " + gone + " came back");
            }
        }
    }

    /** The operation in flight at the kill either happened or not: the model takes what the area shows. */
    private void settle(long id, Optional<Chunk> chunk) {
        if (chunk.isEmpty()) {
            removed.put(id, liveHandles.remove(id));
            liveKeys.remove(id);
        } else {
            liveHandles.put(id, chunk.get().handle());
            liveKeys.put(id, SelfChecking.verify(chunk.get().data()));
        }
    }

    /** Writes every record of the current generation and its index to a file, for post-mortems. */
    private void dump(int cycle, long id) {
        try {
            var store = ((StoreBackend) backend).store();
            var control = speculo.core.area.ReadOnlyArea.openControl(store, area, null);
            var data = speculo.core.area.ReadOnlyArea.openCurrentGeneration(store, control, area, null);
            var cursor = new speculo.core.area.RecordCursor();
            cursor.reset(data, data.recordsOffset(), 0);
            cursor.limit(data.committedTail());
            List<String> out = new java.util.ArrayList<>();
            out.add("generation " + data.generation() + " floor " + data.sequenceFloor() + " index " + data.indexCount()
                    + " copiedEnd " + data.copiedEnd() + " tail " + data.committedTail() + " looking for " + id);
            while (cursor.next()) {
                out.add(cursor.offset() + " seq " + cursor.sequence() + " id " + cursor.id() + " succ " + cursor.successor()
                        + " len " + cursor.length());
            }
            for (long i = 0; i < data.indexCount(); i++) {
                long entry = speculo.core.layout.DataDescriptor.idEntryOffset(data.indexCount(), i);
                out.add("idx " + i + " id " + speculo.core.layout.Words.get(data.segment(), entry) + " -> "
                        + speculo.core.layout.Words.get(data.segment(), entry + 8));
            }
            java.nio.file.Files.write(java.nio.file.Path.of("/tmp/crash-dump-" + backend.name() + "-" + cycle), out);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private List<String> objects() throws java.io.IOException {
        return ((StoreBackend) backend).store().list().stream()
                .filter(name -> name.equals(area) || AreaNames.slotOf(area, name) >= 0 || AreaNames.isPresence(area, name)).sorted().toList();
    }
}
