package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Claim;
import speculo.api.Reader;
import speculo.api.Writer;

/** Zero-copy claims: invisible until commit, never visible after abort (R7). */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class ClaimConformanceTest extends ConformanceBase {

    ClaimConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aClaimIsInvisibleUntilCommitted() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        Claim claim = writer.claim(8);
        claim.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x1122334455667788L);
        assertEquals(List.of(), drain(reader));
        ChunkHandle handle = claim.commit();
        var chunk = reader.next().orElseThrow();
        assertEquals(0x1122334455667788L, chunk.data().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        assertEquals(handle, chunk.handle());
    }

    @Test
    void anAbortedClaimIsNeverSeenAndItsSpaceIsReused() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        try (Claim claim = writer.claim(5)) {
            claim.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray(bytes("DROPS")));
        }
        writer.write(bytes("kept"));
        assertEquals(List.of("kept"), drain(reader));
        assertEquals(0, reader.skipped(), "an aborted claim uses no sequence number");
        Claim aborted = writer.claim(3);
        aborted.abort();
        assertThrows(IllegalStateException.class, aborted::commit);
        assertThrows(IllegalStateException.class, aborted::segment);
        aborted.close();
    }

    @Test
    void oneClaimAtATime() {
        String area = newArea();
        Writer writer = writer(area);
        Claim claim = writer.claim(4);
        assertThrows(IllegalStateException.class, () -> writer.claim(4));
        assertThrows(IllegalStateException.class, () -> writer.write(bytes("x")));
        assertThrows(IllegalStateException.class, writer::collect);
        claim.commit();
        assertThrows(IllegalStateException.class, claim::commit, "a claim commits once");
        writer.write(bytes("after"));
    }

    @Test
    void closingTheWriterAbortsAnOpenClaim() {
        String area = newArea();
        Writer writer = writer(area);
        Claim claim = writer.claim(4);
        writer.close();
        assertThrows(IllegalStateException.class, claim::commit);
        claim.close();
        Reader reader = reader(area);
        assertEquals(List.of(), drain(reader));
        assertTrue(reader.isEndOfStream());
    }

    @Test
    void aClaimLargerThanTheFreeSpaceTriggersACollection() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        try (Claim claim = writer.claim(200_000)) {
            claim.segment().fill((byte) 9);
            claim.commit();
        }
        assertEquals(1, writer.stats().gcCount());
        byte[] data = reader.next().orElseThrow().toByteArray();
        assertEquals(200_000, data.length);
        assertEquals(9, data[199_999]);
    }
}
