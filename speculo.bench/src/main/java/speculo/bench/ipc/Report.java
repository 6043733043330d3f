package speculo.bench.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import speculo.bench.ipc.CrossProcess.Outcome;

/** Collects the harness's outcomes and renders them as Markdown: raw figures, then ratios against the goals. */
final class Report {

    private final String mode;
    private double[] pingPong;
    private double copyBytesPerSecond;
    private final List<Outcome> latency = new ArrayList<>();
    private final List<Outcome> throughput = new ArrayList<>();
    private final List<Outcome> fanOut = new ArrayList<>();
    private Outcome gc;
    private final List<Outcome> bridge = new ArrayList<>();

    Report(String mode) {
        this.mode = mode;
    }

    void floor(double[] pingPongDistribution, double copyBandwidth) {
        this.pingPong = pingPongDistribution;
        this.copyBytesPerSecond = copyBandwidth;
    }

    void latency(Outcome outcome) {
        latency.add(outcome);
    }

    void throughput(Outcome outcome) {
        throughput.add(outcome);
    }

    void fanOut(Outcome outcome) {
        fanOut.add(outcome);
    }

    void gc(Outcome outcome) {
        gc = outcome;
    }

    void bridge(Outcome outcome) {
        bridge.add(outcome);
    }

    Outcome throughputOf(String transport, int size) {
        return find(throughput, transport, size);
    }

    private Outcome latencyOf(String transport, int size) {
        return find(latency, transport, size);
    }

    private static Outcome find(List<Outcome> outcomes, String transport, int size) {
        return outcomes.stream().filter(o -> o.scenario().transport().equals(transport) && o.scenario().size() == size)
                .findFirst().orElseThrow(() -> new IllegalStateException("no run of " + transport + " at " + size + " B"));
    }

    /** {@return label → latency at {@link Measure#PERCENTILES} for chunks of {@code size}, the floor first} */
    Map<String, double[]> latencyDistributions(int size) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("cache-line ping-pong (floor)", pingPong);
        for (String transport : CrossProcess.TRANSPORTS) {
            curves.put(name(transport), latencyOf(transport, size).reader().distribution());
        }
        return curves;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d CPUs, %s, %s %s, JDK %s. Harness mode: %s.%n%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.version(), mode));

        // From the stamp: from when the writer sent the chunk. From due: from when it was due to be
        // sent, which adds the wait of a send held up by the one before (coordinated omission).
        // Late sends: those that began more than Measure.LATE after they were due.
        md.append("#### One-way latency, paced (ns)\n\n| size | transport | rate | p50 | p99 | p99.9 | max "
                + "| from due: p50 | p99 | p99.9 | late sends |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| 8 B | cache-line ping-pong, one-way (floor) | - | %s | %s | %s | %s | - | - | - | - |%n",
                n(pingPong[0]), n(pingPong[3]), n(pingPong[4]), n(pingPong[7])));
        for (Outcome o : latency) {
            Result r = o.reader();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s/s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    Scenario.sizeLabel(o.scenario().size()), name(o.scenario().transport()), n(o.scenario().perSecond()),
                    n(r.get("p50")), n(r.get("p99")), n(r.get("p999")), n(r.get("max")), n(r.get("duep50")),
                    n(r.get("duep99")), n(r.get("duep999")), n(o.writer().get("late"))));
        }

        md.append("\n#### Throughput, flat out, one reader\n\n| size | transport | writer chunks/s | delivered chunks/s | delivered MB/s | lost |\n|---:|---|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| 1 MiB | memory copy (floor) | - | - | %s | - |%n", n(copyBytesPerSecond / 1e6)));
        for (Outcome o : throughput) {
            Result r = o.reader();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", Scenario.sizeLabel(o.scenario().size()),
                    name(o.scenario().transport()), n(o.writer().get("rate")), n(r.get("rate")),
                    n(r.get("rate") * o.scenario().size() / 1e6), n(lost(o.scenario(), r))));
        }

        md.append("\n#### Fan-out, 64 B flat out: the writer's rate as readers are added\n\n"
                + "| readers | transport | writer chunks/s | slowest reader chunks/s | lost by the slowest |\n|---:|---|---:|---:|---:|\n");
        for (Outcome o : fanOut) {
            Result slowest = o.readers().stream().min((a, b) -> Double.compare(a.get("rate"), b.get("rate"))).orElseThrow();
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", o.scenario().readers(), name(o.scenario().transport()),
                    n(o.writer().get("rate")), n(slowest.get("rate")), n(lost(o.scenario(), slowest))));
        }

        Outcome quiet = latencyOf("speculo", 64);
        md.append("\n#### speculo: what a reader sees of collections (64 B at 20,000/s)\n\n"
                + "| run | collections | writer's longest append µs | reader's longest gap µs | p99.9 ns | max ns |\n|---|---:|---:|---:|---:|---:|\n");
        for (Outcome o : List.of(quiet, gc)) {
            Result r = o.reader();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n",
                    o == gc ? "1 MiB area, 50 ms time to live" : "64 MiB area, 200 ms time to live",
                    o.extra().getOrDefault("collections", "-"), n(o.writer().get("longest") / 1e3), n(r.get("gap") / 1e3),
                    n(r.get("p999")), n(r.get("max"))));
        }

        md.append("\n#### Across hosts: the bridge against Aeron alone, loopback UDP\n\n"
                + "Bridge: append to the source area → sender → UDP → receiver writes the mirror → the mirror's reader."
                + " Aeron: publication → UDP → subscription; in a chain, through two relay processes (three UDP hops),"
                + " as many processes as the bridge's way. Each process with its own embedded media driver.\n\n"
                + "| size | transport | rate | p50 ns | p99 ns | p99.9 ns | flat out: delivered chunks/s | MB/s | lost |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int size : CrossProcess.BRIDGE_SIZES) {
            for (String transport : CrossProcess.acrossHosts(size)) {
                Result paced = find(bridge.stream().filter(o -> o.scenario().perSecond() > 0).toList(), transport, size).reader();
                Outcome flat = find(bridge.stream().filter(o -> o.scenario().perSecond() == 0).toList(), transport, size);
                double rate = flat.reader().get("rate");
                md.append(String.format(Locale.ROOT, "| %s | %s | %s/s | %s | %s | %s | %s | %s | %s |%n", Scenario.sizeLabel(size),
                        name(transport), n(CrossProcess.bridgeLatencyRate(size)), n(paced.get("p50")), n(paced.get("p99")),
                        n(paced.get("p999")), n(rate), n(rate * size / 1e6), n(lost(flat.scenario(), flat.reader()))));
            }
        }

        Result sLat = quiet.reader();
        Result aLat = latencyOf("agrona", 64).reader();
        Result uLat = latencyOf("uds", 64).reader();
        double s64 = throughputOf("speculo", 64).reader().get("rate");
        double a64 = throughputOf("agrona", 64).reader().get("rate");
        double s1m = throughputOf("speculo", 1 << 20).reader().get("rate") * (1 << 20);
        md.append("\n#### Ratios against the goals (this run)\n\n| ratio | value | goal |\n|---|---:|---|\n");
        ratio(md, "speculo p50 ÷ Agrona p50 (64 B)", sLat.get("p50") / aLat.get("p50"), "≤ 1.0", true);
        ratio(md, "speculo p99 ÷ Agrona p99 (64 B)", sLat.get("p99") / aLat.get("p99"), "≤ 1.0", true);
        ratio(md, "speculo p50 ÷ cache-line floor p50", sLat.get("p50") / pingPong[0], "≤ 2.0", true);
        ratio(md, "UDS p50 ÷ speculo p50 (64 B)", uLat.get("p50") / sLat.get("p50"), "≥ 20", false);
        ratio(md, "speculo ÷ Agrona delivered chunks/s (64 B)", s64 / a64, "≥ 1.0", false);
        for (int size : new int[] {64 << 10, 1 << 20}) {
            double speculo = throughputOf("speculo", size).reader().get("rate");
            String label = " (" + Scenario.sizeLabel(size) + ")";
            ratio(md, "speculo ÷ Agrona delivered chunks/s" + label, speculo / throughputOf("agrona", size).reader().get("rate"),
                    "≥ 1.0", false);
            ratio(md, "speculo ÷ UDS delivered chunks/s" + label, speculo / throughputOf("uds", size).reader().get("rate"),
                    "≥ 2.0", false);
        }
        ratio(md, "speculo 1 MiB delivered bytes/s ÷ memory copy", s1m / copyBytesPerSecond, "≥ 0.5", false);
        for (int size : CrossProcess.BRIDGE_SIZES) {
            List<Outcome> paced = bridge.stream().filter(o -> o.scenario().perSecond() > 0).toList();
            List<Outcome> flat = bridge.stream().filter(o -> o.scenario().perSecond() == 0).toList();
            String label = " (" + Scenario.sizeLabel(size) + ")";
            ratio(md, "bridge ÷ Aeron delivered chunks/s" + label,
                    find(flat, "bridge", size).reader().get("rate") / find(flat, "aeron", size).reader().get("rate"), "≥ 0.8", false);
            ratio(md, "bridge p50 ÷ Aeron p50" + label,
                    find(paced, "bridge", size).reader().get("p50") / find(paced, "aeron", size).reader().get("p50"), "≤ 1.5", true);
            if (CrossProcess.acrossHosts(size).contains("aeron-chain")) {
                // The same goals against Aeron in the bridge's topology: four processes on these processors.
                ratio(md, "bridge ÷ Aeron through two relays delivered chunks/s" + label,
                        find(flat, "bridge", size).reader().get("rate") / find(flat, "aeron-chain", size).reader().get("rate"),
                        "≥ 0.8", false);
                ratio(md, "bridge p50 ÷ Aeron through two relays p50" + label,
                        find(paced, "bridge", size).reader().get("p50") / find(paced, "aeron-chain", size).reader().get("p50"),
                        "≤ 1.5", true);
            }
        }
        return md.toString();
    }

    private static void ratio(StringBuilder md, String what, double value, String goal, boolean atMost) {
        double bound = Double.parseDouble(goal.substring(2));
        boolean met = atMost ? value <= bound : value >= bound;
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %s — %s |%n", what, value, goal, met ? "met" : "**not met**"));
    }

    /**
     * {@return the measured chunks a reader did not get} The same count for every transport:
     * speculo's {@code skipped} also counts warm-up chunks, and Agrona's {@code lapped} counts
     * laps, each of which loses up to a buffer's worth of messages.
     */
    private static double lost(Scenario s, Result r) {
        return Math.max(0, s.messages() - r.get("received"));
    }

    private static String name(String transport) {
        return switch (transport) {
            case "speculo" -> "speculo (shm)";
            case "agrona" -> "Agrona broadcast buffer";
            case "uds" -> "Unix domain socket";
            case "aeron" -> "Aeron alone (UDP)";
            case "aeron-chain" -> "Aeron through two relays (UDP, 4 processes)";
            case "bridge" -> "speculo bridge (UDP)";
            default -> transport;
        };
    }

    private static String n(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
