package speculo.cli.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's table says where each process is, and never shows old numbers as fresh ones. */
class DashboardTest {

    @Test
    void rowsSayWhenAProcessIsStartingAndWhenItsNumbersAreOld() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Dashboard dashboard = new Dashboard(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3);
        long now = System.nanoTime();
        dashboard.render(Duration.ofMillis(500), 15, Map.of(
                "writer", new Dashboard.Report("WRITER written=1000 generation=2 gcs=2 lastGcMicros=90 live=1 dead=0", now - 2_500_000_000L),
                "reader 2", new Dashboard.Report("READY", now),
                "reader 3", new Dashboard.Report("READER chunks=10 bytes=640 bad=0 skipped=0 blocks=1 p50=1000 p99=2000", now)));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("1,000 chunks written") && table.contains("(no report for 2.5 s)"), table);
        assertTrue(table.contains("reader 1  starting (its JVM has not reported yet)"), table);
        assertTrue(table.contains("reader 2  opened the area, no report yet"), table);
        String reader3 = table.lines().filter(line -> line.startsWith("reader 3")).findFirst().orElseThrow();
        assertFalse(reader3.contains("no report"), "a fresh report has no age: " + reader3);
    }

    @Test
    void beforeTheWriterReportsItsLineSaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Dashboard(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1).render(Duration.ZERO, 15, Map.of());
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("writer: starting (its JVM has not reported yet)"));
    }
}
