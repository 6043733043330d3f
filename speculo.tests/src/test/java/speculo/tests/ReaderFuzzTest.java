package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import speculo.api.AreaNotFoundException;
import speculo.api.ChunkHandle;
import speculo.api.CorruptAreaException;
import speculo.api.GcPolicy;
import speculo.api.IncompatibleFormatException;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.area.AreaNames;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.Words;
import speculo.core.layout.RecordDescriptor;
import speculo.core.read.AreaReader;
import speculo.core.write.AreaWriter;

/**
 * R16, "bad input is normal input": valid areas, corrupted in every way a crash, a bug or a
 * hostile process can (bit flips in every header field, bogus lengths, offsets past the end,
 * successor cycles, unordered indexes, wrong magic and version, truncated objects, sprayed
 * bytes), are opened, streamed and resolved by the real reader. The only failures allowed are
 * the precise ones — {@link CorruptAreaException}, {@link IncompatibleFormatException}, or "not
 * ready" ({@link AreaNotFoundException}) — and, for a handle that no longer names a record,
 * {@link IllegalArgumentException}; each case must end in bounded time.
 *
 * <p>{@code -Dspeculo.fuzz.cases=N} (default 100,000) and {@code -Dspeculo.fuzz.seed=S} reproduce a run.
 */
class ReaderFuzzTest {

    private static final String AREA = "fuzz";
    private static final long CASE_LIMIT_NANOS = Duration.ofSeconds(2).toNanos();

    /** A valid area's objects and what is known about their structure. */
    private record Image(Map<String, MemorySegment> objects, List<ChunkHandle> handles, List<Long> recordOffsets,
                         long generation) {
    }

    @Test
    void corruptAreasGiveOnlyPreciseExceptionsInBoundedTime() {
        int cases = Integer.getInteger("speculo.fuzz.cases", 100_000);
        long seed = Long.getLong("speculo.fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<Image> images = List.of(image(false, false), image(true, false), image(false, true), image(true, true));
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < cases; i++) {
            Image image = images.get(i % images.size());
            MemoryObjectStore store = new MemoryObjectStore();
            image.objects().forEach(store::put);
            String corruption = corrupt(store, image, random);
            long started = System.nanoTime();
            String outcome;
            try {
                outcome = exercise(store, image);
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + " of seed " + seed + " (" + corruption + "): " + e.getMessage(), e);
            }
            long took = System.nanoTime() - started;
            assertTrue(took < CASE_LIMIT_NANOS, "case " + i + " of seed " + seed + " (" + corruption + ") took " + took + " ns");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("reader fuzz: " + cases + " cases, seed " + seed + ", outcomes " + outcomes);
        assertTrue(outcomes.getOrDefault(CorruptAreaException.class.getSimpleName(), 0) > cases / 10,
                "most corruptions must be detected: " + outcomes);
    }

    /** Opens, streams and resolves; {@return the kind of outcome} */
    private static String exercise(MemoryObjectStore store, Image image) {
        String stage = "open";
        try (Reader reader = AreaReader.open(store, AREA, ReaderOptions.defaults())) {
            stage = "poll";
            for (int round = 0; round < 1000 && reader.poll(chunk -> touch(chunk.data()), 64) > 0; round++) {
                // drain; the bound is the test's own guard, the reader must end by itself
            }
            stage = "next";
            reader.next().ifPresent(chunk -> touch(chunk.data()));
            reader.isEndOfStream();
            stage = "read";
            for (ChunkHandle handle : image.handles()) {
                try {
                    reader.read(handle).ifPresent(chunk -> touch(chunk.data()));
                } catch (IllegalArgumentException noLongerARecord) {
                    // the record the handle named was overwritten: the handle is judged forged
                }
            }
            return "clean";
        } catch (CorruptAreaException | IncompatibleFormatException e) {
            return e.getClass().getSimpleName();
        } catch (AreaNotFoundException e) {
            assertTrue(stage.equals("open") || e.getMessage().contains("missing"), "not found while " + stage + ": " + e);
            return e.getClass().getSimpleName();
        } catch (RuntimeException | Error e) {
            throw new AssertionError("while " + stage + ": " + e, e);
        }
    }

    private static long touch(MemorySegment data) {
        long sum = 0;
        for (long i = 0; i < data.byteSize(); i += 61) {
            sum += data.get(ValueLayout.JAVA_BYTE, i);
        }
        return data.byteSize() == 0 ? 0 : sum + data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
    }

    /** Corrupts one object of the image in one way; {@return a description} */
    private static String corrupt(MemoryObjectStore store, Image image, SplittableRandom random) {
        String data = store.dataObject(AREA, image.generation());
        String control = AreaNames.controlObject(AREA);
        MemorySegment d = store.get(data);
        MemorySegment c = store.get(control);
        int kind = random.nextInt(10);
        switch (kind) {
            case 0 -> {
                long offset = random.nextLong(ControlDescriptor.LENGTH);
                flip(c, offset, random);
                return "control bit flip at " + offset;
            }
            case 1 -> {
                long offset = random.nextLong(DataDescriptor.HEADER_LENGTH);
                flip(d, offset, random);
                return "data header bit flip at " + offset;
            }
            case 2 -> {
                long field = 8L * random.nextInt(DataDescriptor.HEADER_LENGTH / 8);
                long value = nasty(random, d.byteSize());
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, field, value);
                return "data header word " + field + " = " + value;
            }
            case 3 -> {
                long record = image.recordOffsets().get(random.nextInt(image.recordOffsets().size()));
                long field = 8L * random.nextInt(RecordDescriptor.HEADER_LENGTH / 8);
                long value = nasty(random, d.byteSize());
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, record + field, value);
                return "record " + record + " word " + field + " = " + value;
            }
            case 4 -> {
                long record = image.recordOffsets().get(random.nextInt(image.recordOffsets().size()));
                long target = image.recordOffsets().get(random.nextInt(image.recordOffsets().size()));
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, record + RecordDescriptor.SUCCESSOR_OFFSET, target);
                return "successor of " + record + " -> " + target + " (cycles, backwards links)";
            }
            case 5 -> {
                long n = d.get(ValueLayout.JAVA_LONG_UNALIGNED, DataDescriptor.INDEX_COUNT_OFFSET);
                if (n < 2) {
                    flip(d, DataDescriptor.HEADER_LENGTH + random.nextLong(64), random);
                    return "index region bit flip";
                }
                long a = DataDescriptor.HEADER_LENGTH + 8 * random.nextLong(n * 3);
                long b = DataDescriptor.HEADER_LENGTH + 8 * random.nextLong(n * 3);
                long va = d.get(ValueLayout.JAVA_LONG_UNALIGNED, a);
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, a, d.get(ValueLayout.JAVA_LONG_UNALIGNED, b));
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, b, va);
                return "index words " + a + " and " + b + " swapped (out of order, wrong pairs)";
            }
            case 6 -> {
                boolean ofControl = random.nextBoolean();
                MemorySegment victim = ofControl ? c : d;
                long length = random.nextLong(victim.byteSize());
                store.put(ofControl ? control : data, victim.asSlice(0, length));
                return (ofControl ? "control" : "data") + " truncated to " + length;
            }
            case 7 -> {
                long from = random.nextLong(d.byteSize());
                long length = Math.min(d.byteSize() - from, 1 + random.nextLong(512));
                for (long i = from; i < from + length; i++) {
                    d.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
                }
                return "random bytes over data [" + from + ", " + (from + length) + ")";
            }
            case 8 -> {
                long n = d.get(ValueLayout.JAVA_LONG_UNALIGNED, DataDescriptor.INDEX_COUNT_OFFSET);
                long slots = d.get(ValueLayout.JAVA_LONG_UNALIGNED, DataDescriptor.ID_TABLE_SLOTS_OFFSET);
                if (slots == 0) { // no mirror: its mirrored source word instead
                    c.set(ValueLayout.JAVA_LONG_UNALIGNED, ControlDescriptor.MIRRORED_SOURCE_OFFSET, random.nextLong());
                    return "mirrored source word of an area that is no mirror";
                }
                long word = DataDescriptor.idTableOffset(n) + 8 * random.nextLong(2 * slots);
                long value = random.nextBoolean() ? nasty(random, d.byteSize())
                        : image.recordOffsets().get(random.nextInt(image.recordOffsets().size()));
                d.set(ValueLayout.JAVA_LONG_UNALIGNED, word, value);
                return "id table word " + word + " = " + value;
            }
            default -> {
                long field = random.nextBoolean() ? ControlDescriptor.CURRENT_GENERATION_OFFSET : ControlDescriptor.STATE_OFFSET;
                long value = random.nextBoolean() ? random.nextLong(-2, 5) : random.nextLong();
                c.set(ValueLayout.JAVA_LONG_UNALIGNED, field, value);
                return "control word " + field + " = " + value;
            }
        }
    }

    private static void flip(MemorySegment segment, long offset, SplittableRandom random) {
        if (offset < segment.byteSize()) {
            byte b = segment.get(ValueLayout.JAVA_BYTE, offset);
            segment.set(ValueLayout.JAVA_BYTE, offset, (byte) (b ^ (1 << random.nextInt(8))));
        }
    }

    /** {@return a value likely to break a naive reader: boundaries, off-by-ones, overflows} */
    private static long nasty(SplittableRandom random, long size) {
        long[] values = {0, 1, -1, 7, 8, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 7, size, size - 8, size + 8,
                size - 1, Integer.MAX_VALUE, 1L << 40, random.nextLong(), random.nextLong(size + 1)};
        return values[random.nextInt(values.length)];
    }

    /**
     * Builds a valid area in a memory store and captures its objects. A mirror's chunks are copies
     * of chunks of a source that exists only as a tag, whose handles the image keeps beside the
     * mirror's own.
     */
    private static Image image(boolean collected, boolean mirror) {
        MemoryObjectStore store = new MemoryObjectStore();
        FakeClock clock = new FakeClock();
        List<ChunkHandle> handles = new ArrayList<>();
        WriterOptions options = WriterOptions.defaults().withClock(clock).withInitialCapacity(16 * 1024)
                .withGcPolicy(GcPolicy.whenFull());
        try (Writer writer = AreaWriter.open(store, AREA, mirror ? options.asMirror() : options)) {
            for (int i = 0; i < 24; i++) {
                byte[] payload = new byte[(i * 37) % 300];
                java.util.Arrays.fill(payload, (byte) i);
                handles.add(write(writer, mirror, handles, 1_000 + 7L * i, payload, i % 3 == 0 ? Duration.ofSeconds(1 + i) : null));
            }
            handles.add(writer.replace(handles.get(1), new byte[40]));
            writer.remove(handles.get(2));
            if (collected) {
                clock.advance(Duration.ofSeconds(5));
                writer.collect();
                handles.add(writer.replace(handles.get(4), new byte[64]));
                handles.add(write(writer, mirror, handles, 5_000, new byte[100], null));
                writer.remove(handles.get(5));
            }
        }
        Map<String, MemorySegment> objects = new LinkedHashMap<>();
        long generation = -1;
        for (String name : store.list()) {
            objects.put(name, store.get(name));
            if (AreaNames.slotOf(AREA, name) >= 0) {
                generation = Math.max(generation, Words.get(store.get(name), DataDescriptor.GENERATION_OFFSET));
            }
        }
        MemorySegment data = store.get(store.dataObject(AREA, generation));
        List<Long> records = new ArrayList<>();
        long tail = data.get(ValueLayout.JAVA_LONG, DataDescriptor.COMMITTED_TAIL_OFFSET);
        for (long at = data.get(ValueLayout.JAVA_LONG, DataDescriptor.RECORDS_OFFSET_OFFSET); at < tail;
             at += RecordDescriptor.recordLength(data.get(ValueLayout.JAVA_LONG, at))) {
            records.add(at);
        }
        return new Image(objects, handles, records, generation);
    }

    /**
     * Writes a chunk that expires after {@code ttl} (or never); in a mirror, the copy of source
     * chunk {@code sourceId}, whose source handle goes to {@code handles} first. {@return its handle}
     */
    private static ChunkHandle write(Writer writer, boolean mirror, List<ChunkHandle> handles, long sourceId,
                                     byte[] payload, Duration ttl) {
        if (!mirror) {
            return ttl == null ? writer.write(payload) : writer.write(payload, ttl);
        }
        ChunkHandle source = Handles.of(0x5eed_0018, 3, 4096, sourceId);
        handles.add(source);
        return writer.mirror(source, MemorySegment.ofArray(payload),
                ttl == null ? java.time.Instant.MAX : writer.clock().instant().plus(ttl));
    }
}
