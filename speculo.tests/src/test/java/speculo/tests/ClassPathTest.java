package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.tests.child.Payloads;
import speculo.tests.child.StreamReader;

/**
 * Every backend works for a reader on the class path (found through META-INF/services) as well
 * as on the module path (found through module-info): the multi-process tests use the module path,
 * this one the class path.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class ClassPathTest {

    private final Backend backend;

    ClassPathTest(Backend backend) {
        this.backend = backend;
    }

    @Test
    void aReaderOnTheClassPathReadsWhatTheWriterWrote() throws Exception {
        String area = "cp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String classPath = System.getProperty("jdk.module.path") + File.pathSeparator + System.getProperty("java.class.path");
        Writer writer = backend.writer(area, WriterOptions.defaults());
        try (ChildJvm reader = ChildJvm.startOnClassPath(backend.name(), classPath, StreamReader.class, area)) {
            reader.await("READY", Duration.ofMinutes(1));
            for (long seq = 1; seq <= 50; seq++) {
                byte[] data = new byte[Payloads.size(seq)];
                Payloads.fill(java.lang.foreign.MemorySegment.ofArray(data), seq);
                writer.write(data);
            }
            writer.close(); // ends the stream: the reader drains it and reports
            String result = reader.await("RESULT", Duration.ofMinutes(1));
            assertEquals(0, reader.exitCode(Duration.ofMinutes(1)), result);
            assertEquals(50, ChildJvm.field(result, "read"), result);
            assertEquals(0, ChildJvm.field(result, "bad"), result);
        } finally {
            writer.close();
            backend.remove(area);
        }
    }
}
