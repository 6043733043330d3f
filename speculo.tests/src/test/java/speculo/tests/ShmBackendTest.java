package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import speculo.api.AreaNotFoundException;
import speculo.api.AreaPermissions;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.area.AreaNames;
import speculo.core.spi.ObjectStore;
import speculo.tests.child.HugePageProbe;
import speculo.tests.child.Smaps;

/** What is particular to the shm backend, checked against what Linux shows in /dev/shm and /proc (R1, R17, R18). */
@EnabledOnOs(OS.LINUX)
class ShmBackendTest {

    private static final Path SHM = Path.of("/dev/shm");

    private final Backend backend = Speculo.backend("shm");
    private final String area = "shm-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    @AfterEach
    void cleanUp() {
        backend.remove(area);
    }

    @Test
    void objectsArePosixSharedMemoryNamedAfterTheArea() throws Exception {
        try (Writer writer = backend.writer(area, WriterOptions.defaults())) {
            writer.write(new byte[10]);
            assertEquals(List.of("speculo." + area, "speculo." + area + ".0"), objects());
            writer.collect();
            writer.collect();
            // Generation 0's object (slot 0) was kept when generation 1 (slot 1) took over, and
            // holds generation 2 now: no reader was on it.
            assertEquals("speculo." + area + ".0", AreaObjects.unsalted("speculo." + AreaObjects.dataObject(backend, area, 2)));
            assertEquals(List.of("speculo." + area, "speculo." + area + ".0", "speculo." + area + ".1"), objects());
            writer.collect();
        }
        assertEquals(List.of("speculo." + area, AreaObjects.unsalted("speculo." + AreaObjects.dataObject(backend, area, 3))),
                objects(), "closing unlinks the kept objects, and waits until they are");
        assertEquals(List.of(area), backend.areas().stream().filter(a -> a.equals(area)).toList());
        assertTrue(backend.remove(area));
        assertEquals(List.of(), objects(), "remove unlinks every object");
        assertEquals("shm:/dev/shm", backend.location());
    }

    @Test
    void withoutRecyclingCollectionsUnlinkTheOldGeneration() throws Exception {
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withRecycledObjects(0))) {
            writer.write(new byte[10]);
            writer.collect();
            writer.collect();
            awaitObjects(List.of("speculo." + area, "speculo." + area + ".0"),
                    "collections unlink the old generation (on the speculo-unmapper thread); slot 0 is free again");
            writer.collect();
        }
        assertEquals(List.of("speculo." + area, "speculo." + area + ".1"), objects(),
                "closing waits until the last old generation is unlinked");
    }

    @Test
    void modesAreExactlyWhatTheWriterAskedFor() throws IOException {
        for (AreaPermissions permissions : AreaPermissions.values()) {
            try (Writer writer = backend.writer(area, WriterOptions.defaults().withPermissions(permissions))) {
                writer.collect();
                String expected = switch (permissions) {
                    case OWNER_ONLY -> "rw-------";
                    case GROUP_READ -> "rw-r-----";
                    case ALL_READ -> "rw-r--r--";
                };
                assertEquals(expected, mode("speculo." + area), permissions.toString());
                assertEquals(expected, mode("speculo." + AreaObjects.dataObject(backend, area, 1)), permissions.toString());
            }
            backend.remove(area);
        }
    }

    @Test
    void readersMapReadOnlyAndWritersReadWrite() throws Exception {
        String generationZero;
        try (Writer writer = backend.writer(area, WriterOptions.defaults());
             Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            writer.write(new byte[10]);
            reader.next().orElseThrow();
            generationZero = "/dev/shm/speculo." + AreaObjects.dataObject(backend, area, 0);
            List<String> mappings = mappingsOf(generationZero);
            assertEquals(2, mappings.size(), "one mapping by the writer, one by the reader: " + mappings);
            assertTrue(mappings.stream().anyMatch(perms -> perms.equals("rw-s")), mappings.toString());
            assertTrue(mappings.stream().anyMatch(perms -> perms.equals("r--s")), "the reader maps PROT_READ: " + mappings);
        }
        // The munmap itself runs on the speculo-shm-munmap thread, moments after close.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!mappingsOf(generationZero).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(List.of(), mappingsOf(generationZero), "closing unmaps");
    }

    @Test
    void theWriterHasMemoryPutBehindTheAreaAheadOfItsTail() throws Exception {
        // A fresh page costs microseconds; the speculo-backer thread backs 4 MiB ahead so appends do not pay it.
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withInitialCapacity(16 << 20))) {
            writer.write(new byte[1000]);
            String object = "/dev/shm/speculo." + AreaObjects.dataObject(backend, area, 0);
            long deadline = System.nanoTime() + 30_000_000_000L;
            long resident = residentKiB(object);
            while (resident < 4096 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                resident = residentKiB(object);
            }
            assertTrue(resident >= 4096, "after one 1,000-byte chunk, the writer's mapping has " + resident
                    + " KiB resident; 4 MiB ahead of the tail expected");
            assertTrue(resident < 8192, "backed far beyond 4 MiB ahead: " + resident + " KiB");
        }
    }

    /**
     * Where {@code /dev/shm} gives huge pages on request ({@code huge=advise}), the writer asks for
     * them: every byte it appends lands on a fresh page, and a 2 MiB page costs about what 33 pages
     * of 4 KiB do. The reader's mapping of those pages is huge too. The same tmpfs without the
     * advice ({@code -Dspeculo.shm.hugePages=false}) gives none, so what the test sees is the advice.
     */
    @Test
    void theWriterAsksForHugePagesWhereTheTmpfsGivesThemOnRequest() throws Exception {
        Path shmemSetting = Path.of("/sys/kernel/mm/transparent_hugepage/shmem_enabled");
        Assumptions.assumeTrue(Files.exists(shmemSetting) && !Files.readString(shmemSetting).contains("[deny]"),
                "this kernel has no transparent huge pages for tmpfs");
        String mount = "huge=advise,size=256m,mode=1777";
        long[] advised = hugeKiB(PrivateDevShm.run(mount, List.of(), HugePageProbe.class));
        long[] notAdvised = hugeKiB(PrivateDevShm.run(mount, List.of("-Dspeculo.shm.hugePages=false"), HugePageProbe.class));
        // 16 MiB written: at least half of it in 2 MiB pages (a page the kernel cannot find whole falls back to small ones).
        assertTrue(advised[0] >= 8192 && advised[1] >= 8192, "huge pages in the writer's / reader's mapping: "
                + advised[0] + " / " + advised[1] + " KiB of 16 MiB written");
        assertArrayEquals(new long[] {0, 0}, notAdvised, "huge pages without the advice");
    }

    /** {@return the writer's and the reader's KiB in huge pages, from {@link HugePageProbe}'s output} */
    private static long[] hugeKiB(String output) {
        String line = output.lines().filter(l -> l.startsWith("HUGE ")).findFirst()
                .orElseThrow(() -> new AssertionError("no HUGE line: " + output));
        return new long[] {ChildJvm.field(line, "writer"), ChildJvm.field(line, "reader")};
    }

    @Test
    void theNextGenerationIsPreparedAheadUsedByTheCollectionAndNeverLeftBehind() throws Exception {
        String control = "speculo." + area;
        byte[] chunk = new byte[64 * 1024];
        // Without recycling: every generation gets a fresh object, which the standby prepares.
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withInitialCapacity(4 << 20).withRecycledObjects(0));
             Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            for (int i = 0; i < 34; i++) { // past half of the 4 MiB: generation 1 is prepared on the backer thread
                chunk[0] = (byte) i;
                writer.write(chunk);
            }
            awaitObjects(List.of(control, control + ".0", control + ".1"), "standby generation 1 prepared");
            String current = AreaObjects.dataObject(backend, area, 0);
            String standbyName = "speculo." + ((speculo.core.StoreBackend) backend).store().list().stream()
                    .filter(n -> speculo.core.area.AreaNames.slotOf(area, n) >= 0 && !n.equals(current)).findFirst()
                    .orElseThrow(); // its header is written when the collection fills it
            Object standby = Files.getAttribute(SHM.resolve(standbyName), "unix:ino");
            writer.collect();
            awaitObjects(List.of(control, control + ".1"), "generation 0 unlinked");
            assertEquals(standby, Files.getAttribute(SHM.resolve(standbyName), "unix:ino"),
                    "the collection copied into the prepared object, not a new one");
            for (int i = 0; i < 34; i++) {
                assertEquals(i, reader.next().orElseThrow().data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            }
            // Generation 1 has room for as much again as the 34 chunks copied: 20 more pass half of
            // it, so generation 2 is prepared, and do not fill it.
            for (int i = 0; i < 20; i++) {
                writer.write(chunk);
            }
            awaitObjects(List.of(control, control + ".0", control + ".1"), "standby generation 2 prepared, in the free slot 0");
        }
        assertEquals(List.of(control, control + ".1"), objects(), "closing discards the standby");
    }

    @Test
    void theNextGenerationIsPreparedHalfwayThroughTheTimeBetweenCollectionsToo() throws Exception {
        // A writer that collects on a timer may never use half its head-room: the standby must not wait for that.
        String control = "speculo." + area;
        byte[] chunk = new byte[64 * 1024];
        FakeClock clock = new FakeClock();
        try (Writer writer = backend.writer(area, WriterOptions.defaults().withClock(clock).withInitialCapacity(4 << 20)
                .withRecycledObjects(0))) {
            writer.write(chunk);
            writer.collect();
            clock.advance(Duration.ofSeconds(1));
            writer.write(chunk);
            writer.collect(); // one second after the last: the next is expected a second from now
            for (int i = 0; i < 7; i++) { // 448 KiB: under an eighth of the head-room
                writer.write(chunk);
            }
            Thread.sleep(300); // the backer gets megabytes ahead of the tail: the writer need not back anything for a while
            writer.write(chunk);
            assertEquals(List.of(control, control + ".0"), objects(), "nothing prepared before half that second");
            clock.advance(Duration.ofMillis(600));
            for (int i = 0; i < 5; i++) { // past the next backing step
                writer.write(chunk);
            }
            awaitObjects(List.of(control, control + ".0", control + ".1"), "standby generation 3 prepared after half a second");
        }
    }

    @Test
    void threadsOfOneProcessReadTheOwnerOfAnObjectRightAtOnce() throws Exception {
        // Every writer and reader checks the owner when it opens. getpwuid fills one buffer per
        // process: unguarded, two threads read each other's half-written entry now and then, and
        // a writer refused its own area as another user's (the jcstress ownership test saw it).
        try (Writer writer = backend.writer(area, WriterOptions.defaults())) {
            ObjectStore store = ((StoreBackend) backend).store();
            String control = AreaNames.controlObject(area);
            String self = System.getProperty("user.name");
            java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Runnable reading = () -> {
                for (int i = 0; i < 200_000 && wrong.isEmpty(); i++) {
                    try {
                        String owner = store.owner(control);
                        if (!owner.equals(self)) {
                            wrong.add(owner);
                        }
                    } catch (IOException e) {
                        wrong.add(e.toString());
                    }
                }
            };
            Thread one = new Thread(reading);
            Thread two = new Thread(reading);
            one.start();
            two.start();
            one.join();
            two.join();
            assertEquals(List.of(), List.copyOf(wrong), "owners read while another thread read one too");
        }
    }

    private void awaitObjects(List<String> expected, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!objects().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, objects(), what);
    }

    /** {@return the resident size of this process's writable mapping of {@code path}, from /proc/self/smaps} */
    private static long residentKiB(String path) throws IOException {
        return Smaps.kib(path, true, "Rss:");
    }

    @Test
    void aMissingAreaIsNotFound() {
        AreaNotFoundException e = assertThrows(AreaNotFoundException.class, () -> backend.reader(area, ReaderOptions.defaults()));
        assertTrue(e.getMessage().contains("shm:/dev/shm"), e.getMessage());
    }

    @Test
    void theLongestAreaNameFitsThePosixNameLimit() {
        String longest = "L" + area + "x".repeat(100 - area.length() - 1);
        try (Writer writer = backend.writer(longest, WriterOptions.defaults())) {
            writer.write(new byte[1]);
            writer.collect();
        } finally {
            backend.remove(longest);
        }
    }

    /** {@return the area's objects in {@code /dev/shm}, their data objects' salts left out} */
    private List<String> objects() throws IOException {
        try (Stream<Path> files = Files.list(SHM)) {
            // Reader presences are not the area's own objects: RecyclingTest looks at them.
            return files.map(p -> AreaObjects.unsalted(p.getFileName().toString()))
                    .filter(n -> n.equals("speculo." + area) || n.startsWith("speculo." + area + ".")
                            && !n.startsWith("speculo." + area + ".reader")).sorted().toList();
        }
    }

    private static String mode(String name) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(SHM.resolve(name)));
    }

    /** {@return the permission column of this process's mappings of {@code path}} */
    private static List<String> mappingsOf(String path) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.endsWith(" " + path))
                .map(line -> line.split("\\s+")[1])
                .toList();
    }
}
