package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.tests.child.OpenAndCollect;

/**
 * speculo's JFR events cost an application's start-up nothing where nobody records (their
 * classes start the recorder's machinery, 150-220 ms on the benchmark VM), and where a recording
 * runs they are loaded when a writer or reader opens, not in its first collection.
 */
class FlightRecorderTest {

    @ParameterizedTest
    @MethodSource("speculo.tests.Backends#all")
    void withoutARecordingNoEventClassIsLoaded(Backend backend) throws Exception {
        List<String> output = run(backend, List.of());
        assertTrue(output.contains("DONE"), output.toString());
        assertTrue(output.stream().anyMatch(line -> line.contains("speculo.core.write.AreaWriter ")),
                "the class-loading log lists speculo's classes, so an event class would show");
        List<String> loaded = output.stream()
                .filter(line -> line.contains("speculo.core.events.") && !line.contains("speculo.core.events.Events"))
                .toList();
        assertEquals(List.of(), loaded, "an open, a collection and a generation switch without a recording");
    }

    @ParameterizedTest
    @MethodSource("speculo.tests.Backends#all")
    void withARecordingTheEventsAreLoadedWhenTheAreaOpens(Backend backend) throws Exception {
        List<String> output = run(backend, List.of("-XX:StartFlightRecording:filename=/dev/null,settings=default"));
        int opened = output.indexOf("OPENED");
        assertTrue(opened > 0, output.toString());
        for (String event : List.of("CollectionEvent", "GenerationSwitchEvent", "TakeoverEvent")) {
            int loaded = indexOfFirst(output, "speculo.core.events." + event + " ");
            assertTrue(loaded >= 0 && loaded < opened, event + " loaded at " + loaded + ", opened at " + opened);
        }
    }

    private static List<String> run(Backend backend, List<String> flags) throws Exception {
        String area = "jfr-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        List<String> all = new java.util.ArrayList<>(flags);
        all.add("-Xlog:class+load=info:stdout");
        all.add("--enable-native-access=speculo.backend.shm,ALL-UNNAMED");
        List<String> launch = List.of("--module-path", System.getProperty("jdk.module.path"),
                "--class-path", System.getProperty("java.class.path"), "-m", "speculo.tests/" + OpenAndCollect.class.getName());
        try (ChildJvm child = ChildJvm.startExactly(backend.name(), all, launch, area)) {
            List<String> output = child.remainingLines(Duration.ofMinutes(1));
            assertEquals(0, child.exitCode(Duration.ofMinutes(1)), String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
            return output;
        }
    }

    private static int indexOfFirst(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
