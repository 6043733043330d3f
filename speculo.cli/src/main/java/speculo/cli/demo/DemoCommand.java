package speculo.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import speculo.api.Backend;
import speculo.api.Speculo;

/**
 * {@code speculo demo}: one writer process and several reader processes on one area, with a live
 * table of what each sees, and a summary that every chunk read was verified by its checksum.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs writer and reader processes on one area; shows what they see.",
                "The writer streams timestamped sensor readings that expire after 1 s and replaces four shared blocks"
                        + " 4 times a second, with garbage collections while readers read. Every chunk is verified by CRC32C."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "15", description = "How long the writer writes (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--readers", defaultValue = "3", description = "Number of reader processes (default: ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--rate", defaultValue = "50000", description = "Chunks per second the writer writes (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--backend", description = "Backend to use (default: the best available).")
    String backendName;

    @Option(names = "--plain", description = "Print progress lines instead of a refreshing table.")
    boolean plain;

    /** The last progress line of each process, and when it came. */
    private final Map<String, Dashboard.Report> latest = new ConcurrentHashMap<>();
    private final Map<String, String> finals = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (seconds <= 0 || readers <= 0 || rate <= 0) {
            System.err.println("speculo demo: --seconds, --readers and --rate must be positive");
            return 2;
        }
        Backend backend = backendName == null ? Speculo.backend() : Speculo.backend(backendName);
        String area = "demo-" + ProcessHandle.current().pid();
        List<ChildProcess> children = new ArrayList<>();
        Thread cleanup = new Thread(() -> {
            children.forEach(ChildProcess::kill);
            try {
                backend.remove(area);
            } catch (RuntimeException ignored) {
                // best effort on Ctrl-C
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        PrintStream out = System.out;
        out.printf("speculo demo: area '%s' on backend %s (%s), 1 writer + %d readers, %d s%n", area, backend.name(),
                backend.location(), readers, seconds);

        AtomicReference<String> blocks = new AtomicReference<>();
        CountDownLatch blocksReady = new CountDownLatch(1);
        ChildProcess writer = ChildProcess.start(backend.name(), line -> {
            if (line.startsWith("BLOCKS ")) {
                blocks.set(line);
                blocksReady.countDown();
            } else {
                record("writer", line);
            }
        }, "demo-writer", area, "--seconds", String.valueOf(seconds), "--rate", String.valueOf(rate));
        children.add(writer);
        if (!blocksReady.await(60, TimeUnit.SECONDS)) {
            System.err.println("speculo demo: the writer process did not start");
            return 1;
        }
        for (int i = 1; i <= readers; i++) {
            String name = "reader " + i;
            ChildProcess reader = ChildProcess.start(backend.name(), line -> record(name, line), "demo-reader", area);
            reader.send(blocks.get());
            children.add(reader);
        }

        Dashboard dashboard = new Dashboard(out, !plain && System.console() != null, readers);
        long start = System.nanoTime();
        while (children.stream().anyMatch(ChildProcess::isAlive)) {
            Thread.sleep(500);
            dashboard.render(Duration.ofNanos(System.nanoTime() - start), seconds, latest);
        }
        int failures = 0;
        for (ChildProcess child : children) {
            failures += child.waitFor() == 0 ? 0 : 1;
        }
        dashboard.render(Duration.ofNanos(System.nanoTime() - start), seconds, latest);
        int code = dashboard.summary(finals, failures);
        backend.remove(area);
        Runtime.getRuntime().removeShutdownHook(cleanup);
        return code;
    }

    private void record(String who, String line) {
        if (line.startsWith("READER-DONE") || line.startsWith("WRITER-DONE")) {
            finals.put(who, line);
        }
        if (!line.startsWith("WRITER-DONE")) {
            latest.put(who, new Dashboard.Report(line, System.nanoTime()));
        }
    }
}
