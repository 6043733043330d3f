package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import speculo.api.ChunkHandle;

/** The receiver's table of source chunks against a {@link HashMap}, under random puts, finds and removals. */
class SourceChunksTest {

    private record Known(long sequence, ChunkHandle handle, int sync) {
    }

    @Test
    void agreesWithAMapUnderRandomChanges() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            SourceChunks table = new SourceChunks("test");
            Map<Long, Known> model = new HashMap<>();
            // A window of ids moving up, as a stream's; some far apart on strides, as blocks kept long.
            long next = 1;
            for (int step = 0; step < 20_000; step++) {
                long id = switch (random.nextInt(4)) {
                    case 0, 1 -> next++;
                    case 2 -> 1 + random.nextInt((int) next);
                    default -> 1 + random.nextInt(64) * 4096L;
                };
                int slot = table.find(id);
                assertEquals(model.containsKey(id), slot >= 0, "seed " + seed + ", id " + id);
                if (slot >= 0 && random.nextInt(3) == 0) {
                    table.removeAt(slot);
                    model.remove(id);
                } else {
                    Known known = new Known(random.nextLong(1, Long.MAX_VALUE), handle(id, random), random.nextInt(5));
                    table.put(id, known.sequence, known.handle, known.sync);
                    model.put(id, known);
                }
                if (step % 997 == 0) {
                    assertSame(model, table, seed);
                }
            }
            assertSame(model, table, seed);
        }
    }

    @Test
    void aWalkThatRemovesLooksAtEveryEntryOnce() {
        SourceChunks table = new SourceChunks("test");
        Map<Long, Known> model = new HashMap<>();
        Random random = new Random(7);
        for (long id = 1; id <= 5_000; id++) {
            long at = id % 3 == 0 ? id * 1024 : id; // runs, and ids on a stride that meet in the table
            Known known = new Known(at, handle(at, random), (int) (at % 2));
            table.put(at, known.sequence, known.handle, known.sync);
            model.put(at, known);
        }
        // As Mirror.snapshotEnd walks: remove those of sync 0, looking at a slot again after a removal.
        for (int slot = 0; slot < table.slots(); ) {
            if (table.id(slot) != 0 && table.confirmedIn(slot) == 0) {
                model.remove(table.id(slot));
                table.removeAt(slot);
            } else {
                slot++;
            }
        }
        model.values().removeIf(known -> known.sync == 0);
        assertSame(model, table, 7);
        assertTrue(model.values().stream().allMatch(known -> known.sync == 1));
    }

    private static void assertSame(Map<Long, Known> model, SourceChunks table, long seed) {
        assertEquals(model.size(), table.size(), "seed " + seed);
        int entries = 0;
        for (int slot = 0; slot < table.slots(); slot++) {
            if (table.id(slot) != 0) {
                entries++;
                Known known = model.get(table.id(slot));
                assertNotNull(known, "seed " + seed + ": id " + table.id(slot) + " is in the table only");
                assertEquals(slot, table.find(table.id(slot)), "seed " + seed);
                assertEquals(known.sequence, table.sequence(slot));
                assertEquals(known.sync, table.confirmedIn(slot));
                assertEquals(known.handle, table.handle(slot));
            }
        }
        assertEquals(model.size(), entries, "seed " + seed);
    }

    private static ChunkHandle handle(long id, Random random) {
        return ChunkHandle.parse(String.format("%08x.%d.%d.%d", random.nextInt(), random.nextInt(100), random.nextInt(1 << 20), id));
    }
}
