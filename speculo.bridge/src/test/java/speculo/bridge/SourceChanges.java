package speculo.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Writer;

/** Random changes to a source area, and the live sets a mirror must come to equal, for the bridge's tests. */
final class SourceChanges {

    private final Random random;
    private final List<ChunkHandle> blocks = new ArrayList<>();

    SourceChanges(long seed) {
        random = new Random(seed);
    }

    /** Applies {@code count} random changes: appends and blocks, some expiring, replacements, removals. */
    void apply(Writer writer, int count) {
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[random.nextInt(2_000)];
            random.nextBytes(data);
            int kind = random.nextInt(10);
            if (kind < 3 || blocks.isEmpty()) {
                blocks.add(writer.write(data));
            } else if (kind < 5) {
                writer.append(data, Duration.ofMillis(100 + random.nextInt(1_000))); // gone before the end
            } else if (kind < 6) {
                writer.append(data, Duration.ofHours(1));
            } else if (kind < 8) {
                int at = random.nextInt(blocks.size());
                try {
                    // some replacements expire soon: the sender may find them expired, and must still end the older copy
                    blocks.set(at, kind == 7 ? writer.replace(blocks.get(at), data, Duration.ofMillis(50 + random.nextInt(500)))
                            : writer.replace(blocks.get(at), data));
                } catch (speculo.api.ChunkNotFoundException expired) {
                    blocks.remove(at);
                }
            } else {
                writer.remove(blocks.remove(random.nextInt(blocks.size())));
            }
        }
    }

    /**
     * Waits until the mirror's live set equals the source's, the same bytes with the same expiry,
     * and asserts that it does.
     *
     * @param failed asked while waiting: true ends the wait (an end of the bridge failed)
     */
    static void assertConverges(Backend backend, String source, String mirror, Duration within, BooleanSupplier failed)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> expected = liveSet(backend, source);
        List<String> actual = liveSet(backend, mirror);
        while (!expected.equals(actual) && System.nanoTime() < deadline && !failed.getAsBoolean()) {
            Thread.sleep(100);
            expected = liveSet(backend, source);
            actual = liveSet(backend, mirror);
        }
        assertFalse(expected.isEmpty(), "the source has live chunks to mirror");
        assertEquals(expected.size(), actual.size(), "live chunks of the source and of mirror " + mirror);
        assertEquals(expected, actual, "mirror " + mirror + "'s live set is the source's");
    }

    /** {@return the area's live chunks as sorted "expiry:bytes" strings, or empty if it does not exist yet} */
    static List<String> liveSet(Backend backend, String area) {
        List<String> chunks = new ArrayList<>();
        try (Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            while (reader.poll(chunk -> chunks.add(chunk.expiresAtMillis() + ":" + HexFormat.of().formatHex(chunk.toByteArray())), 256) > 0) {
                // all of it
            }
        } catch (speculo.api.AreaNotFoundException notYet) {
            return List.of();
        }
        chunks.sort(null);
        return chunks;
    }
}
