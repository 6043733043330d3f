package speculo.bench.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import speculo.api.Reader;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The cross-process harness: a writer and a reader in separate JVMs, for speculo (shm), Unix
 * domain sockets, and the machine's floor (a cache-line ping-pong between two processes). For
 * 64-byte messages it measures one-way latency at a paced rate (the writer's {@code nanoTime}
 * stamp in each message; {@code CLOCK_MONOTONIC} is shared by all processes) and the throughput
 * of a writer going flat out, and prints Markdown tables of the figures and of the ratios.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.ipc.CrossProcess [--quick]}.
 */
public final class CrossProcess {

    static final int SIZE = 64;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private CrossProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--role")) {
            role(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
            return;
        }
        boolean quick = List.of(args).contains("--quick");
        long latencyMessages = quick ? 100_000 : 1_000_000;
        long throughputMessages = quick ? 2_000_000 : 20_000_000;
        System.out.printf("machine: %d CPUs, %s, JDK %s%n", Runtime.getRuntime().availableProcessors(), cpuModel(),
                Runtime.version());
        List<String[]> rows = new ArrayList<>();
        double[] pingpong = pingPong(quick ? 200_000 : 2_000_000);
        rows.add(new String[] {"cache-line ping-pong (one-way = RTT/2)", fmt(pingpong[0]), fmt(pingpong[1]), "-", "-", "-"});
        for (String transport : List.of("speculo", "agrona", "uds")) {
            String latency = run(transport, "latency", latencyMessages, 20_000);
            String throughput = run(transport, "throughput", throughputMessages, 0);
            rows.add(new String[] {transport, field(latency, "p50"), field(latency, "p99"), field(latency, "p999"),
                    field(latency, "max"), field(throughput, "rate")});
        }
        System.out.println();
        System.out.println("| transport | p50 ns | p99 ns | p99.9 ns | max ns | 64 B msgs/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        double sp50 = Double.parseDouble(rows.get(1)[1]);
        double ap50 = Double.parseDouble(rows.get(2)[1]);
        double up50 = Double.parseDouble(rows.get(3)[1]);
        double sp99 = Double.parseDouble(rows.get(1)[2]);
        double ap99 = Double.parseDouble(rows.get(2)[2]);
        System.out.println();
        System.out.printf(Locale.ROOT, "speculo ÷ Agrona: p50 %.2f, p99 %.2f, rate %.2f; speculo p50 ÷ floor p50 %.2f;"
                        + " UDS p50 ÷ speculo p50 %.1f%n", sp50 / ap50, sp99 / ap99,
                Double.parseDouble(rows.get(1)[5]) / Double.parseDouble(rows.get(2)[5]), sp50 / pingpong[0], up50 / sp50);
    }

    /** Starts the reader, then the writer, of one transport; {@return the reader's result line} */
    private static String run(String transport, String mode, long messages, long perSecond) throws Exception {
        String name = "xp-" + ProcessHandle.current().pid() + "-" + transport + "-" + mode;
        Process reader = child("read-" + transport, name, messages, perSecond);
        awaitLine(reader, "READY");
        Process writer = child("write-" + transport, name, messages, perSecond);
        String result = awaitLine(reader, "RESULT");
        writer.waitFor();
        reader.waitFor();
        if (transport.equals("speculo")) {
            Speculo.backend("shm").remove(name);
        }
        Files.deleteIfExists(agronaPath(name));
        System.out.println(transport + " " + mode + ": " + result);
        return result;
    }

    private static Process child(String role, String name, long messages, long perSecond) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                // Agrona 2 uses jdk.internal.misc.Unsafe (JDK 23+ needs the export) and warns about sun.misc.Unsafe.
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                CrossProcess.class.getName(), "--role", role, name, String.valueOf(messages), String.valueOf(perSecond))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitLine(Process process, String prefix) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child ended without " + prefix);
    }

    private static void role(String role, String name, long messages, long perSecond) throws Exception {
        switch (role) {
            case "write-speculo" -> writeSpeculo(name, messages, perSecond);
            case "read-speculo" -> readSpeculo(name, messages);
            case "write-uds" -> writeUds(name, messages, perSecond);
            case "read-uds" -> readUds(name, messages);
            case "pong" -> pong(name, messages);
            case "write-agrona" -> AgronaPeer.write(agronaPath(name), messages, perSecond);
            case "read-agrona" -> AgronaPeer.read(agronaPath(name), messages);
            default -> throw new IllegalArgumentException(role);
        }
    }

    // ----------------------------------------------------------------------------------------
    // speculo

    private static void writeSpeculo(String name, long messages, long perSecond) {
        Writer writer = Speculo.backend("shm").writer(name, WriterOptions.defaults().withInitialCapacity(64L << 20)
                .withGcPolicy(speculo.api.GcPolicy.whenFull()));
        MemorySegment message = Arena.ofAuto().allocate(SIZE);
        java.time.Instant[] expiry = {java.time.Instant.now().plusSeconds(1)};
        pace(messages, perSecond, i -> {
            if ((i & 1023) == 0) {
                expiry[0] = java.time.Instant.now().plusSeconds(1);
            }
            message.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, System.nanoTime());
            writer.write(message, expiry[0]);
        });
        writer.close();
    }

    private static void readSpeculo(String name, long messages) throws InterruptedException {
        // The area is created by the reader's side of the harness, not by the writer, so the reader is ready first.
        Speculo.backend("shm").writer(name, WriterOptions.defaults().withInitialCapacity(64L << 20)).close();
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        long[] count = {0};
        try (Reader reader = Speculo.backend("shm").reader(name, speculo.api.ReaderOptions.defaults())) {
            System.out.println("READY");
            System.out.flush();
            long start = 0;
            while (count[0] < messages) {
                reader.poll(chunk -> {
                    histogram.recordValue(Math.max(0, System.nanoTime() - chunk.data().get(ValueLayout.JAVA_LONG_UNALIGNED, 0)));
                    count[0]++;
                }, 256);
                if (start == 0 && count[0] > 0) {
                    start = System.nanoTime();
                }
            }
            report(histogram, count[0], System.nanoTime() - start);
        }
    }

    // ----------------------------------------------------------------------------------------
    // Unix domain sockets

    private static void writeUds(String name, long messages, long perSecond) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketPath(name)))) {
            ByteBuffer message = ByteBuffer.allocateDirect(SIZE);
            pace(messages, perSecond, i -> {
                message.clear();
                message.putLong(0, System.nanoTime());
                try {
                    while (message.hasRemaining()) {
                        channel.write(message);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    private static void readUds(String name, long messages) throws IOException {
        Path path = socketPath(name);
        Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            System.out.println("READY");
            System.out.flush();
            try (SocketChannel channel = server.accept()) {
                ByteBuffer message = ByteBuffer.allocateDirect(SIZE);
                Histogram histogram = new Histogram(3_600_000_000_000L, 3);
                long start = 0;
                for (long n = 0; n < messages; n++) {
                    message.clear();
                    while (message.hasRemaining()) {
                        if (channel.read(message) < 0) {
                            throw new IOException("writer closed early");
                        }
                    }
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    histogram.recordValue(Math.max(0, System.nanoTime() - message.getLong(0)));
                }
                report(histogram, messages, System.nanoTime() - start);
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static Path agronaPath(String name) {
        return Path.of("/dev/shm", name + ".agrona");
    }

    private static Path socketPath(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), name + ".sock");
    }

    // ----------------------------------------------------------------------------------------
    // The floor: a cache line bounced between two processes

    /** {@return one-way p50 and p99 in ns: half of the round trips of a counter bounced through shared memory} */
    private static double[] pingPong(long rounds) throws Exception {
        Path file = Path.of("/dev/shm", "speculo-pingpong-" + ProcessHandle.current().pid());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofShared()) {
            channel.write(ByteBuffer.allocate(4096), 0);
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            Process pong = child("pong", file.toString(), rounds, 0);
            Histogram histogram = new Histogram(3_600_000_000_000L, 3);
            for (long i = 1; i <= rounds; i++) {
                long start = System.nanoTime();
                LONG.setRelease(line, 0L, 2 * i - 1);
                while ((long) LONG.getAcquire(line, 64L) != 2 * i) {
                    Thread.onSpinWait();
                }
                histogram.recordValue((System.nanoTime() - start) / 2);
            }
            pong.waitFor();
            return new double[] {histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99)};
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void pong(String file, long rounds) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            MemorySegment line = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096, arena);
            for (long i = 1; i <= rounds; i++) {
                while ((long) LONG.getAcquire(line, 0L) != 2 * i - 1) {
                    Thread.onSpinWait();
                }
                LONG.setRelease(line, 64L, 2 * i);
            }
        }
    }

    // ----------------------------------------------------------------------------------------

    interface Send {
        void send(long i);
    }

    /** Sends {@code messages}, at {@code perSecond} (0: flat out). */
    static void pace(long messages, long perSecond, Send send) {
        long start = System.nanoTime();
        for (long i = 0; i < messages; i++) {
            if (perSecond > 0) {
                long due = start + i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            send.send(i);
        }
    }

    static void report(Histogram histogram, long count, long nanos) {
        System.out.printf(Locale.ROOT, "RESULT p50=%d p99=%d p999=%d max=%d rate=%.0f%n", histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                count * 1e9 / Math.max(1, nanos));
        System.out.flush();
    }

    private static String field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return "-";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
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
