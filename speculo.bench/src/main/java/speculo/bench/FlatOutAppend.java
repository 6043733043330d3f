package speculo.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Locale;
import speculo.api.Backend;
import speculo.api.GcPolicy;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The cross-process harness's flat-out writer without the other process: the same area options
 * (64 MiB initial, default policy), a {@code System.nanoTime()} stamp in each chunk and
 * {@code append} with a time to live read from the real clock, but no reader. Compared with the
 * harness's writer rate, it separates the writer's own cost from what a reader on the other
 * processor adds; run under {@code taskset -c 0}, as the pinned harness runs the writer's JVM, it
 * also shows what the writer's helper threads cost when they share its processor.
 *
 * <p>All rounds append to one area, and each reports the process's minor page faults: the first
 * round includes the area's growth to the size the stream keeps (new objects, every page a first
 * touch), the later ones are its steady state. A stream of 64 KiB chunks took 18 µs a chunk in
 * its first round and 7.4 in the next four.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.FlatOutAppend
 * [chunk bytes=64] [ttl ms=10, 0 for never] [appends per round=10000000] [rounds=3] [capacity factor=2]
 * [clock every=0]}. With a last argument {@code N > 0} the writer is given a cached clock that the loop
 * ticks every {@code N} appends, as an application's duty cycle keeps one: what the writer's own
 * clock read costs.
 */
public final class FlatOutAppend {

    private FlatOutAppend() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        long ttlMillis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long appends = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int capacityFactor = args.length > 4 ? Integer.parseInt(args[4]) : WriterOptions.DEFAULT_CAPACITY_FACTOR;
        int clockEvery = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        ManualClock cached = new ManualClock(System.currentTimeMillis());
        Duration ttl = Duration.ofMillis(ttlMillis);
        Backend shm = Speculo.backend("shm");
        MemorySegment chunk = Arena.ofAuto().allocate(Math.max(size, Long.BYTES));
        String area = "flat-out-" + ProcessHandle.current().pid();
        WriterOptions options = WriterOptions.defaults().withInitialCapacity(64L << 20)
                .withMaxCapacity(4L << 30).withGcPolicy(GcPolicy.whenFull()).withCapacityFactor(capacityFactor);
        MemorySegment data = chunk.asSlice(0, size);
        try (Writer writer = shm.writer(area, clockEvery > 0 ? options.withClock(cached) : options)) {
            for (int round = 0; round < rounds; round++) {
                long faults = MinorFaults.sinceStart();
                long collections = writer.stats().gcCount();
                long start = System.nanoTime();
                for (long i = 0; i < appends; i++) {
                    chunk.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, System.nanoTime());
                    if (clockEvery > 0 && i % clockEvery == 0) {
                        cached.catchUp();
                    }
                    if (ttlMillis > 0) {
                        writer.append(data, ttl);
                    } else {
                        writer.append(data);
                    }
                }
                long took = System.nanoTime() - start;
                System.out.printf(Locale.ROOT,
                        "round %d: %d appends of %d B (ttl %s%s): %.2f M/s, %.1f ns each, %d collections, %d minor faults%n",
                        round, appends, size, ttlMillis > 0 ? ttlMillis + " ms" : "never",
                        clockEvery > 0 ? ", clock read every " + clockEvery : "", appends * 1e3 / took,
                        took / (double) appends, writer.stats().gcCount() - collections, MinorFaults.since(faults));
            }
        } finally {
            shm.remove(area);
        }
    }
}
