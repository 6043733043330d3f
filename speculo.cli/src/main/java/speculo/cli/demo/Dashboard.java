package speculo.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Renders the demo's live table (ANSI, refreshed in place) or plain progress lines, and the summary.
 * Each row says where its process is: starting (its JVM has not reported yet), and how old its
 * numbers are when it has not reported for a while (on two busy cores a process may wait seconds
 * for a turn), so that no row shows zeros or stale numbers as if they were fresh.
 */
final class Dashboard {

    /** A process's last progress line and when it arrived ({@link System#nanoTime()}). */
    record Report(String line, long atNanos) {
    }

    /** Reports older than this are shown with their age. */
    private static final long STALE_NANOS = 1_500_000_000L;

    private final PrintStream out;
    private final boolean ansi;
    private final int readers;
    private final long[] previousChunks;
    private final long[] previousBytes;
    private long previousNanos = System.nanoTime();
    private int linesDrawn;
    private long lastPlainSecond = -1;

    Dashboard(PrintStream out, boolean ansi, int readers) {
        this.out = out;
        this.ansi = ansi;
        this.readers = readers;
        this.previousChunks = new long[readers + 1];
        this.previousBytes = new long[readers + 1];
    }

    void render(Duration elapsed, long seconds, Map<String, Report> latest) {
        long now = System.nanoTime();
        double interval = Math.max(1e-3, (now - previousNanos) / 1e9);
        previousNanos = now;
        StringBuilder table = new StringBuilder();
        Report writer = latest.get("writer");
        String head = String.format("elapsed %4.1f s of %d s   writer: ", elapsed.toMillis() / 1000.0, seconds);
        if (writer == null) {
            table.append(head).append("starting (its JVM has not reported yet)").append(String.format("%n"));
        } else {
            String w = writer.line();
            table.append(head).append(String.format("%,d chunks written, generation %s, %s GCs, last GC %s µs, live %s, dead %s%s%n",
                    field(w, "written"), raw(w, "generation"), raw(w, "gcs"), raw(w, "lastGcMicros"),
                    mib(field(w, "live")), mib(field(w, "dead")), age(writer, now)));
        }
        table.append(String.format("%-9s %12s %10s %12s %12s %10s %8s %6s%n", "reader", "chunks/s", "MiB/s", "p50 µs",
                "p99 µs", "skipped", "blocks", "bad"));
        for (int i = 1; i <= readers; i++) {
            Report report = latest.get("reader " + i);
            if (report == null || report.line().equals("READY")) {
                table.append(String.format("%-9s %s%n", "reader " + i, report == null
                        ? "starting (its JVM has not reported yet)" : "opened the area, no report yet"));
                continue;
            }
            String r = report.line();
            long chunks = field(r, "chunks");
            long bytes = field(r, "bytes");
            table.append(String.format("%-9s %,12.0f %10.1f %12.1f %12.1f %,10d %,8d %6d%s%n", "reader " + i,
                    (chunks - previousChunks[i]) / interval, (bytes - previousBytes[i]) / interval / (1 << 20),
                    field(r, "p50") / 1000.0, field(r, "p99") / 1000.0, field(r, "skipped"), field(r, "blocks"),
                    field(r, "bad"), r.startsWith("READER-DONE") ? "  done" : age(report, now)));
            previousChunks[i] = chunks;
            previousBytes[i] = bytes;
        }
        if (ansi) {
            if (linesDrawn > 0) {
                out.print("\033[" + linesDrawn + "A");
            }
            out.print(table.toString().replace("\n", "\033[K\n"));
            linesDrawn = readers + 2;
            out.flush();
        } else if (elapsed.toSeconds() / 3 != lastPlainSecond) {
            lastPlainSecond = elapsed.toSeconds() / 3;
            out.print(table);
            out.flush();
        }
    }

    /** Prints the summary; {@return the exit code: 0 if every reader verified every chunk it read} */
    int summary(Map<String, String> finals, int failedProcesses) {
        String writer = finals.getOrDefault("writer", "");
        long written = field(writer, "written");
        long totalRead = 0;
        long totalBad = 0;
        boolean allReported = true;
        out.println();
        out.printf("summary: the writer wrote %,d chunks%n", written);
        for (int i = 1; i <= readers; i++) {
            String r = finals.get("reader " + i);
            if (r == null) {
                allReported = false;
                out.printf("  reader %d: no final report%n", i);
                continue;
            }
            long chunks = field(r, "chunks");
            long bad = field(r, "bad");
            totalRead += chunks;
            totalBad += bad;
            out.printf("  reader %d: read %,d chunks (%s), skipped %,d expired or replaced, %,d block reads, %d bad%n", i,
                    chunks, mib(field(r, "bytes")), field(r, "skipped"), field(r, "blocks"), bad);
        }
        boolean ok = allReported && failedProcesses == 0 && totalBad == 0 && totalRead > 0 && written > 0;
        if (ok) {
            out.printf("OK: every one of the %,d chunks read was verified by its CRC32C checksum.%n", totalRead);
            return 0;
        }
        out.printf("FAILED: %d bad chunks, %d processes failed%n", totalBad, failedProcesses);
        return 1;
    }

    /** {@return empty for a fresh report, else how long ago it came} */
    private static String age(Report report, long now) {
        long age = now - report.atNanos();
        return age < STALE_NANOS ? "" : String.format("  (no report for %.1f s)", age / 1e9);
    }

    private static String raw(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return "-";
    }

    private static long field(String line, String key) {
        String value = raw(line, key);
        return value.equals("-") ? 0 : Long.parseLong(value);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (double) (1 << 20));
    }
}
