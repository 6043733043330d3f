package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaBusyException;
import speculo.api.AreaNotFoundException;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.core.StoreBackend;
import speculo.core.area.DataObject;
import speculo.core.layout.RecordDescriptor;
import speculo.core.spi.MappedObject;

/** One writer per area (R5); a closed area can be taken over. */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class OwnershipConformanceTest extends ConformanceBase {

    OwnershipConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aSecondWriterIsRefusedWithThePidOfTheFirst() {
        String area = newArea();
        writer(area);
        AreaBusyException busy = assertThrows(AreaBusyException.class, () -> writer(area));
        assertEquals(ProcessHandle.current().pid(), busy.writerPid());
        assertTrue(busy.getMessage().contains("pid " + ProcessHandle.current().pid()), busy.getMessage());
    }

    @Test
    void aNewWriterContinuesAClosedAreaWhereTheOldOneStopped() {
        String area = newArea();
        Writer first = writer(area);
        ChunkHandle block = first.write(bytes("block"));
        first.write(bytes("one"));
        first.close();
        Reader reader = reader(area);
        assertTrue(reader.isWriterClosed());

        Writer second = writer(area);
        assertFalse(reader.isWriterClosed(), "the area is open again");
        ChunkHandle two = second.write(bytes("two"));
        assertEquals(3, two.id(), "the sequence continues");
        second.replace(block, bytes("block v2"));
        assertEquals("block v2", text(reader.read(block).orElseThrow()));
        assertEquals(List.of("one", "two", "block v2"), drain(reader));
        assertEquals(1, reader.skipped(), "the first copy of the block was replaced before it was read");
        assertEquals(3, second.stats().liveChunks());
    }

    @Test
    void readersOfAMissingAreaAreToldSo() {
        String area = newArea();
        AreaNotFoundException e = assertThrows(AreaNotFoundException.class,
                () -> backend.reader(area, ReaderOptions.defaults()));
        assertTrue(e.getMessage().contains(area), e.getMessage());
        assertEquals(area, e.area().orElseThrow());
    }

    @Test
    void aReaderRequiringAnotherOwnerIsRefused() {
        String area = newArea();
        writer(area);
        String me = System.getProperty("user.name");
        track(backend.reader(area, ReaderOptions.defaults().withExpectedOwner(me))).close();
        assertThrows(speculo.api.AreaAccessDeniedException.class,
                () -> backend.reader(area, ReaderOptions.defaults().withExpectedOwner("no-such-user-" + me)));
    }

    /**
     * A writer killed mid-replace, after linking the old copy and before committing the new one:
     * the replacement never happened, for handles and the stream alike, before and after the
     * takeover, and the next writer's record at the same offset is not mistaken for it.
     */
    @Test
    void aReplacementWhoseWriterDiedBeforeItsCommitNeverHappened() throws Exception {
        String area = newArea();
        Writer first = writer(area);
        ChunkHandle block = first.write(bytes("block"));
        first.write(bytes("one"));
        first.close();
        long uncommitted;
        try (MappedObject mapping = ((StoreBackend) backend).store().openReadWrite(AreaObjects.dataObject(backend, area, Handles.generation(block)))) {
            DataObject data = DataObject.open(area, mapping, Handles.generation(block));
            uncommitted = data.committedTail();
            byte[] newer = bytes("block v2");
            data.writeHeader(uncommitted, newer.length, 3, block.id(), RecordDescriptor.NEVER);
            MemorySegment.copy(MemorySegment.ofArray(newer), 0, data.segment(), RecordDescriptor.dataOffset(uncommitted), newer.length);
            data.setSuccessor(Handles.offset(block), uncommitted); // linked, then killed before the tail moved
        }

        Reader reader = reader(area);
        assertEquals("block", text(reader.read(block).orElseThrow()));
        assertEquals(List.of("block", "one"), drain(reader));

        Writer second = writer(area);
        ChunkHandle two = second.write(bytes("two"));
        assertEquals(uncommitted, Handles.offset(two), "the takeover continues at the committed tail");
        assertEquals(3, two.id());
        assertEquals("block", text(reader.read(block).orElseThrow()), "the link was reset, not followed to 'two'");
        assertEquals(List.of("two"), drain(reader));
        assertEquals(0, reader.skipped());
        assertEquals(3, second.stats().liveChunks());
        assertEquals("block v3", text(reader.read(second.replace(block, bytes("block v3"))).orElseThrow()));
    }
}
