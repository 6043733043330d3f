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
import speculo.api.Chunk;
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
     * Waits until the mirror's live set equals the source's, the same chunks (by id) with the same
     * bytes and expiry, and asserts that it does, and that each source chunk's handle resolves on
     * the mirror to its bytes.
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
        assertSourceHandlesResolve(backend, source, mirror);
    }

    /** Asserts that the handle of every live chunk of the source resolves on the mirror to a copy of it. */
    private static void assertSourceHandlesResolve(Backend backend, String source, String mirror) {
        try (Reader sourceReader = backend.reader(source, ReaderOptions.defaults());
             Reader mirrorReader = backend.reader(mirror, ReaderOptions.defaults())) {
            List<String> unresolved = new ArrayList<>();
            while (sourceReader.poll(chunk -> {
                String copy = mirrorReader.read(chunk.handle()).map(SourceChanges::describe).orElse("nothing");
                // A chunk with a time to live may expire between the poll and the read: then the
                // source no longer has it either.
                if (!copy.equals(describe(chunk)) && sourceReader.read(chunk.handle()).isPresent()) {
                    unresolved.add(chunk.handle() + " -> " + copy + " (" + mirrorReader.status(chunk.handle()) + ")");
                }
            }, 256) > 0) {
                // all of it
            }
            assertEquals(List.of(), unresolved, "source handles that do not resolve on mirror " + mirror + " to their chunk");
        }
    }

    private static String describe(Chunk chunk) {
        return chunk.id() + ":" + chunk.expiresAtMillis() + ":" + HexFormat.of().formatHex(chunk.toByteArray());
    }

    /** {@return the area's live chunks as sorted "id:expiry:bytes" strings, or empty if it does not exist yet} */
    static List<String> liveSet(Backend backend, String area) {
        List<String> chunks = new ArrayList<>();
        try (Reader reader = backend.reader(area, ReaderOptions.defaults())) {
            while (reader.poll(chunk -> chunks.add(describe(chunk)), 256) > 0) {
                // all of it
            }
        } catch (speculo.api.AreaNotFoundException notYet) {
            return List.of();
        }
        chunks.sort(null);
        return chunks;
    }
}
