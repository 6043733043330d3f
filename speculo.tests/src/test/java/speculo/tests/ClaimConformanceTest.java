package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.Backend;
import speculo.api.Chunk;
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

    @Test
    void aCommittedClaimKeepsItsExpiryAndIsSeenAtTheWritersLastSequence() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        writer.write(bytes("first"));
        Claim claim = writer.claim(6, Duration.ofSeconds(5));
        claim.segment().copyFrom(MemorySegment.ofArray(bytes("second")));
        assertEquals(List.of("first"), drain(reader), "invisible until committed");
        ChunkHandle handle = claim.commit();
        Chunk chunk = reader.next().orElseThrow();
        assertEquals("second", text(chunk));
        assertEquals(writer.lastSequence(), chunk.sequence());
        assertEquals(handle, chunk.handle());
        assertEquals(clock.instant().plusSeconds(5), chunk.expiresAt());
    }

    @Test
    void aStaleClaimFailsAndLeavesTheOpenOneAlone() {
        String area = newArea();
        Writer writer = writer(area);
        Reader reader = reader(area);
        Claim first = writer.claim(1);
        first.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 'a');
        first.commit();
        Claim second = writer.claim(1);
        assertNotSame(first, second, "each claim is its own object");
        IllegalStateException stale = assertThrows(IllegalStateException.class, first::abort,
                "aborting through the earlier claim must not touch the open one");
        assertTrue(stale.getMessage().contains("already committed") && stale.getMessage().contains(area), stale.getMessage());
        assertThrows(IllegalStateException.class, first::commit);
        assertThrows(IllegalStateException.class, first::segment);
        first.close(); // ended: does nothing, and above all does not abort the open claim
        second.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 'b');
        second.commit();
        assertEquals(List.of("a", "b"), drain(reader));

        Claim aborted = writer.claim(1);
        aborted.abort();
        Claim third = writer.claim(1);
        IllegalStateException again = assertThrows(IllegalStateException.class, aborted::commit);
        assertTrue(again.getMessage().contains("already aborted"), again.getMessage());
        third.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 'c');
        third.commit();
        assertEquals(List.of("c"), drain(reader));
    }

    @Test
    void aClaimsSegmentIsExactlyTheClaimedBytes() {
        String area = newArea();
        Writer writer = writer(area);
        try (Claim claim = writer.claim(5)) {
            MemorySegment segment = claim.segment();
            assertEquals(5, segment.byteSize());
            assertThrows(IndexOutOfBoundsException.class, () -> segment.set(ValueLayout.JAVA_BYTE, 5, (byte) 1),
                    "the bytes after the claim belong to no one yet, and must not be reachable from it");
            assertThrows(IndexOutOfBoundsException.class, () -> segment.asSlice(-1));
        }
    }
}
