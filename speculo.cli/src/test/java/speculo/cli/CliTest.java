package speculo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import speculo.api.ChunkHandle;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.backend.file.FileBackend;

/** Every command end to end: the real {@code speculo} program in a child JVM, against real areas. */
class CliTest {

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path temp;

    private Path dir;
    private FileBackend backend;

    @BeforeEach
    void privateDirectory() throws IOException {
        dir = Files.createDirectory(temp.resolve("areas"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        backend = new FileBackend(dir);
    }

    @AfterEach
    void removeAreas() {
        for (String area : backend.areas()) {
            try {
                backend.remove(area);
            } catch (RuntimeException stillOwned) {
                // a test's writer is closed by the test itself
            }
        }
    }

    /** Runs {@code speculo args...} on the file backend in the test's directory. */
    private Run speculo(String... args) throws IOException, InterruptedException {
        return run(List.of("-Dspeculo.backend=file", "-Dspeculo.file.directory=" + dir), args);
    }

    private static Run run(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "speculo " + String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void lsShowsAreasWithTheirWriter() throws Exception {
        try (Writer writer = backend.writer("listed", WriterOptions.defaults())) {
            writer.write("a".getBytes(StandardCharsets.UTF_8));
            writer.write("b".getBytes(StandardCharsets.UTF_8));
            writer.collect();
            Run ls = speculo("ls");
            assertEquals(0, ls.exit(), ls.err());
            String row = ls.out().lines().filter(l -> l.startsWith("listed ")).findFirst().orElseThrow(() -> new AssertionError(ls.out()));
            assertTrue(row.matches("listed\\s+file\\s+1\\s+\\d+\\s+\\d+\\s+2\\s+open\\s+" + ProcessHandle.current().pid() + " \\(alive\\)"), row);
            Run json = speculo("ls", "--json");
            assertTrue(json.out().contains("\"area\":\"listed\"") && json.out().contains("\"liveChunks\":2")
                    && json.out().contains("\"writerAlive\":true"), json.out());
        }
    }

    @Test
    void statDecodesEveryHeaderField() throws Exception {
        try (Writer writer = backend.writer("stats", WriterOptions.defaults())) {
            ChunkHandle a = writer.write(new byte[10]);
            writer.write(new byte[20]);
            writer.remove(a);
            Run stat = speculo("stat", "stats");
            assertEquals(0, stat.exit(), stat.err());
            assertTrue(stat.out().contains("currentGeneration  0"), stat.out());
            assertTrue(stat.out().contains("liveChunks         1"), stat.out());
            assertTrue(stat.out().contains("removedChunks      1"), stat.out());
            assertTrue(stat.out().contains("ownerPid           " + ProcessHandle.current().pid()), stat.out());
            Run json = speculo("stat", "stats", "--json");
            assertTrue(json.out().startsWith("{\"area\":\"stats\"") && json.out().contains("\"records\":2"), json.out());
        }
    }

    @Test
    void catPrintsChunksAsTextHexAndJson() throws Exception {
        try (Writer writer = backend.writer("cats", WriterOptions.defaults())) {
            writer.write("hello".getBytes(StandardCharsets.UTF_8));
            ChunkHandle block = writer.write("block v1".getBytes(StandardCharsets.UTF_8));
            writer.replace(block, "block v2".getBytes(StandardCharsets.UTF_8));
            Run text = speculo("cat", "cats");
            assertEquals(0, text.exit(), text.err());
            assertEquals(List.of("hello", "block v2"), text.out().lines().toList());
            Run hex = speculo("cat", "cats", "--format", "hex");
            assertTrue(hex.out().contains("68 65 6c 6c 6f") && hex.out().contains("|hello|"), hex.out());
            Run json = speculo("cat", "cats", "--format", "json");
            String first = json.out().lines().findFirst().orElseThrow();
            String data = first.replaceAll(".*\"data\":\"([^\"]*)\".*", "$1");
            assertEquals("hello", new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
            Run one = speculo("cat", "cats", "--handle", block.toString());
            assertEquals("block v2", one.out().strip());
            writer.remove(block);
            Run gone = speculo("cat", "cats", "--handle", block.toString());
            assertEquals(1, gone.exit());
            assertTrue(gone.err().contains("expired or was removed"), gone.err());
            Run garbage = speculo("cat", "cats", "--handle", "not-a-handle");
            assertEquals(1, garbage.exit());
            assertTrue(garbage.err().contains("not a chunk handle"), garbage.err());
        }
    }

    @Test
    void catFollowTailsTheStreamUntilTheWriterCloses() throws Exception {
        Writer writer = backend.writer("tail", WriterOptions.defaults());
        Thread feeder = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1500);
                for (int i = 0; i < 5; i++) {
                    writer.write(("line " + i).getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                writer.close();
            }
        });
        Run follow = speculo("cat", "tail", "--follow");
        feeder.join();
        assertEquals(0, follow.exit(), follow.err());
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4"), follow.out().lines().toList());
    }

    @Test
    void rmRemovesAndRefusesLiveAreas() throws Exception {
        Writer writer = backend.writer("doomed", WriterOptions.defaults());
        Run busy = speculo("rm", "doomed");
        assertEquals(1, busy.exit());
        assertTrue(busy.err().contains("being written by pid " + ProcessHandle.current().pid()), busy.err());
        writer.close();
        Run rm = speculo("rm", "doomed");
        assertEquals(0, rm.exit(), rm.err());
        assertEquals("removed doomed", rm.out().strip());
        assertFalse(backend.areas().contains("doomed"));
        Run again = speculo("rm", "doomed");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("no area 'doomed'"), again.err());
    }

    @Test
    void cleanRemovesAreasOfDeadWritersOnlyWhenAsked() throws Exception {
        backend.writer("alive", WriterOptions.defaults());
        Process orphanWriter = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspeculo.backend=file", "-Dspeculo.file.directory=" + dir, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo-writer", "orphan", "--seconds", "60", "--rate", "100").start();
        try {
            // The writer prints its block handles once the area is created and written.
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(orphanWriter.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(first != null && first.startsWith("BLOCKS "), String.valueOf(first));
            orphanWriter.destroyForcibly().waitFor();
            Run dry = speculo("clean");
            assertEquals(0, dry.exit(), dry.err());
            assertTrue(dry.out().contains("would remove orphan (file): its writer, pid " + orphanWriter.pid() + ", is dead"), dry.out());
            assertFalse(dry.out().contains("alive"), dry.out());
            assertTrue(backend.areas().contains("orphan"), "a dry run removes nothing");
            Run clean = speculo("clean", "--yes");
            assertEquals(0, clean.exit(), clean.err());
            assertTrue(clean.out().contains("removed orphan"), clean.out());
            assertEquals(List.of("alive"), backend.areas());
        } finally {
            orphanWriter.destroyForcibly();
        }
    }

    @Test
    void badInputGivesAClearMessageAndANonZeroExit() throws Exception {
        Run missing = speculo("stat", "nowhere");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("speculo stat: area 'nowhere'") && missing.err().contains("no such area"), missing.err());
        Run badName = speculo("cat", "../etc");
        assertEquals(1, badName.exit());
        assertTrue(badName.err().contains("area name"), badName.err());
        Run unknownOption = speculo("ls", "--frobnicate");
        assertEquals(2, unknownOption.exit());
        assertTrue(unknownOption.err().contains("Unknown option"), unknownOption.err());
        Run unknownBackend = speculo("ls", "--backend", "tape");
        assertEquals(1, unknownBackend.exit());
        assertTrue(unknownBackend.err().contains("no backend named 'tape'"), unknownBackend.err());
    }

    @Test
    void aCorruptAreaIsReportedNotCrashedOn() throws Exception {
        backend.writer("broken", WriterOptions.defaults()).close();
        byte[] data = Files.readAllBytes(dir.resolve("broken.0"));
        data[40] = 0x7f; // the records offset: now pointing nowhere sensible
        Files.write(dir.resolve("broken.0"), data);
        Run stat = speculo("stat", "broken");
        assertEquals(1, stat.exit());
        assertTrue(stat.err().contains("is corrupt") && stat.err().contains("broken.0"), stat.err());
        Run ls = speculo("ls");
        assertEquals(1, ls.exit());
        assertTrue(ls.err().contains("is corrupt"), ls.err());
    }

    @Test
    void anAreaOfAnotherUserIsRefusedWhenAnOwnerIsRequired() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give an area away");
        try (Writer writer = backend.writer("foreign", WriterOptions.defaults())) {
            writer.write("x".getBytes(StandardCharsets.UTF_8));
            var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir.resolve("foreign"), nobody);
            Run cat = speculo("cat", "foreign", "--owner", "root");
            assertEquals(1, cat.exit());
            assertTrue(cat.err().contains("belongs to user 'nobody'"), cat.err());
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String command : List.of("demo", "ls", "stat", "cat", "rm", "clean", "bench")) {
            Run help = speculo(command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().startsWith("Usage: speculo " + command), help.out());
        }
        Run completion = speculo("generate-completion");
        assertEquals(0, completion.exit());
        assertTrue(completion.out().contains("complete -F"), "a bash completion script");
    }

    @Test
    void theDefaultBackendIsUsedWithoutOptions() throws Exception {
        String area = "cli-default-" + ProcessHandle.current().pid();
        var defaultBackend = Speculo.backend();
        try (Writer writer = defaultBackend.writer(area, WriterOptions.defaults())) {
            writer.write("x".getBytes(StandardCharsets.UTF_8));
            Run ls = run(List.of(), "ls", "--backend", defaultBackend.name());
            assertTrue(ls.out().contains(area), ls.out());
        } finally {
            defaultBackend.remove(area);
        }
    }
}
