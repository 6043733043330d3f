package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/** Bad arguments get precise exceptions and leave the area intact (R16). */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class BadArgumentsConformanceTest extends ConformanceBase {

    BadArgumentsConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void badAreaNamesAreRefusedWithTheRule() {
        for (String name : List.of("", "a/b", "/abs", "..", "../up", "a.b", ".hidden", "-dash", "sp ace", "x".repeat(101))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.writer(name, WriterOptions.defaults()), name);
            assertTrue(e.getMessage().contains("area name"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> backend.reader(name, ReaderOptions.defaults()), name);
            assertThrows(IllegalArgumentException.class, () -> backend.remove(name), name);
        }
        IllegalArgumentException escape = assertThrows(IllegalArgumentException.class,
                () -> backend.reader("x\u001b[2J\nforged log line\u0007", ReaderOptions.defaults()));
        assertTrue(escape.getMessage().endsWith("'x\\e[2J\\nforged log line\\u0007'"),
                "control characters are quoted, never echoed: " + escape.getMessage());
        assertTrue(escape.getMessage().chars().noneMatch(Character::isISOControl), escape.getMessage());
        assertThrows(NullPointerException.class, () -> backend.writer(null, WriterOptions.defaults()));
        assertThrows(NullPointerException.class, () -> backend.writer("ok", null));
        assertThrows(NullPointerException.class, () -> backend.reader("ok", null));
    }

    @Test
    void nullsAndNegativeSizesAreRefused() {
        String area = newArea();
        Writer writer = writer(area);
        assertThrows(NullPointerException.class, () -> writer.write((byte[]) null));
        assertThrows(NullPointerException.class, () -> writer.write((MemorySegment) null));
        assertThrows(NullPointerException.class, () -> writer.write(bytes("x"), (Instant) null));
        assertThrows(NullPointerException.class, () -> writer.write(bytes("x"), (Duration) null));
        assertThrows(IllegalArgumentException.class, () -> writer.claim(-1));
        assertThrows(NullPointerException.class, () -> writer.replace(null, bytes("x")));
        assertThrows(NullPointerException.class, () -> writer.remove(null));
        Reader reader = reader(area);
        assertThrows(NullPointerException.class, () -> reader.poll(null, 1));
        assertThrows(IllegalArgumentException.class, () -> reader.poll(c -> { }, 0));
        assertThrows(NullPointerException.class, () -> reader.read(null));
        assertThrows(NullPointerException.class, () -> reader.next(null));
        writer.write(bytes("intact"));
        assertEquals(List.of("intact"), drain(reader));
    }

    @Test
    void handlesOfAnotherAreaOrForgedOnesAreRefused() {
        String area = newArea();
        String other = newArea();
        Writer writer = writer(area);
        ChunkHandle mine = writer.write(bytes("mine"));
        ChunkHandle theirs = writer(other).write(bytes("theirs"));
        Reader reader = reader(area);

        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> reader.read(theirs));
        assertTrue(foreign.getMessage().contains("another area"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.replace(theirs, bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> writer.remove(theirs));

        int tag = Handles.areaTag(mine);
        for (ChunkHandle forged : List.of(
                Handles.of(tag, Handles.generation(mine) + 1, Handles.offset(mine), mine.id()),
                Handles.of(tag, Handles.generation(mine), Handles.offset(mine) + 8, mine.id()),
                Handles.of(tag, Handles.generation(mine), Handles.offset(mine) + 3, mine.id()),
                Handles.of(tag, Handles.generation(mine), 0, mine.id()),
                Handles.of(tag, Handles.generation(mine), Long.MAX_VALUE - 7, mine.id()),
                Handles.of(tag, Handles.generation(mine), Handles.offset(mine), mine.id() + 1))) {
            assertThrows(IllegalArgumentException.class, () -> reader.read(forged), forged.toString());
            assertThrows(IllegalArgumentException.class, () -> writer.remove(forged), forged.toString());
        }
        assertEquals("mine", text(reader.read(mine).orElseThrow()), "the area is intact");

        writer.collect(); // generation 0 is gone: its handles are resolved by id, their offsets cannot be checked
        ChunkHandle neverAssigned = Handles.of(tag, Handles.generation(mine), Handles.offset(mine), mine.id() + 1000);
        IllegalArgumentException unassigned = assertThrows(IllegalArgumentException.class, () -> reader.read(neverAssigned));
        assertTrue(unassigned.getMessage().contains("never assigned"), unassigned.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.remove(neverAssigned));
        ChunkHandle madeUpOffset = Handles.of(tag, Handles.generation(mine), Handles.offset(mine) + 8, mine.id());
        assertEquals("mine", text(reader.read(madeUpOffset).orElseThrow()), "the id decides, as documented");
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withInitialCapacity(100));
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withMaxCapacity(1000));
        assertThrows(NullPointerException.class, () -> WriterOptions.defaults().withClock(null));
        assertThrows(NullPointerException.class, () -> WriterOptions.defaults().withGcPolicy(null));
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withRecycledObjects(-1));
        assertThrows(IllegalArgumentException.class,
                () -> WriterOptions.defaults().withRecycledObjects(WriterOptions.MAX_RECYCLED_OBJECTS + 1));
        assertThrows(IllegalArgumentException.class, () -> WriterOptions.defaults().withCapacityFactor(1));
        assertThrows(IllegalArgumentException.class,
                () -> WriterOptions.defaults().withCapacityFactor(WriterOptions.MAX_CAPACITY_FACTOR + 1));
        assertThrows(IllegalArgumentException.class, () -> ReaderOptions.defaults().withExpectedOwner(" "));
    }
}
