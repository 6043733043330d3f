package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.tests.child.BackendReport;

/**
 * The {@code shm} backend in an application launched with {@code --illegal-native-access=deny},
 * as an application of a user would be: with the flags README gives it reads an area on
 * {@code shm}, from the module path (every jar on it, jffi included, as Maven puts them) and from
 * the class path, without a warning; without them, the backend is unusable with a reason that
 * names the flags, that reason is logged once, and a reader that does not find its area on the
 * backend chosen instead is told where else it may be.
 */
class NativeAccessTest {

    private static final String MAIN = BackendReport.class.getName();
    private static final String MODULE_FLAGS = "--enable-native-access=speculo.backend.shm,org.jnrproject.jffi";
    private static final String CLASS_PATH_FLAGS = "--enable-native-access=ALL-UNNAMED";

    private static String area;
    private static Backend shm;
    private static Writer writer;

    @BeforeAll
    static void writeAnAreaOnShm() {
        area = "native-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        shm = Speculo.backend("shm");
        writer = shm.writer(area, WriterOptions.defaults());
        for (int i = 0; i < 3; i++) {
            writer.write(new byte[] {(byte) i});
        }
    }

    @AfterAll
    static void removeTheArea() {
        writer.close();
        shm.remove(area);
    }

    @Test
    void onTheModulePathTheReadmeFlagsGiveShmWithoutAWarning() throws Exception {
        List<String> output = run(List.of("--illegal-native-access=deny", MODULE_FLAGS), modulePathLaunch());
        assertEquals(List.of("DEFAULT shm", "READ 3"), output, "nothing else, no warning either");
    }

    @Test
    void onTheClassPathTheReadmeFlagsGiveShmWithoutAWarning() throws Exception {
        List<String> launch = List.of("--class-path", String.join(File.pathSeparator, modulePath()) + File.pathSeparator
                + System.getProperty("java.class.path"), MAIN);
        List<String> output = run(List.of("--illegal-native-access=deny", CLASS_PATH_FLAGS), launch);
        assertEquals(List.of("DEFAULT shm", "READ 3"), output, "nothing else, no warning either");
    }

    @Test
    void withoutTheFlagsShmSaysWhyOnceAndAReaderIsToldWhereElseItsAreaMayBe() throws Exception {
        List<String> output = run(List.of("--illegal-native-access=deny"), modulePathLaunch());
        assertTrue(output.contains("DEFAULT file"), output.toString());
        List<String> logged = output.stream().filter(line -> line.contains("backend 'shm' is unusable")).toList();
        assertEquals(1, logged.size(), "logged once, though two calls chose the default: " + output);
        assertTrue(logged.getFirst().contains(MODULE_FLAGS) && logged.getFirst().contains(CLASS_PATH_FLAGS), logged.getFirst());
        String notFound = output.stream().filter(line -> line.startsWith("NOT_FOUND ")).findFirst()
                .orElseThrow(() -> new AssertionError("the area was found on file: " + output));
        assertTrue(notFound.contains("'" + area + "'") && notFound.contains("it may be on backend 'shm', which is unusable here")
                && notFound.contains(MODULE_FLAGS), notFound);
    }

    private static List<String> run(List<String> flags, List<String> launch) throws Exception {
        try (ChildJvm child = ChildJvm.startExactly(null, flags, launch, area)) {
            List<String> output = child.remainingLines(Duration.ofMinutes(1));
            assertEquals(0, child.exitCode(Duration.ofMinutes(1)), "output: " + output);
            return output;
        }
    }

    private static List<String> modulePathLaunch() {
        return List.of("--module-path", String.join(File.pathSeparator, modulePath()), "-m", "speculo.tests/" + MAIN);
    }

    /**
     * {@return this JVM's module path, plus the jars that Surefire left on the class path because
     * no module requires them by name (jffi, ASM, the jnr helpers), as Maven users' builds put them}
     */
    static List<String> modulePath() {
        List<String> entries = new ArrayList<>(List.of(System.getProperty("jdk.module.path").split(File.pathSeparator)));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.startsWith("jffi-") || file.startsWith("jnr-") || file.startsWith("asm-")) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
