package speculo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.time.Duration;
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
        return run(List.of(), jvmArgs, System.getProperty("java.class.path"), args);
    }

    /**
     * Runs {@code speculo args...} in a child JVM started by {@code wrapper} (for example {@code setpriv}
     * to run as another user), with the given JVM arguments and class path.
     */
    private static Run run(List<String> wrapper, List<String> jvmArgs, String classPath, String... args)
            throws IOException, InterruptedException {
        return run(Duration.ofSeconds(60), wrapper, jvmArgs, classPath, args);
    }

    private static Run run(Duration limit, List<String> wrapper, List<String> jvmArgs, String classPath, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // Read both pipes at once, and give up on a command that hangs (a FIFO once made ls block forever).
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("speculo " + String.join(" ", args) + " did not finish within " + limit);
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
            // two chunks and the removal's notice
            assertTrue(json.out().startsWith("{\"area\":\"stats\"") && json.out().contains("\"records\":3"), json.out());
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
            assertEquals(2, garbage.exit(), "a usage error");
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
    void cleanRemovesAnAreaAbandonedWhileBeingCreated() throws Exception {
        backend.writer("half", WriterOptions.defaults()).close();
        // What a creator leaves if it dies between claiming the control object and publishing generation 0.
        try (var control = backend.store().openReadWrite("half")) {
            speculo.core.layout.Words.setRelease(control.segment(), speculo.core.layout.ControlDescriptor.STATE_OFFSET,
                    speculo.core.layout.ControlDescriptor.STATE_INITIALIZING);
            speculo.core.layout.Words.setRelease(control.segment(), speculo.core.layout.ControlDescriptor.OWNER_OFFSET,
                    speculo.core.area.Ownership.NONE);
        }
        Run dry = speculo("clean");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would remove half (file): it was abandoned while being created"), dry.out());
        Run clean = speculo("clean", "--yes");
        assertEquals(0, clean.exit(), clean.err());
        assertTrue(clean.out().contains("removed half"), clean.out());
        assertEquals(List.of(), backend.areas());
    }

    @Test
    void cleanRemovesWhatIsLeftOfAnAreaWhoseControlObjectIsGone() throws Exception {
        try (var writer = backend.writer("gone", WriterOptions.defaults())) {
            writer.write(new byte[10]);
            writer.collect();
        }
        // A reader's presence whose reader never closes it, the control object gone, and someone's
        // file under a data object's name.
        speculo.core.area.ReaderPresence.create(backend.store(), "gone");
        Files.delete(dir.resolve("gone"));
        Path foreign = Files.writeString(dir.resolve(speculo.core.area.AreaNames.dataObject("gone", 7, 0xabcL)), "not ours");
        Run dry = speculo("clean");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would remove gone (file): its control object is gone; objects of it remain"), dry.out());
        Run clean = speculo("clean", "--yes");
        assertTrue(clean.out().contains("removed gone"), clean.out());
        assertTrue(clean.err().contains("left '" + foreign.getFileName() + "' alone"), clean.err());
        assertEquals(1, clean.exit(), "something was left alone: " + clean.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(foreign), files.toList(), "only the file that is not speculo's is left");
        }
        Files.delete(foreign);
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
        assertEquals("", unknownBackend.out(), "no table header before the error");
    }

    @Test
    void aCorruptAreaIsReportedNotCrashedOn() throws Exception {
        backend.writer("broken", WriterOptions.defaults()).close();
        String generation = dataObject(backend, "broken", 0);
        byte[] data = Files.readAllBytes(dir.resolve(generation));
        data[40] = 0x7f; // the records offset: now pointing nowhere sensible
        Files.write(dir.resolve(generation), data);
        Run stat = speculo("stat", "broken");
        assertEquals(1, stat.exit());
        assertTrue(stat.err().contains("is corrupt") && stat.err().contains(generation), stat.err());
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
        for (String command : List.of("demo", "ls", "stat", "cat", "rm", "clean", "verify", "bench", "bridge")) {
            Run help = speculo(command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().startsWith("Usage: speculo " + command), help.out());
        }
        Run overview = speculo("--help");
        for (String command : List.of("demo", "ls", "stat", "cat", "rm", "clean", "verify", "bench", "bridge")) {
            String summary = overview.out().lines().filter(l -> l.strip().startsWith(command + " ")).findFirst().orElseThrow().strip();
            assertTrue(summary.endsWith("."), "a whole sentence on one line, not one cut off or wrapped: " + summary);
        }
        Run completion = speculo("generate-completion");
        assertEquals(0, completion.exit());
        assertTrue(completion.out().contains("complete -F"), "a bash completion script");
    }

    @Test
    void statAndCatFindAnAreaInWhicheverBackendListsIt() throws Exception {
        try (Writer writer = backend.writer("elsewhere", WriterOptions.defaults())) {
            writer.write("found".getBytes(StandardCharsets.UTF_8));
            // No backend chosen: the default one may be shm, where the area is not; ls lists it from file.
            List<String> noChoice = List.of("-Dspeculo.file.directory=" + dir);
            Run stat = run(noChoice, "stat", "elsewhere");
            assertEquals(0, stat.exit(), stat.err());
            assertTrue(stat.out().contains("location           file:"), stat.out());
            Run cat = run(noChoice, "cat", "elsewhere");
            assertEquals(0, cat.exit(), cat.err());
            assertEquals("found", cat.out().strip());
        }
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

    @Test
    void rmLeavesAFileThatIsNotAnAreaAloneByteForByte() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes"), "shopping list\n".repeat(100));
        Path link = Files.createLink(temp.resolve("notes-link"), notes);
        for (List<String> command : List.of(List.of("rm", "notes"), List.of("rm", "--force", "notes"))) {
            Run rm = speculo(command.toArray(String[]::new));
            assertEquals(1, rm.exit(), rm.out());
            assertTrue(rm.err().contains("left 'notes' alone") && rm.err().contains("not a speculo control object"), rm.err());
            assertEquals("", rm.out(), "nothing claims to be removed");
        }
        assertEquals("shopping list\n".repeat(100), Files.readString(link), "not a byte of it was written");
        assertTrue(Files.exists(notes));
    }

    @Test
    void rmForceRemovesALiveWritersArea() throws Exception {
        try (Writer writer = backend.writer("stubborn", WriterOptions.defaults())) {
            writer.write("x".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, speculo("rm", "stubborn").exit());
            Run forced = speculo("rm", "--force", "stubborn");
            assertEquals(0, forced.exit(), forced.err());
            assertEquals("removed stubborn", forced.out().strip());
            assertFalse(backend.areas().contains("stubborn"));
        }
    }

    @Test
    void aFifoUnderAnAreaNameIsReportedAndEverythingElseStillWorks() throws Exception {
        Path fifo = dir.resolve("planted");
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "666", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        try (Writer writer = backend.writer("healthy", WriterOptions.defaults())) {
            writer.write("x".getBytes(StandardCharsets.UTF_8));
            Run ls = speculo("ls");
            assertEquals(1, ls.exit());
            assertTrue(ls.out().contains("healthy "), ls.out());
            assertTrue(ls.err().contains("planted") && ls.err().contains("FIFO"), ls.err());
            for (String command : List.of("stat", "cat", "rm")) {
                Run refused = speculo(command, "planted");
                assertEquals(1, refused.exit(), command);
                assertTrue(refused.err().contains("FIFO"), command + ": " + refused.err());
            }
            Run clean = speculo("clean", "--yes", "--closed");
            assertEquals(1, clean.exit());
            assertTrue(clean.err().contains("skipping planted"), clean.err());
            assertTrue(Files.exists(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS), "not speculo's: never removed");
        } finally {
            Files.deleteIfExists(fifo);
        }
    }

    @Test
    void catStreamsAChunkOfAnySizeInBoundedMemory() throws Exception {
        byte[] large = new byte[64 << 20];
        new java.util.Random(17).nextBytes(large);
        for (int i = 0; i < large.length; i += 4096) {
            large[i] = '\n'; // text output turns it into '?', so the line stays one line
        }
        try (Writer writer = backend.writer("large", WriterOptions.defaults().withMaxCapacity(256 << 20))) {
            writer.write(large);
            // 24 MiB of heap, well under the chunk: copying it to print it, as cat did, runs out of memory.
            List<String> smallHeap = List.of("-Xmx24m", "-Dspeculo.backend=file", "-Dspeculo.file.directory=" + dir);
            Path json = temp.resolve("large.json");
            Run asJson = runTo(json, smallHeap, "cat", "large", "--format", "json");
            assertEquals(0, asJson.exit(), asJson.err());
            String line = Files.readString(json);
            String data = line.substring(line.indexOf("\"data\":\"") + 8, line.lastIndexOf('"'));
            assertArrayEquals(large, Base64.getDecoder().decode(data));
            Path text = temp.resolve("large.txt");
            Run asText = runTo(text, smallHeap, "cat", "large");
            assertEquals(0, asText.exit(), asText.err());
            assertEquals(1, Files.readString(text, StandardCharsets.UTF_8).lines().count(), "one chunk, one line");
        }
    }

    /** Runs {@code speculo args...} with its standard output going to {@code out}. */
    private static Run runTo(Path out, List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
        String err = readAll(process.getErrorStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "speculo " + String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), "", err);
    }

    @Test
    void argumentsEchoedInErrorsHaveTheirControlCharactersQuoted() throws Exception {
        Run badName = speculo("cat", "x\u001b[2J\u0007");
        assertEquals(1, badName.exit());
        assertTrue(badName.err().contains("x\\e[2J\\u0007"), badName.err());
        Run badOption = speculo("ls", "--frob\u001b[31m");
        assertEquals(2, badOption.exit());
        assertTrue(badOption.err().contains("--frob\\e[31m"), badOption.err());
        Run badHandle = speculo("cat", "any", "--handle", "\u001b]0;title\u0007");
        for (Run run : List.of(badName, badOption, badHandle)) {
            assertTrue(run.err().chars().noneMatch(c -> c != '\n' && Character.isISOControl(c)), run.err());
        }
    }

    @Test
    void cleanSkipsWhatItMayNotReadAndStillCleansTheRest() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as two users");
        var shm = new speculo.backend.shm.ShmBackend();
        Assumptions.assumeTrue(shm.unavailableReason().isEmpty(), "no POSIX shared memory here");
        String suffix = Long.toHexString(System.nanoTime());
        String roots = "a-root-" + suffix;
        String nobodys = "b-nobody-" + suffix;
        try {
            shm.writer(roots, WriterOptions.defaults()).close(); // mode 0600: nobody may not even read it
            shm.writer(nobodys, WriterOptions.defaults()).close();
            var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            for (String object : List.of(nobodys, dataObject(shm, nobodys, 0))) {
                Files.setOwner(Path.of("/dev/shm", "speculo." + object), nobody);
            }
            forgeDeadOwner(shm, nobodys);
            Path jars = Files.createDirectory(temp.resolve("jars"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Run clean = run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"),
                    List.of("-Dspeculo.backend=shm"), readableClassPath(jars), "clean", "--yes");
            assertEquals(1, clean.exit(), clean.out() + clean.err());
            assertTrue(clean.err().contains("skipping " + roots) && clean.err().contains("permission denied"), clean.err());
            assertTrue(clean.out().contains("removed " + nobodys), "went on past the area it may not read: " + clean.out());
            assertTrue(shm.areas().contains(roots));
            assertFalse(shm.areas().contains(nobodys));
        } finally {
            shm.removeArea(roots, true);
            shm.removeArea(nobodys, true);
        }
    }

    /** {@return the name of an area's data object of a generation; its salt is random, so it is looked up} */
    private static String dataObject(speculo.core.StoreBackend backend, String area, long generation) throws IOException {
        String name = speculo.core.area.ReadOnlyArea.objectHolding(backend.store(), area, generation);
        if (name == null) {
            throw new AssertionError("no data object of generation " + generation + " of " + area);
        }
        return name;
    }

    /** Makes an area look like one whose writer died: its owner words name a process that has exited. */
    private static void forgeDeadOwner(speculo.backend.shm.ShmBackend shm, String area) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long owner = gone.pid() << 32 | 1;
        try (var control = shm.store().openReadWrite(area)) {
            speculo.core.layout.Words.setRelease(control.segment(), speculo.core.layout.ControlDescriptor.OWNER_OFFSET, owner);
            speculo.core.layout.Words.setRelease(control.segment(), speculo.core.layout.ControlDescriptor.OWNER_NAMESPACE_OFFSET,
                    speculo.core.area.Ownership.namespaceWordHere(owner));
        }
    }

    /** {@return the test class path, copied where any user can read it} */
    private static String readableClassPath(Path jars) throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            Path target = jars.resolve(i++ + "-" + source.getFileName());
            try (var files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createDirectories(copy.getParent());
                        Files.copy(file, copy);
                    }
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(Files.isDirectory(copy) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            entries.add(target.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void verifyRunsTheJcstressSuiteFromTheCliAndJudgesIt() throws Exception {
        Path results = dir.resolve("verify");
        // The class path relative to the working directory, as `java -jar speculo.cli/target/speculo.jar`
        // gives it: jcstress runs in the results directory, and must still find the classes.
        Path here = Path.of("").toAbsolutePath();
        String relative = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> here.relativize(Path.of(entry).toAbsolutePath()).toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Run run = run(Duration.ofMinutes(5), List.of(), List.of("-Dspeculo.file.directory=" + dir),
                relative, "verify", "--tests", "Claim", "--backends", "file", "--results", results.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().matches("(?s).*file\\s+protocol\\.ClaimTest\\s+OK\\s+OK.*"), run.out());
        assertTrue(run.out().matches("(?s).*file\\s+broken\\.BrokenClaimTest\\s+FAILED\\s+FAILED.*"), run.out());
        assertTrue(run.out().contains("PASSED: every protocol test passed and every negative control was caught."), run.out());
        assertTrue(Files.isDirectory(results.resolve("stress-results").resolve("file-protocol")), "reports where asked");
    }

    @Test
    void verifyRefusesAnUnknownModeAndItsHelpGivesTheTime() throws Exception {
        Run bad = speculo("verify", "--mode", "forever");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--mode must be sanity, quick, default or tough"), bad.err());
        Run help = speculo("verify", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("sanity about 5 min"), help.out());
    }

    @Test
    void theDemoRunsAWriterAndAReaderProcessAndVerifiesEveryChunk() throws Exception {
        Run demo = run(Duration.ofMinutes(2), List.of(), List.of("-Dspeculo.backend=file", "-Dspeculo.file.directory=" + dir),
                System.getProperty("java.class.path"), "demo", "--seconds", "3", "--readers", "1", "--plain");
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("1 writer + 1 readers, 3 s"), demo.out());
        assertTrue(demo.out().matches("(?s).*OK: every one of the [\\d,]+ chunks read was verified by its CRC32C checksum.*"), demo.out());
        assertFalse(demo.out().matches("(?s).*reader 1 +0 +0\\.0 .*"), "no row of zeros while the reader starts: " + demo.out());
    }

    @Test
    void bridgeSendAndReceiveMirrorAnAreaUntilInterrupted() throws Exception {
        int data = freeUdpPort();
        int control = freeUdpPort();
        List<String> channels = List.of("--channel", "aeron:udp?endpoint=localhost:" + data,
                "--control", "aeron:udp?endpoint=localhost:" + control);
        try (Writer writer = backend.writer("source", WriterOptions.defaults())) {
            ChunkHandle block = writer.write("block v1".getBytes(StandardCharsets.UTF_8));
            writer.append("appended".getBytes(StandardCharsets.UTF_8));
            List<String> receive = new ArrayList<>(List.of("bridge", "receive", "--as", "mirror"));
            receive.addAll(channels);
            List<String> send = new ArrayList<>(List.of("bridge", "send", "source"));
            send.addAll(channels);
            Path receiverOut = temp.resolve("receiver.txt");
            Path senderOut = temp.resolve("sender.txt");
            Process receiver = startSpeculo(receive, receiverOut);
            Process sender = startSpeculo(send, senderOut);
            try {
                writer.replace(block, "block v2".getBytes(StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Run cat = speculo("cat", "mirror");
                while (!cat.out().equals("appended\nblock v2\n") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    cat = speculo("cat", "mirror");
                }
                assertEquals("appended\nblock v2\n", cat.out(), cat.err());
            } finally {
                receiver.destroy(); // SIGTERM, as Ctrl-C: each end closes and says where it stands
                sender.destroy();
            }
            assertTrue(receiver.waitFor(30, TimeUnit.SECONDS) && sender.waitFor(30, TimeUnit.SECONDS));
            String received = Files.readString(receiverOut);
            // 2 or 3 chunks: the replacement may come before or after the sync reads the area
            assertTrue(received.matches("(?s).*speculo bridge receive 'mirror': in sync, [23] chunks, 0 removals applied, 1 syncs, 2 chunks held\n"),
                    received + "\n--- sender:\n" + Files.readString(senderOut));
            String sent = Files.readString(senderOut);
            assertTrue(sent.matches("(?s).*speculo bridge send 'source': [23] chunks, 0 removals sent, 1 syncs\n"), sent);
        }
    }

    /** Starts {@code speculo args...} on the file backend in the test's directory, with Agrona's flag as the jar's manifest gives it. */
    private Process startSpeculo(List<String> args, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Dspeculo.backend=file", "-Dspeculo.file.directory=" + dir,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        process.getOutputStream().close();
        return process;
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
