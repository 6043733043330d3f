package speculo.tests;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import speculo.api.Backend;
import speculo.api.Chunk;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * Shared set-up of the conformance suite: each test class runs once per backend (see
 * {@link Backends#all()}); areas get unique names and are removed after each test.
 */
abstract class ConformanceBase {

    protected final Backend backend;
    protected final FakeClock clock = new FakeClock();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<String> areas = new ArrayList<>();

    ConformanceBase(Backend backend) {
        this.backend = backend;
    }

    /** {@return a fresh, unique area name, removed after the test} */
    protected String newArea() {
        String name = "t-" + getClass().getSimpleName() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        areas.add(name);
        return name;
    }

    /** {@return options with the test's fake clock} */
    protected WriterOptions options() {
        return WriterOptions.defaults().withClock(clock).withInitialCapacity(64 * 1024).withMaxCapacity(16 << 20);
    }

    protected Writer writer(String area) {
        return writer(area, options());
    }

    protected Writer writer(String area, WriterOptions options) {
        return track(backend.writer(area, options));
    }

    protected Reader reader(String area) {
        return track(backend.reader(area, ReaderOptions.defaults().withClock(clock)));
    }

    protected <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        for (String area : areas) {
            backend.remove(area);
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(Chunk chunk) {
        return new String(chunk.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Appends {@code count} chunks of {@code size} bytes, each its {@code prefix} and number {@linkplain #padded padded}. */
    protected static void appendAll(Writer writer, String prefix, int count, int size, Duration ttl) {
        for (int i = 0; i < count; i++) {
            writer.append(MemorySegment.ofArray(padded(prefix + i, size)), ttl);
        }
    }

    /** {@return {@code name} padded with spaces to {@code size} bytes} */
    protected static byte[] padded(String name, int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) ' ');
        byte[] text = bytes(name);
        System.arraycopy(text, 0, data, 0, text.length);
        return data;
    }

    /** {@return the names of the chunks a new reader of {@code area} reads, their padding stripped} */
    protected List<String> names(String area) {
        return drain(reader(area)).stream().map(String::strip).toList();
    }

    /** {@return {@code prefix0} to {@code prefix(count - 1)}} */
    protected static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** {@return every chunk the reader can poll now, as text} */
    protected static List<String> drain(Reader reader) {
        List<String> texts = new ArrayList<>();
        while (reader.poll(chunk -> texts.add(text(chunk)), 7) > 0) {
            // poll in small batches to exercise the batch boundary
        }
        return texts;
    }
}
