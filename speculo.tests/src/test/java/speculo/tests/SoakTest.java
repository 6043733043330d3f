package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;
import speculo.tests.child.FollowReader;
import speculo.tests.child.SoakWriter;

/**
 * The soak: one writer process and four reader processes, chunks of 0 B to 3 MiB, expiry,
 * replacement and removal mixed, a collection every 300 ms, every chunk checked by every reader.
 * Halfway through, a fifth reader is killed with SIGKILL mid-read: the writer must not notice.
 *
 * <p>{@code -Dspeculo.soak.seconds=N} (default 8; long runs are recorded in docs/RELIABILITY.md).
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class SoakTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Backend backend;

    SoakTest(Backend backend) {
        this.backend = backend;
    }

    @Test
    void readersVerifyEveryChunkWhileTheWriterChurnsAndCollects() throws Exception {
        long seconds = Long.getLong("speculo.soak.seconds", 8);
        String area = "soak-" + Long.toHexString(System.nanoTime());
        List<ChildJvm> readers = new ArrayList<>();
        try (ChildJvm writer = ChildJvm.start(backend.name(), SoakWriter.class, area, String.valueOf(seconds))) {
            writer.await("READY", TIMEOUT);
            for (int i = 0; i < 5; i++) {
                ChildJvm reader = ChildJvm.start(backend.name(), FollowReader.class, area);
                reader.await("READY", TIMEOUT);
                readers.add(reader);
            }
            writer.send("GO");
            Thread.sleep(seconds * 500);
            ChildJvm victim = readers.remove(4);
            victim.kill9();
            String done = writer.await("DONE", Duration.ofSeconds(seconds).plus(TIMEOUT));
            assertEquals(0, writer.exitCode(TIMEOUT), "the writer did not notice the killed reader");
            long totalRead = 0;
            for (ChildJvm reader : readers) {
                String result = reader.await("RESULT", TIMEOUT);
                assertEquals(0, reader.exitCode(TIMEOUT), result);
                assertEquals(0, ChildJvm.field(result, "bad"), result);
                assertTrue(ChildJvm.field(result, "read") > 0, result);
                totalRead += ChildJvm.field(result, "read");
                System.out.println(backend.name() + " soak reader " + reader.pid() + ": " + result);
            }
            System.out.println(backend.name() + " soak, " + seconds + " s: writer " + done + "; " + totalRead
                    + " chunks read and verified by 4 readers, 1 reader killed mid-read");
        } finally {
            readers.forEach(ChildJvm::close);
            backend.remove(area);
        }
        assertEquals(List.of(), ((StoreBackend) backend).store().list().stream()
                .filter(n -> n.equals(area) || AreaNames.slotOf(area, n) >= 0 || AreaNames.isPresence(area, n)).toList(), "nothing left behind");
    }
}
