package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application of a user, as README tells them to write it: a module that {@code requires
 * speculo.api} and nothing else of speculo, compiled against the built jars, then run in a JVM of
 * its own under {@code --illegal-native-access=deny}, from the module path (the backends found
 * through their {@code provides}) and from the class path (through {@code META-INF/services}),
 * with README's flags. It writes a chunk, reads it back, and prints the backend it got.
 */
class ConsumerProjectTest {

    private static final String MODULE_INFO = """
            module com.example.app {
                requires speculo.api;
            }
            """;

    private static final String MAIN = """
            package com.example.app;

            import java.nio.charset.StandardCharsets;
            import speculo.api.*;

            public final class Main {
                public static void main(String[] args) {
                    String area = args[0];
                    try (Writer writer = Speculo.writer(area); Reader reader = Speculo.reader(area)) {
                        ChunkHandle handle = writer.write("hello".getBytes(StandardCharsets.UTF_8));
                        String read = new String(reader.read(handle).orElseThrow().toByteArray(), StandardCharsets.UTF_8);
                        System.out.println("READ " + read + " ON " + Speculo.backend().name());
                    }
                    Speculo.backend().remove(area);
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anApplicationModuleThatRequiresOnlyTheApiRunsOnTheModulePathAndTheClassPath() throws Exception {
        Path sources = dir.resolve("src");
        Files.createDirectories(sources.resolve("com/example/app"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("com/example/app/Main.java"), MAIN);
        Path classes = dir.resolve("classes");
        String modulePath = String.join(File.pathSeparator, NativeAccessTest.modulePath());
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--module-path", modulePath, "-d", classes.toString(), sources.resolve("module-info.java").toString(),
                sources.resolve("com/example/app/Main.java").toString()).redirectErrorStream(true).start();
        String diagnostics = new String(javac.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, javac.waitFor(), "the README's way to depend on speculo compiles: " + diagnostics);

        String area = "consumer-" + ProcessHandle.current().pid();
        List<String> onModulePath = run(List.of("--illegal-native-access=deny",
                        "--enable-native-access=speculo.backend.shm,org.jnrproject.jffi"),
                List.of("--module-path", classes + File.pathSeparator + modulePath, "-m", "com.example.app/com.example.app.Main"),
                area);
        assertEquals(List.of("READ hello ON shm"), onModulePath, "the backends are found by service binding; no warning");

        List<String> onClassPath = run(List.of("--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED"),
                List.of("--class-path", classes + File.pathSeparator + modulePath + File.pathSeparator
                        + System.getProperty("java.class.path"), "com.example.app.Main"),
                area);
        assertEquals(List.of("READ hello ON shm"), onClassPath, "the backends are found through META-INF/services; no warning");
    }

    private static List<String> run(List<String> flags, List<String> launch, String area) throws Exception {
        try (ChildJvm child = ChildJvm.startExactly(null, new ArrayList<>(flags), launch, area)) {
            List<String> output = child.remainingLines(Duration.ofMinutes(1));
            assertEquals(0, child.exitCode(Duration.ofMinutes(1)), "output: " + output);
            return output;
        }
    }
}
