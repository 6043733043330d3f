package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaBusyException;
import speculo.api.Backend;
import speculo.api.CorruptAreaException;
import speculo.api.Reader;
import speculo.api.SpeculoException;
import speculo.api.Writer;
import speculo.api.WriterOptions;
import speculo.core.StoreBackend;
import speculo.core.admin.Removal;
import speculo.core.area.AreaNames;
import speculo.core.layout.DataDescriptor;
import speculo.core.layout.RecordDescriptor;
import speculo.core.layout.Words;
import speculo.core.spi.MappedObject;

/**
 * Names taken by what is not an area's object (a FIFO, someone's file), objects truncated under
 * a mapping, areas that cannot be continued: each is refused at once with a precise exception,
 * and nothing that is not speculo's is ever written or removed.
 */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class HardeningConformanceTest extends ConformanceBase {

    /** Far longer than any refusal takes; a blocking open of a FIFO never returns at all. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    HardeningConformanceTest(Backend backend) {
        super(backend);
    }

    private StoreBackend store() {
        return (StoreBackend) backend;
    }

    @Test
    void aFifoUnderAnAreaNameIsRefusedWithoutWaitingAndLeftAlone() throws Exception {
        String area = newArea();
        Path fifo = AreaObjects.path(backend, AreaNames.controlObject(area));
        AreaObjects.mkfifo(fifo);
        try {
            assertTimeoutPreemptively(PROMPTLY, () -> {
                for (Runnable open : List.<Runnable>of(() -> reader(area), () -> writer(area), () -> store().inspect(area))) {
                    CorruptAreaException e = assertThrows(CorruptAreaException.class, open::run);
                    assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
                }
                assertTrue(backend.areas().contains(area), "listed, so that tools report it");
                Removal removal = store().removeArea(area, true);
                assertFalse(removal.existed());
                assertTrue(removal.skipped().getFirst().reason().contains("FIFO"), removal.toString());
                assertThrows(CorruptAreaException.class, () -> backend.remove(area));
            });
            assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS), "not speculo's: never removed");
        } finally {
            Files.deleteIfExists(fifo);
        }
    }

    @Test
    void aFifoInPlaceOfTheCurrentGenerationIsRefusedAndLeftAlone() throws Exception {
        String area = newArea();
        try (Writer writer = backend.writer(area, options())) {
            writer.write(bytes("kept"));
        }
        String generationName = AreaObjects.dataObject(backend, area, 0);
        Path generation = AreaObjects.path(backend, generationName);
        Files.delete(generation);
        AreaObjects.mkfifo(generation);
        try {
            assertTimeoutPreemptively(PROMPTLY, () -> {
                CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> reader(area));
                assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains(generationName),
                        e.getMessage());
                assertThrows(CorruptAreaException.class, () -> store().inspect(area));
                assertThrows(CorruptAreaException.class, () -> writer(area));
                Removal removal = store().removeArea(area, false);
                assertEquals(List.of(AreaNames.controlObject(area)), removal.removed());
                assertEquals(generationName, removal.skipped().getFirst().object());
            });
            assertTrue(Files.exists(generation, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(generation);
        }
    }

    @Test
    void removingNeverWritesNorUnlinksAnObjectThatIsNotSpeculos() throws Exception {
        String area = newArea();
        Path notes = AreaObjects.path(backend, AreaNames.controlObject(area));
        String precious = "my notes, not an area\n".repeat(300);
        Files.writeString(notes, precious);
        Path link = notes.resolveSibling("hardlink-of-" + notes.getFileName());
        Files.createLink(link, notes);
        try {
            Removal removal = store().removeArea(area, true);
            assertFalse(removal.existed());
            assertTrue(removal.skipped().getFirst().reason().contains("not a speculo control object"), removal.toString());
            CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> backend.remove(area));
            assertTrue(e.getMessage().contains("left alone"), e.getMessage());
            assertEquals(precious, Files.readString(notes));
            assertEquals(precious, Files.readString(link), "not a byte changed, seen through a hard link");
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(notes);
        }
    }

    @Test
    void aForeignObjectUnderADataObjectNameSurvivesTheAreasRemoval() throws Exception {
        String area = newArea();
        backend.writer(area, options()).close();
        String generation = AreaObjects.dataObject(backend, area, 0);
        Path stranger = AreaObjects.path(backend, AreaNames.dataObject(area, 7, AreaNames.newSalt()));
        Files.writeString(stranger, "x".repeat(500));
        try {
            Removal removal = store().removeArea(area, false);
            assertEquals(List.of(generation, AreaNames.controlObject(area)), removal.removed());
            assertEquals(1, removal.skipped().size(), removal.toString());
            assertTrue(removal.skipped().getFirst().reason().contains("not a speculo data object"), removal.toString());
            assertEquals("x".repeat(500), Files.readString(stranger));
        } finally {
            Files.deleteIfExists(stranger);
        }
    }

    @Test
    void anAreaOfALiveWriterIsRemovedOnlyByForce() {
        String area = newArea();
        Writer writer = writer(area);
        writer.write(bytes("live"));
        AreaBusyException busy = assertThrows(AreaBusyException.class, () -> store().removeArea(area, false));
        assertEquals(ProcessHandle.current().pid(), busy.writerPid());
        assertTrue(backend.areas().contains(area));
        Removal forced = store().removeArea(area, true);
        assertTrue(forced.existed(), forced.toString());
        assertFalse(backend.areas().contains(area));
    }

    @Test
    void aControlObjectTruncatedUnderAReaderGivesCorruptAreaNotAnInternalError() throws Exception {
        String area = newArea();
        try (Writer writer = backend.writer(area, options())) {
            writer.write(bytes("x"));
        }
        Reader reader = reader(area);
        assertEquals(List.of("x"), drain(reader), "read to the end: isEndOfStream then needs the control object's state");
        truncate(AreaObjects.path(backend, AreaNames.controlObject(area)), 0);
        CorruptAreaException e = assertThrows(CorruptAreaException.class, reader::isWriterClosed);
        assertTrue(e.getMessage().contains("lost memory"), e.getMessage());
        assertThrows(CorruptAreaException.class, reader::isEndOfStream);
        CorruptAreaException listed = assertThrows(CorruptAreaException.class, () -> store().inspect(area));
        assertTrue(listed.getMessage().contains("truncated"), listed.getMessage());
        CorruptAreaException opened = assertThrows(CorruptAreaException.class, () -> reader(area));
        assertTrue(opened.getMessage().contains("truncated"), "damaged, not 'being created': " + opened.getMessage());
        assertTrue(store().removeArea(area, true).existed(), "an empty control object goes by force");
    }

    @Test
    void aControlObjectCutShortIsDamagedNotBeingCreated() throws Exception {
        String area = newArea();
        backend.writer(area, options()).close();
        truncate(AreaObjects.path(backend, AreaNames.controlObject(area)), 100);
        CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> reader(area));
        assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
        assertThrows(CorruptAreaException.class, () -> store().inspect(area));
        Removal refused = store().removeArea(area, false);
        assertTrue(refused.skipped().getFirst().reason().contains("cut short"), refused.toString());
        assertTrue(store().removeArea(area, true).existed(), "still speculo's (its magic is there): removed by force");
    }

    @Test
    void anAreaWhoseSequenceNumbersAreUsedUpIsRefusedAndLeftAsItWas() throws Exception {
        String area = newArea();
        try (Writer writer = backend.writer(area, options())) {
            writer.write(bytes("first"));
        }
        try (MappedObject generation = store().store().openReadWrite(AreaObjects.dataObject(backend, area, 0))) {
            Words.set(generation.segment(), DataDescriptor.recordsOffset(0) + RecordDescriptor.SEQUENCE_OFFSET, Long.MAX_VALUE);
        }
        List<String> before = drain(reader(area));
        CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> writer(area));
        assertTrue(e.getMessage().contains("no record can follow"), e.getMessage());
        assertEquals(List.of("first"), before);
        assertEquals(before, drain(reader(area)), "readers still read the area as it was");
        assertEquals("closed", store().inspect(area).state());
    }

    @Test
    void aCreationThatFailsLeavesNothingBehind() {
        String area = newArea();
        WriterOptions impossible = WriterOptions.defaults().withInitialCapacity(Long.MAX_VALUE / 2);
        SpeculoException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(SpeculoException.class, () -> backend.writer(area, impossible)));
        assertTrue(e.getMessage().contains(area), "the failure names the area: " + e.getMessage());
        assertFalse(backend.areas().contains(area), "no half-created area: " + backend.areas());
        assertDoesNotThrow(() -> writer(area).write(bytes("created after all")));
    }

    @Test
    void aDataObjectTruncatedUnderACompiledReaderGivesCorruptAreaNotAnInternalError() throws Exception {
        // Compile the stream's path first: HotSpot reports a fault in compiled code at the next
        // safepoint poll, which must still be inside the reader's catch.
        String warm = newArea();
        Writer warmWriter = writer(warm, options().withInitialCapacity(1 << 20));
        Reader warmReader = reader(warm);
        for (int i = 0; i < 200_000; i++) {
            warmWriter.append(new byte[64], Duration.ofMillis(1));
            warmReader.poll(chunk -> { }, 16);
            warmReader.isEndOfStream();
            if ((i & 1023) == 0) {
                clock.advance(Duration.ofMillis(2));
            }
        }
        String area = newArea();
        try (Writer writer = backend.writer(area, options().withInitialCapacity(1 << 20))) {
            for (int i = 0; i < 100; i++) {
                writer.write(new byte[5000]);
            }
        }
        Reader reader = reader(area);
        truncate(AreaObjects.path(backend, AreaObjects.dataObject(backend, area, 0)), 8192);
        CorruptAreaException e = assertThrows(CorruptAreaException.class, () -> {
            while (reader.poll(chunk -> { }, 10) > 0) {
                // until a header in the lost pages is read
            }
        });
        assertTrue(e.getMessage().contains("lost memory"), e.getMessage());
        assertThrows(CorruptAreaException.class, reader::next, "and again at the next call");
    }

    private static void truncate(Path object, long size) throws Exception {
        try (FileChannel channel = FileChannel.open(object, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
