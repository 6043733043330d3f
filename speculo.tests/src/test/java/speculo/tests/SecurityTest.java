package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import speculo.api.AreaAccessDeniedException;
import speculo.api.AreaBusyException;
import speculo.api.AreaPermissions;
import speculo.api.Backend;
import speculo.api.CorruptAreaException;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;
import speculo.core.area.Ownership;
import speculo.core.layout.ControlDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;
import speculo.tests.child.AccessProbe;
import speculo.tests.child.NamelessUserProbe;

/**
 * R18 with real users: areas are private unless the writer grants read, readers never write, planted
 * objects and links are refused, an owner is recognised by pid and start time, and a user by id
 * even without a name. The tests that switch user run as root and use {@code setpriv} to become
 * {@code nobody} or a nameless uid; elsewhere they are skipped with the reason.
 */
@EnabledOnOs(OS.LINUX)
class SecurityTest {

    private final Backend shm = Speculo.backend("shm");
    private final String area = "sec-" + Long.toHexString(System.nanoTime());
    private Path jars;

    @BeforeEach
    void worldReadableCopyOfTheModules() throws IOException {
        jars = Files.createTempDirectory(Path.of("/tmp"), "speculo-sec-");
        Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        shm.remove(area);
        try (Stream<Path> files = Files.walk(jars)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void anAreaIsPrivateToItsOwnerByDefault() throws Exception {
        try (Writer writer = shm.writer(area, WriterOptions.defaults())) {
            writer.write(new byte[10]);
            List<String> probe = probeAsNobody();
            assertTrue(probe.get(0).startsWith("READ denied AreaAccessDeniedException"), probe.toString());
            assertTrue(probe.get(0).contains("EACCES"), probe.toString());
            assertTrue(probe.get(1).startsWith("WRITE denied AreaAccessDeniedException"), probe.toString());
        }
    }

    @Test
    void grantedReadersCanReadButNeverWrite() throws Exception {
        try (Writer writer = shm.writer(area, WriterOptions.defaults().withPermissions(AreaPermissions.ALL_READ))) {
            writer.write(new byte[10]);
            writer.write(new byte[20]);
            writer.collect();
            List<String> probe = probeAsNobody();
            assertEquals("READ ok 2", probe.get(0), probe.toString());
            assertTrue(probe.get(1).startsWith("WRITE denied AreaAccessDeniedException"), probe.toString());
        }
        List<String> closed = probeAsNobody();
        assertTrue(closed.get(1).startsWith("WRITE denied AreaAccessDeniedException"),
                "not even an area without a writer can be taken over by another user: " + closed);
    }

    @Test
    void anAreaPlantedByAnotherUserIsNotTakenOver() throws Exception {
        shm.writer(area, WriterOptions.defaults().withPermissions(AreaPermissions.ALL_READ)).close();
        UserPrincipal nobody = Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path control = Path.of("/dev/shm", "speculo." + area);
        Files.setOwner(control, nobody);
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rw-rw-rw-"));
        AreaAccessDeniedException e = assertThrows(AreaAccessDeniedException.class,
                () -> shm.writer(area, WriterOptions.defaults()));
        assertTrue(e.getMessage().contains("belongs to user 'nobody'"), e.getMessage());
        assertThrows(AreaAccessDeniedException.class, () -> shm.reader(area, ReaderOptions.defaults().withExpectedOwner("root")));
        Files.setOwner(control, Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                System.getProperty("user.name")));
    }

    @Test
    void aPlantedSymbolicLinkIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(jars.resolve("victim"), "precious");
        Path link = Path.of("/dev/shm", "speculo." + area);
        Files.createSymbolicLink(link, victim);
        try {
            CorruptAreaException writer = assertThrows(CorruptAreaException.class, () -> shm.writer(area, WriterOptions.defaults()));
            assertTrue(writer.getMessage().contains("symbolic link"), writer.getMessage());
            assertThrows(CorruptAreaException.class, () -> shm.reader(area, ReaderOptions.defaults()));
            assertThrows(CorruptAreaException.class, () -> shm.remove(area));
            assertEquals("precious", Files.readString(victim));
            assertTrue(Files.isSymbolicLink(link), "not speculo's: left alone");
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void aWriterWhosePidWasReusedIsRecognisedAsDead() throws Exception {
        shm.writer(area, WriterOptions.defaults()).close();
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            long start = stranger.toHandle().info().startInstant().orElseThrow().toEpochMilli() & 0xFFFF_FFFFL;
            setOwner(stranger.pid() << 32 | (start ^ 0x5A5A));
            try (Writer writer = shm.writer(area, WriterOptions.defaults())) {
                writer.write(new byte[1]);
            }
            setOwner(stranger.pid() << 32 | start);
            AreaBusyException busy = assertThrows(AreaBusyException.class, () -> shm.writer(area, WriterOptions.defaults()));
            assertEquals(stranger.pid(), busy.writerPid());
            setOwner(0);
        } finally {
            stranger.destroyForcibly().waitFor();
        }
    }

    @Test
    void namesSquattedByAnotherUserDoNotStopTheWritersCollections() throws Exception {
        // Root plays the squatter: what a user would create to stop another user's writer at its next
        // collection. The old names were predictable (NAME.1, NAME.2, ...); salted names are not, and
        // a salted-looking name of another user is not the area's, so it is neither used nor removed.
        List<Path> squatted = new ArrayList<>();
        for (String name : List.of(area + ".1", area + ".2", area + ".3", area + ".4",
                speculo.core.area.AreaNames.dataObject(area, 1, 0xabcdefL))) {
            Path path = Files.writeString(Path.of("/dev/shm", "speculo." + name), "squatter");
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(squatted.isEmpty() ? "rw-r--r--" : "rw-------"));
            squatted.add(path);
        }
        try {
            String output = runAs("nobody", "nogroup", speculo.tests.child.CollectingWriter.class, area, "3");
            assertTrue(output.contains("COLLECTED 3 generation=3"), output);
            assertTrue(output.contains("REMOVED true"), output);
            for (Path path : squatted) {
                assertEquals("squatter", Files.readString(path), "another user's object is left as it was: " + path);
            }
        } finally {
            for (Path path : squatted) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aUserWithoutANameReopensItsOwnAreas() throws Exception {
        // Containers often run services under an arbitrary uid with no user name; the JDK then
        // reports the user as "?", while its objects show the number. Owners are compared by id.
        String uid = "54321";
        Assumptions.assumeTrue(new ProcessBuilder("getent", "passwd", uid).start().waitFor() != 0, "uid " + uid + " has a name here");
        try {
            String output = runAs(uid, uid, NamelessUserProbe.class, area);
            assertTrue(output.contains("shm REOPENED 2"), output);
            assertTrue(output.contains("file REOPENED 2"), output);
        } finally {
            shm.remove(area);
            Path directory = Path.of("/dev/shm", "speculo-" + uid); // the file backend's default for that user
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Writes the owner words directly, as a writer process of this pid namespace that is now gone (or reused) left them. */
    private void setOwner(long owner) throws IOException {
        try (MappedObject control = ((StoreBackend) shm).store().openReadWrite(AreaNames.controlObject(area))) {
            MemorySegment words = control.segment();
            Words.setRelease(words, ControlDescriptor.OWNER_OFFSET, owner);
            Words.setRelease(words, ControlDescriptor.OWNER_NAMESPACE_OFFSET, Ownership.namespaceWordHere(owner));
        }
    }

    /** Runs {@link AccessProbe} as user {@code nobody}; {@return its two lines} */
    private List<String> probeAsNobody() throws Exception {
        String output = runAs("nobody", "nogroup", AccessProbe.class, area);
        List<String> lines = output.lines().filter(l -> l.startsWith("READ") || l.startsWith("WRITE")).toList();
        assertEquals(2, lines.size(), output);
        return lines;
    }

    /** Runs {@code main} of the test module in a child JVM as another user and group; {@return what it printed} */
    private String runAs(String user, String group, Class<?> main, String... args) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "switching user needs root");
        List<String> modulePath = new ArrayList<>();
        for (String entry : System.getProperty("jdk.module.path").split(java.io.File.pathSeparator)) {
            modulePath.add(copy(Path.of(entry)).toString());
        }
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.add(copy(Path.of(entry)).toString());
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Dspeculo.backend=shm", "--enable-native-access=speculo.backend.shm,ALL-UNNAMED",
                "--module-path", String.join(java.io.File.pathSeparator, modulePath),
                "--class-path", String.join(java.io.File.pathSeparator, classPath),
                "-m", "speculo.tests/" + main.getName()));
        command.addAll(List.of(args));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes());
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    /** Copies a module-path or class-path entry where user nobody can read it. */
    private Path copy(Path entry) {
        Path target = jars.resolve(Integer.toHexString(entry.toString().hashCode()) + "-" + entry.getFileName());
        if (Files.exists(target) || !Files.exists(entry)) {
            return target;
        }
        try (Stream<Path> files = Files.walk(entry)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(entry.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
