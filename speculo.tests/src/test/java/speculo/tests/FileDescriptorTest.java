package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;

/** R12: no file descriptor outlives an open; the count does not grow with areas or readers. */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
@EnabledOnOs(OS.LINUX)
class FileDescriptorTest extends ConformanceBase {

    FileDescriptorTest(Backend backend) {
        super(backend);
    }

    @Test
    void openingAndClosingThousandsOfReadersAndWritersLeavesNoDescriptor() throws IOException {
        String area = newArea();
        warmUp(area);
        long before = openDescriptors();
        for (int i = 0; i < 1000; i++) {
            try (Writer writer = backend.writer(area, options())) {
                writer.write(bytes("round " + i));
                if (i % 100 == 0) {
                    writer.collect();
                }
            }
            try (Reader reader = backend.reader(area, ReaderOptions.defaults())) {
                reader.next();
            }
        }
        assertEquals(before, openDescriptors(), "descriptors before and after 1000 writer and reader opens");
    }

    @Test
    void openReadersHoldNoDescriptor() throws IOException {
        String area = newArea();
        Writer writer = writer(area);
        warmUp(area);
        long before = openDescriptors();
        Reader[] readers = new Reader[500];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = track(backend.reader(area, ReaderOptions.defaults()));
        }
        writer.collect();
        for (Reader reader : readers) {
            reader.next();
        }
        assertEquals(before, openDescriptors(), "500 open readers, each moved to a new generation");
    }

    private void warmUp(String area) {
        // Load classes and open the JDK's own lazily opened files before counting.
        try (Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            reader.next();
        } catch (speculo.api.AreaNotFoundException notYet) {
            backend.writer(area, options()).close();
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
