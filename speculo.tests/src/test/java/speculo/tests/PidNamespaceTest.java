package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaBusyException;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.area.Liveness;
import speculo.core.inspect.AreaInspection;
import speculo.tests.child.Payloads;
import speculo.tests.child.StreamWriter;
import speculo.tests.child.WriterProbe;

/**
 * A writer in a pid namespace of its own, as in a container that shares the objects with its host
 * ({@code unshare -p -f --mount-proc}, root only): its pid means nothing on the host and the
 * host's pids mean nothing inside. Neither side may take the other's live writer for dead.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class PidNamespaceTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** A pid namespace and a /proc of its own; the JVM inside dies with the unshare process. */
    private static final List<String> CONTAINER = List.of("unshare", "--pid", "--fork", "--kill-child", "--mount-proc");

    private final Backend backend;
    private final String area = "pidns-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private ChildJvm child;

    PidNamespaceTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeAll
    static void needsRootAndUnshare() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a new pid namespace needs root (CAP_SYS_ADMIN)");
        Process probe = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "unshare --pid is not possible here: " + output);
    }

    @AfterEach
    void cleanUp() {
        if (child != null) {
            child.close();
        }
        ((StoreBackend) backend).removeArea(area, true);
    }

    @Test
    void aLiveWriterInAContainerIsAliveOnTheHostAndOnlyItsDeathLetsTheHostTakeOver() throws Exception {
        long count = 200;
        child = ChildJvm.startUnder(CONTAINER, backend.name(), StreamWriter.class, area, String.valueOf(count), "0", "53", "hang");
        child.await("READY", TIMEOUT);
        child.send("GO");
        child.await("DONE", TIMEOUT);

        AreaInspection seen = ((StoreBackend) backend).inspect(area);
        assertEquals(1, seen.ownerPid(), "the writer is pid 1 of its namespace");
        assertEquals(Liveness.ALIVE, seen.ownerLiveness(), "judged in its own namespace, seen from the host's /proc");
        AreaBusyException busy = assertThrows(AreaBusyException.class, () -> backend.writer(area, WriterOptions.defaults()));
        assertEquals(1, busy.writerPid());
        assertThrows(AreaBusyException.class, () -> ((StoreBackend) backend).removeArea(area, false));
        assertThrows(AreaBusyException.class,
                () -> backend.writer(area, WriterOptions.defaults().withTakeoverOfUnjudgedOwner()),
                "a writer known alive is never taken over, forced or not");

        child.kill9();
        // Its namespace dies with it, once the kernel has reaped it: then nothing on the host shows what pid 1 there was.
        // Killing the wrapper kills pid 1 a moment later (--kill-child), which then is a zombie until reaped: judged
        // dead meanwhile, which it is, and never alive again.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Liveness after;
        boolean deadSeen = false;
        while ((after = ((StoreBackend) backend).inspect(area).ownerLiveness()) != Liveness.UNKNOWN && System.nanoTime() < deadline) {
            assertFalse(deadSeen && after == Liveness.ALIVE, "a writer judged dead came back to life");
            deadSeen |= after == Liveness.DEAD;
            Thread.sleep(20);
        }
        assertEquals(Liveness.UNKNOWN, after);
        AreaBusyException unknown = assertThrows(AreaBusyException.class, () -> backend.writer(area, WriterOptions.defaults()));
        assertTrue(unknown.getMessage().contains("another pid namespace"), unknown.getMessage());
        try (Writer successor = backend.writer(area, WriterOptions.defaults().withTakeoverOfUnjudgedOwner());
             Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            ChunkHandle next = successor.write(new byte[Payloads.size(count + 1)]);
            assertEquals(count + 1, next.id(), "nothing the container's writer committed was lost");
            long seq = 0;
            for (Chunk chunk; (chunk = reader.next().orElse(null)) != null; ) {
                seq++;
                assertEquals(seq, chunk.sequence());
                assertTrue(seq > count || Payloads.matches(chunk.data(), seq), "chunk " + seq);
            }
            assertEquals(count + 1, seq);
        }
    }

    @Test
    void aWriterInAContainerDoesNotTakeOverTheHostsLiveWriter() throws Exception {
        try (Writer host = backend.writer(area, WriterOptions.defaults())) {
            host.write(new byte[] {1});
            child = ChildJvm.startUnder(CONTAINER, backend.name(), WriterProbe.class, area);
            String outcome = child.await("", TIMEOUT);
            assertTrue(outcome.startsWith("BUSY pid=" + ProcessHandle.current().pid()), outcome);
            assertTrue(outcome.contains("another pid namespace"), "the host's pid means nothing in there: " + outcome);
            assertEquals(1, host.stats().liveChunks(), "the host's writer still owns its area");
            host.write(new byte[] {2});
        }
    }
}
