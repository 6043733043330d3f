package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaNotFoundException;
import speculo.api.Backend;
import speculo.api.ReaderOptions;
import speculo.tests.child.Quickstart;

/**
 * The README's Quickstart compiles (it is {@link Quickstart}), runs on every backend in a JVM of
 * its own, prints what the README says it prints, and leaves no area behind; the README shows
 * the program as it is.
 */
class QuickstartTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "speculo", "tests", "child", "Quickstart.java");
    private static final Pattern BLOCKS = Pattern.compile(
            "## Quickstart\n\n```java\n(.*?)```\n\nIt prints:\n\n```\n(.*?)```\n", Pattern.DOTALL);

    @Test
    void theReadmeShowsTheQuickstartProgramAsItIs() throws IOException {
        String source = Files.readString(SOURCE);
        String program = source.substring(source.indexOf('\n', source.indexOf("package ")) + 2); // after "package ...;\n\n"
        assertEquals(program, readme().group(1), "README's Quickstart differs from " + SOURCE + ": copy the file below its package line");
    }

    @ParameterizedTest
    @MethodSource("speculo.tests.Backends#all")
    void theQuickstartPrintsWhatTheReadmeSaysAndRemovesItsArea(Backend backend) throws Exception {
        assertThrows(AreaNotFoundException.class, () -> backend.reader("quickstart", ReaderOptions.defaults()).close(),
                "an area named 'quickstart' exists already on " + backend.name() + ": the test would take it over");
        List<String> printed;
        try (ChildJvm child = ChildJvm.start(backend.name(), Quickstart.class)) {
            printed = child.remainingLines(Duration.ofMinutes(1));
            assertEquals(0, child.exitCode(Duration.ofMinutes(1)), "output: " + printed);
        }
        assertEquals(List.of(readme().group(2).split("\n")), printed);
        assertThrows(AreaNotFoundException.class, () -> backend.reader("quickstart", ReaderOptions.defaults()).close(),
                "the Quickstart removes its area");
    }

    private static Matcher readme() throws IOException {
        Matcher matcher = BLOCKS.matcher(Files.readString(README));
        assertTrue(matcher.find(), "README has no '## Quickstart' with a java block and an 'It prints:' block");
        return matcher;
    }
}
