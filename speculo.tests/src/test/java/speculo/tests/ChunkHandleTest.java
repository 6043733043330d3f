package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import speculo.api.ChunkHandle;

/** The handle's text and binary forms: stable, round-tripping, and strict about garbage. */
class ChunkHandleTest {

    @Test
    void textFormIsStable() {
        ChunkHandle handle = Handles.of(0x5f3a09c1, 3, 4160, 17);
        assertEquals("5f3a09c1.3.4160.17", handle.toString());
        assertEquals(handle, ChunkHandle.parse("5f3a09c1.3.4160.17"));
        assertEquals("ffffffff.0.0.1", Handles.of(-1, 0, 0, 1).toString());
    }

    @Test
    void binaryFormIsStableBigEndian() {
        ChunkHandle handle = Handles.of(0x01020304, 5, 6, 7);
        byte[] bytes = handle.toBytes();
        assertEquals(ChunkHandle.BYTES, bytes.length);
        assertEquals(28, bytes.length);
        assertEquals(1, bytes[0]);
        assertEquals(4, bytes[3]);
        assertEquals(5, bytes[11]);
        assertEquals(7, bytes[27]);
        ByteBuffer buffer = ByteBuffer.allocate(40).position(3);
        handle.writeTo(buffer);
        assertEquals(31, buffer.position());
        assertEquals(handle, ChunkHandle.readFrom(buffer.flip().position(3)));
    }

    @Property
    void bothFormsRoundTrip(@ForAll int tag, @ForAll @LongRange(min = 0) long generation,
                            @ForAll @LongRange(min = 0) long offset, @ForAll @LongRange(min = 1) long id) {
        ChunkHandle handle = Handles.of(tag, generation, offset, id);
        assertEquals(handle, ChunkHandle.parse(handle.toString()));
        assertEquals(handle, ChunkHandle.fromBytes(handle.toBytes()));
    }

    @Test
    void garbageIsRefusedWithIllegalArgumentException() {
        for (String text : List.of("", "x", "5f3a09c1.3.4160", "5f3a09c1.3.4160.17.1", "5f3a09c.3.4160.17",
                "5f3a09c1.-3.4160.17", "5f3a09c1.+3.4160.17", "5f3a09c1.3.4160.0", "zzzzzzzz.3.4160.17",
                "5f3a09c1.3..17", "5f3a09c1.99999999999999999999.1.1", "5f3a09c1.3.4160.17 ", "a".repeat(10_000),
                // Digits of other scripts, which the JDK's parsers take: the text form is ASCII only.
                "00000001.\u0661.128.1", "00000001.1.\uff11\uff12\uff18.1", "0000000\uff11.1.128.1")) {
            assertThrows(IllegalArgumentException.class, () -> ChunkHandle.parse(text), text);
        }
        assertThrows(NullPointerException.class, () -> ChunkHandle.parse(null));
        IllegalArgumentException escape = assertThrows(IllegalArgumentException.class, () -> ChunkHandle.parse("\u001b]0;pwned\u0007"));
        assertTrue(escape.getMessage().chars().noneMatch(Character::isISOControl), escape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChunkHandle.fromBytes(new byte[27]));
        byte[] zeroId = Handles.of(1, 1, 1, 1).toBytes();
        zeroId[27] = 0;
        assertThrows(IllegalArgumentException.class, () -> ChunkHandle.fromBytes(zeroId));
        assertThrows(IllegalArgumentException.class, () -> Handles.of(1, -1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Handles.of(1, 0, -8, 1));
    }

    @Test
    void aHandleShowsItsIdentityAndItsFormsAndNothingOfTheFormat() {
        assertFalse(ChunkHandle.class.isRecord(), "a record's components would be API");
        java.util.Set<String> methods = java.util.Arrays.stream(ChunkHandle.class.getMethods())
                .filter(method -> method.getDeclaringClass() == ChunkHandle.class)
                .map(java.lang.reflect.Method::getName)
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(java.util.Set.of("id", "parse", "fromBytes", "readFrom", "toBytes", "writeTo", "toString", "equals",
                "hashCode"), methods);
        assertEquals(0, ChunkHandle.class.getConstructors().length, "handles come from writers and from their forms");
        ChunkHandle handle = Handles.of(7, 2, 128, 5);
        assertEquals(5, handle.id());
        assertEquals(handle, Handles.of(7, 2, 128, 5));
        assertEquals(handle.hashCode(), Handles.of(7, 2, 128, 5).hashCode());
        assertNotEquals(handle, Handles.of(7, 3, 128, 5), "another copy of the same chunk");
        assertNotEquals(handle, Handles.of(8, 2, 128, 5), "another area");
    }
}
