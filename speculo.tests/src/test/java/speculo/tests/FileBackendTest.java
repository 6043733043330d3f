package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaPermissions;
import speculo.api.CorruptAreaException;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.backend.file.FileBackend;
import speculo.core.area.AreaNames;
import speculo.tests.child.AccessProbe;

/** What is particular to the file backend: its private directory, file modes, links (R2, R18). */
class FileBackendTest {

    @TempDir
    Path temp;

    private Path privateDir() throws IOException {
        Path dir = temp.resolve("areas");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    @Test
    void aMissingDirectoryIsCreatedPrivate() throws IOException {
        Path dir = temp.resolve("new");
        FileBackend backend = new FileBackend(dir);
        backend.writer("a", WriterOptions.defaults()).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("file:" + dir, backend.location());
    }

    @Test
    void objectsAreCreatedWithTheRequestedMode() throws IOException {
        Path dir = privateDir();
        FileBackend backend = new FileBackend(dir);
        for (AreaPermissions permissions : AreaPermissions.values()) {
            String area = "mode-" + permissions.mode();
            try (Writer writer = backend.writer(area, WriterOptions.defaults().withPermissions(permissions))) {
                writer.collect();
                String expected = switch (permissions) {
                    case OWNER_ONLY -> "rw-------";
                    case GROUP_READ -> "rw-r-----";
                    case ALL_READ -> "rw-r--r--";
                };
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(area))));
                assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(AreaObjects.dataObject(backend, area, 1)))));
            }
        }
    }

    /**
     * A reader of an area that recycles creates its presence object in the area's directory; one
     * that may not is refused with the reason and the way out, never left reading unseen. Root
     * plays a user without write permission: its child JVM runs without capabilities, so the
     * directory's mode holds for it.
     */
    @Test
    void aReaderThatMayNotAnnounceItselfIsRefusedAndToldWhy() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "dropping capabilities to obey a directory's mode needs root");
        Path dir = privateDir();
        FileBackend backend = new FileBackend(dir);
        try (Writer writer = backend.writer("recycles", WriterOptions.defaults())) {
            writer.write(new byte[10]);
        }
        try (Writer writer = backend.writer("does-not", WriterOptions.defaults().withRecycledObjects(0))) {
            writer.write(new byte[10]);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        try {
            String refused = readWithoutCapabilities(dir, "recycles");
            assertTrue(refused.startsWith("READ denied AreaAccessDeniedException"), refused);
            assertTrue(refused.contains("recycles its generations") && refused.contains("withRecycledObjects(0)"), refused);
            assertEquals("READ ok 1", readWithoutCapabilities(dir, "does-not"));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** {@return the READ line of {@link AccessProbe} run on an area of {@code dir} by a root without capabilities} */
    private static String readWithoutCapabilities(Path dir, String area) throws Exception {
        try (ChildJvm probe = ChildJvm.startUnder(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"),
                List.of("-Dspeculo.file.directory=" + dir), "file", AccessProbe.class, area)) {
            return probe.await("READ", Duration.ofSeconds(60));
        }
    }

    @Test
    void collectionsLeaveOnlyTheCurrentGeneration() throws IOException {
        Path dir = privateDir();
        FileBackend backend = new FileBackend(dir);
        try (Writer writer = backend.writer("gc", WriterOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                writer.write(new byte[10]);
                writer.collect();
            }
        }
        try (var files = Files.list(dir)) {
            // The objects of retired generations were reused or removed; the one left holds generation 5.
            assertEquals(List.of("gc", AreaObjects.dataObject(backend, "gc", 5)),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(backend.remove("gc"));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void closingWaitsUntilEveryOldGenerationIsGone() throws IOException {
        // Old generations are unlinked and unmapped on one thread shared by the writers of this JVM.
        // A big mapping (slow to unmap) queued ahead keeps the small area's unlinking waiting, so
        // a close that returned without waiting for it would leave small.0 behind for a while.
        Path dir = privateDir();
        FileBackend backend = new FileBackend(dir);
        FakeClock clock = new FakeClock();
        WriterOptions options = WriterOptions.defaults().withClock(clock);
        try (Writer big = backend.writer("big", options.withInitialCapacity(256 << 20));
             Writer small = backend.writer("small", options)) {
            MemorySegment chunk = Arena.ofAuto().allocate(1 << 20);
            for (int i = 0; i < 250; i++) {
                big.append(chunk, Duration.ofSeconds(1));
            }
            small.write(new byte[10]);
            clock.advance(Duration.ofSeconds(2));
            big.collect();
            small.collect();
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("big", "big.1", "small", "small.1"),
                    files.map(p -> AreaObjects.unsalted(p.getFileName().toString())).sorted().toList());
        }
    }

    @Test
    void aTakeoverRemovesGenerationsACrashLeftBehind() throws IOException {
        Path dir = privateDir();
        FileBackend backend = new FileBackend(dir);
        try (Writer writer = backend.writer("crashed", WriterOptions.defaults())) {
            writer.write(new byte[10]);
        }
        // What a writer killed mid-collection leaves: a half-built next generation, and an old one.
        Files.write(dir.resolve(AreaNames.dataObject("crashed", 1, AreaNames.newSalt())), new byte[100]);
        Files.write(dir.resolve(AreaNames.dataObject("crashed", 7, AreaNames.newSalt())), new byte[100]);
        try (Writer writer = backend.writer("crashed", WriterOptions.defaults())) {
            assertEquals(1, writer.stats().liveChunks());
            writer.collect();
            assertEquals(1, writer.stats().generation(), "generation 1 was rebuilt from scratch");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("crashed", "crashed.1"), files.map(p -> AreaObjects.unsalted(p.getFileName().toString())).sorted().toList());
        }
    }

    @Test
    void aDirectoryWritableByOthersIsRefused() throws IOException {
        Path dir = privateDir();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        AreaAccessDeniedException e = assertThrows(AreaAccessDeniedException.class,
                () -> new FileBackend(dir).writer("a", WriterOptions.defaults()));
        assertTrue(e.getMessage().contains("others can write"), e.getMessage());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-w----"));
        assertThrows(AreaAccessDeniedException.class, () -> new FileBackend(dir).reader("a", ReaderOptions.defaults()));
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        Path dir = privateDir();
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException cannot) {
            org.junit.jupiter.api.Assumptions.abort("cannot give a directory to user nobody here: " + cannot);
            return;
        }
        AreaAccessDeniedException e = assertThrows(AreaAccessDeniedException.class,
                () -> new FileBackend(dir).writer("a", WriterOptions.defaults()));
        assertTrue(e.getMessage().contains("belongs to user 'nobody'"), e.getMessage());
    }

    @Test
    void aSymbolicLinkAsDirectoryIsRefused() throws IOException {
        Path dir = privateDir();
        Path link = Files.createSymbolicLink(temp.resolve("link"), dir);
        AreaAccessDeniedException e = assertThrows(AreaAccessDeniedException.class,
                () -> new FileBackend(link).writer("a", WriterOptions.defaults()));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void aPlantedSymbolicLinkIsNeverWrittenThrough() throws IOException {
        Path dir = privateDir();
        Path victim = Files.writeString(temp.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve("trap"), victim);
        FileBackend backend = new FileBackend(dir);
        CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> backend.writer("trap", WriterOptions.defaults()));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(CorruptAreaException.class, () -> backend.reader("trap", ReaderOptions.defaults()));
        assertThrows(CorruptAreaException.class, () -> backend.remove("trap"));
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(dir.resolve("trap")), "not speculo's: left alone");
    }
}
