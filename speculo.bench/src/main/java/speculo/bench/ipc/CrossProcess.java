package speculo.bench.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cross-process harness: one writer JVM and one or more reader JVMs (spinning) per run, for
 * speculo ({@code shm}), Agrona's broadcast buffer and Unix domain sockets, plus the machine's
 * floors (a cache-line ping-pong between two processes and a plain memory copy), all in one
 * invocation so that ratios compare like with like.
 *
 * <p>For 64 B, 1 KiB, 64 KiB and 1 MiB chunks it measures one-way latency at a paced rate and
 * throughput flat out; for 64 B, throughput to 1, 2, 4 and 8 readers; and for speculo the longest
 * gap a reader sees while the writer collects several times a second; and, for 64 B and 64 KiB, the
 * bridge (append on one side, read of the mirror on the other, over loopback UDP) against Aeron
 * alone. It prints Markdown tables
 * of raw figures and ratios and writes them, with an SVG chart of the 64 B latency distributions,
 * to the output directory.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.ipc.CrossProcess
 * [--quick] [--out DIR] [--only TRANSPORT,MODE,SIZE[,READERS] | --only floor | --only floor2]} ({@code --quick}: a few minutes;
 * without it, five times the messages; {@code --only}: one scenario, or the cache-line floor, printed raw).
 */
public final class CrossProcess {

    static final List<String> TRANSPORTS = List.of("speculo", "agrona", "uds");
    static final int[] SIZES = {64, 1 << 10, 64 << 10, 1 << 20};
    static final int[] READERS = {1, 2, 4, 8};
    /** Chunk sizes of the bridge runs (speculo.bridge over loopback UDP, against Aeron alone). */
    static final int[] BRIDGE_SIZES = {64, 64 << 10};
    private static final java.time.Duration RUN_DEADLINE = java.time.Duration.ofMinutes(3);

    private CrossProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--role")) {
            role(args);
            return;
        }
        List<String> options = List.of(args);
        long scale = options.contains("--quick") ? 1 : 5;
        int out = options.indexOf("--out");
        Path directory = Path.of(out >= 0 ? options.get(out + 1) : "target/cross-process");
        Files.createDirectories(directory);

        int only = options.indexOf("--only");
        if (only >= 0) {
            // One scenario, e.g. --only speculo,latency,64[,readers]: for looking into one figure, several times over.
            String[] f = options.get(only + 1).split(",");
            if (f[0].startsWith("floor")) {
                // --only floor (floor2): the one-line (two-line) ping-pong alone, to run between the transports' scenarios.
                int lines = f[0].equals("floor2") ? 2 : 1;
                double[] oneWay = Floors.pingPong(200_000 * scale, lines);
                System.out.printf("floor one-way, %d line(s): p50=%.0f, p99=%.0f, p999=%.0f%n", lines, oneWay[0], oneWay[3], oneWay[4]);
                return;
            }
            int size = Integer.parseInt(f[2]);
            boolean paced = !f[1].equals("throughput");
            boolean bridged = Scenario.acrossHosts(f[0]);
            long rate = bridged ? bridgeLatencyRate(size) : latencyRate(size);
            long flatOut = bridged ? bridgeThroughputMessages(size) : throughputMessages(size);
            run(Scenario.of(f[0], f[1], size, (paced ? rate * 5 : flatOut) * scale,
                    paced ? rate : 0, f.length > 3 ? Integer.parseInt(f[3]) : 1));
            return;
        }
        Report report = new Report(scale == 1 ? "--quick" : "full");
        report.floor(Floors.pingPong(200_000 * scale, 1), Floors.copyBandwidth(1 << 20, 1000));
        for (int size : SIZES) {
            for (String transport : TRANSPORTS) {
                report.latency(run(Scenario.of(transport, "latency", size, latencyMessages(size) * scale, latencyRate(size), 1)));
                report.throughput(run(Scenario.of(transport, "throughput", size, throughputMessages(size) * scale, 0, 1)));
            }
        }
        for (int readers : READERS) {
            for (String transport : List.of("speculo", "agrona")) {
                report.fanOut(readers == 1 ? report.throughputOf(transport, 64)
                        : run(Scenario.of(transport, "throughput", 64, throughputMessages(64) * scale, 0, readers)));
            }
        }
        report.gc(run(Scenario.of("speculo", "gc", 64, latencyMessages(64) * scale, latencyRate(64), 1)));
        for (int size : BRIDGE_SIZES) {
            for (String transport : acrossHosts(size)) {
                report.bridge(run(Scenario.of(transport, "latency", size, bridgeLatencyRate(size) * 5 * scale,
                        bridgeLatencyRate(size), 1)));
                report.bridge(run(Scenario.of(transport, "throughput", size, bridgeThroughputMessages(size) * scale, 0, 1)));
            }
        }

        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        Files.writeString(directory.resolve("cross-process.md"), markdown);
        Files.writeString(directory.resolve("latency-64B.svg"), LatencyChart.svg(report.latencyDistributions(64)));
        System.out.println("written: " + directory.resolve("cross-process.md") + ", " + directory.resolve("latency-64B.svg"));
    }

    /** Paced rate of the latency runs: low enough that every transport keeps up at every size. */
    static long latencyRate(int size) {
        return size <= 1024 ? 20_000 : size <= 65536 ? 2_000 : 200;
    }

    /**
     * Paced rate of the bridge's latency runs: {@link #latencyRate} for 64 B; 200/s for 64 KiB,
     * whose 2,000/s (131 MB/s) is about all Aeron itself carries over loopback UDP on two processors,
     * so that both would measure a queue rather than a chunk's way.
     */
    static long bridgeLatencyRate(int size) {
        return size <= 1024 ? latencyRate(size) : 200;
    }

    /** Messages of a quick latency run: five seconds at {@link #latencyRate}. */
    static long latencyMessages(int size) {
        return latencyRate(size) * 5;
    }

    /**
     * Messages of a quick throughput run: about 1 GiB, and at least a few thousand. A run must be
     * long enough to measure each transport at its steady state: 128 MiB of 64 KiB chunks (2,048)
     * measured mostly the JIT at work on the writer's processor and, for speculo, its area growing
     * to the size the stream keeps; 2 million chunks of 64 B (128 MiB) measured, for speculo, the
     * creation of its first objects (fresh pages: 15 % of the writer's time), and for Agrona its
     * ring's first lap (DECISIONS 57).
     */
    static long throughputMessages(int size) {
        return Math.max(2_000, (1L << 30) / size);
    }

    /**
     * {@return the transports of the across-hosts runs of chunks of {@code size}} Aeron through two
     * relays for 64 B only: at 64 KiB and 200/s its relays held a backlog of about 0.6 s from the
     * start of the run on (flat out, they moved ~700 chunks/s), not explained yet.
     */
    static List<String> acrossHosts(int size) {
        return size == 64 ? List.of("aeron", "aeron-chain", "bridge") : List.of("aeron", "bridge");
    }

    /** Messages of a quick bridge throughput run: about 128 MiB; the bridge moves 64 KiB chunks at a few thousand a second. */
    static long bridgeThroughputMessages(int size) {
        return Math.max(2_000, Math.min(2_000_000, (128L << 20) / size));
    }

    /** Starts the readers, then the writer, of one scenario and collects what they report. */
    static Outcome run(Scenario s) throws Exception {
        if (s.transport().equals("uds") && s.readers() > 1) {
            throw new IllegalArgumentException("a stream socket has one reader");
        }
        List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        // A child that never reports would hang the harness: past the deadline every child is killed,
        // its output ends, and the wait below fails with the scenario's name.
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(RUN_DEADLINE);
                System.err.println(s.label() + ": no result after " + RUN_DEADLINE + "; killing its processes");
                children.forEach(Process::destroyForcibly);
            } catch (InterruptedException finished) {
                // the run ended in time
            }
        });
        try {
            List<Process> helpers = new ArrayList<>();
            List<String> helperRoles = switch (s.transport()) {
                // Processes that run through the scenario, beside its writer and readers: the bridge's
                // two ends, the receiver (which makes the mirror) first; a chain's relays.
                case "bridge" -> List.of("receive-bridge", "send-bridge");
                case "aeron-chain" -> List.of("relay2-aeron-chain", "relay1-aeron-chain");
                default -> List.of();
            };
            for (String role : helperRoles) {
                Process helper = Children.start(role, args(s));
                children.add(helper);
                helpers.add(helper);
                Children.await(Children.output(helper), "READY");
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (int i = 0; i < s.readers(); i++) {
                Process reader = Children.start("read-" + s.transport(), args(s));
                children.add(reader);
                outputs.add(Children.output(reader));
                Children.await(outputs.getLast(), "READY");
            }
            Process writer = Children.start("write-" + s.transport(), args(s));
            children.add(writer);
            BufferedReader writerOutput = Children.output(writer);
            Result wrote = Result.parse(Children.await(writerOutput, "WROTE"));
            List<Result> results = new ArrayList<>();
            for (BufferedReader output : outputs) {
                results.add(Result.parse(Children.await(output, "RESULT")));
            }
            for (Process helper : helpers) {
                // Each closes itself, and its media driver its directory; before the writer's end is
                // awaited: Aeron's writer stays until its subscriber, a chain's first relay, has gone.
                helper.getOutputStream().close();
            }
            Map<String, String> extra = new LinkedHashMap<>();
            for (String line; (line = writerOutput.readLine()) != null; ) {
                extra.putAll(Result.parse(line).fields());
            }
            for (Process child : children) {
                child.waitFor();
            }
            Outcome outcome = new Outcome(s, wrote, results, extra);
            System.out.println(outcome.summary());
            return outcome;
        } catch (IOException e) {
            throw new IOException(s.label() + ": " + e.getMessage(), e);
        } finally {
            watchdog.interrupt();
            children.forEach(Process::destroyForcibly);
            cleanUp(s);
        }
    }

    private static Object[] args(Scenario s) {
        return new Object[] {s.transport(), s.mode(), s.size(), s.messages(), s.perSecond(), s.readers(), s.harness()};
    }

    private static void cleanUp(Scenario s) throws IOException {
        switch (s.transport()) {
            case "speculo" -> SpeculoPeer.remove(s);
            case "agrona" -> AgronaPeer.remove(s);
            case "bridge" -> BridgePeer.remove(s);
            case "aeron", "aeron-chain" -> {
                // its media drivers delete their directories
            }
            default -> UdsPeer.remove(s);
        }
    }

    /** Runs in a child JVM: {@code --role ROLE} then the scenario, or the pong's file and rounds. */
    private static void role(String[] args) throws Exception {
        String role = args[1];
        if (role.equals("pong")) {
            Floors.pong(args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
            return;
        }
        Scenario s = new Scenario(args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]),
                Long.parseLong(args[6]), Integer.parseInt(args[7]), Long.parseLong(args[8]));
        switch (role) {
            case "write-speculo" -> SpeculoPeer.write(s);
            case "read-speculo" -> SpeculoPeer.read(s);
            case "write-agrona" -> AgronaPeer.write(s);
            case "read-agrona" -> AgronaPeer.read(s);
            case "write-uds" -> UdsPeer.write(s);
            case "read-uds" -> UdsPeer.read(s);
            case "write-aeron", "write-aeron-chain" -> AeronPeer.write(s);
            case "read-aeron", "read-aeron-chain" -> AeronPeer.read(s);
            case "relay1-aeron-chain" -> AeronPeer.relay(s, 0, 2);
            case "relay2-aeron-chain" -> AeronPeer.relay(s, 2, 4);
            case "write-bridge" -> BridgePeer.write(s);
            case "read-bridge" -> BridgePeer.read(s);
            case "send-bridge" -> BridgePeer.send(s);
            case "receive-bridge" -> BridgePeer.receive(s);
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
    }

    /**
     * What one scenario produced.
     *
     * @param scenario the run
     * @param writer   the writer's {@code WROTE} line (its own rate)
     * @param readers  each reader's {@code RESULT}
     * @param extra    further lines of the writer (speculo: its collection count)
     */
    record Outcome(Scenario scenario, Result writer, List<Result> readers, Map<String, String> extra) {

        /** {@return the first reader's result} */
        Result reader() {
            return readers.getFirst();
        }

        String summary() {
            return scenario.label() + ": writer " + writer.fields() + ", readers " + readers.stream().map(Result::fields).toList()
                    + (extra.isEmpty() ? "" : ", " + extra);
        }
    }
}
