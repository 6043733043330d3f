package speculo.tests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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

    /** {@return every chunk the reader can poll now, as text} */
    protected static List<String> drain(Reader reader) {
        List<String> texts = new ArrayList<>();
        while (reader.poll(chunk -> texts.add(text(chunk)), 7) > 0) {
            // poll in small batches to exercise the batch boundary
        }
        return texts;
    }
}
