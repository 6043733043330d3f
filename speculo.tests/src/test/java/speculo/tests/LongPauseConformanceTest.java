package speculo.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import speculo.api.AreaFullException;
import speculo.api.Backend;
import speculo.api.ChunkHandle;
import speculo.api.Reader;
import speculo.api.Writer;

/** Readers that stop for a long time, and an area full of data that cannot be compacted. */
@ParameterizedClass
@MethodSource("speculo.tests.Backends#all")
class LongPauseConformanceTest extends ConformanceBase {

    LongPauseConformanceTest(Backend backend) {
        super(backend);
    }

    @Test
    void aReaderResumingAfterManyCollectionsGetsExactlyWhatIsStillLive() {
        String area = newArea();
        Writer writer = writer(area);
        Reader paused = reader(area);
        long records = 0;
        for (int i = 0; i < 10; i++) {
            writer.write(bytes("early " + i));
            records++;
        }
        List<Long> before = new ArrayList<>();
        paused.poll(chunk -> before.add(chunk.sequence()), 5);
        long resumeAfter = before.get(4);

        SplittableRandom random = new SplittableRandom(7);
        List<ChunkHandle> blocks = new ArrayList<>();
        for (int op = 0; op < 2000; op++) {
            int dice = random.nextInt(100);
            if (dice < 50 || blocks.isEmpty()) {
                ChunkHandle handle = random.nextBoolean() ? writer.write(new byte[random.nextInt(300)])
                        : writer.write(new byte[random.nextInt(300)], Duration.ofSeconds(1 + random.nextInt(60)));
                blocks.add(handle);
                records++;
            } else if (dice < 75) {
                int index = random.nextInt(blocks.size());
                try {
                    blocks.set(index, writer.replace(blocks.get(index), new byte[random.nextInt(300)]));
                    records++;
                } catch (speculo.api.ChunkNotFoundException expired) {
                    blocks.remove(index);
                }
            } else if (dice < 90) {
                writer.remove(blocks.remove(random.nextInt(blocks.size())));
            } else if (dice < 95) {
                clock.advance(Duration.ofSeconds(random.nextInt(5)));
            } else {
                writer.collect();
            }
        }
        assertTrue(writer.stats().gcCount() >= 50, "many collections happened: " + writer.stats().gcCount());

        List<Long> liveNow = new ArrayList<>();
        Reader fresh = reader(area);
        while (fresh.poll(chunk -> liveNow.add(chunk.sequence()), 100) > 0) {
            // collect what a newcomer sees: every live chunk
        }
        List<Long> expected = liveNow.stream().filter(seq -> seq > resumeAfter).toList();
        List<Long> resumed = new ArrayList<>();
        while (paused.poll(chunk -> resumed.add(chunk.sequence()), 100) > 0) {
            // the paused reader catches up
        }
        assertEquals(expected, resumed, "exactly the chunks still live after where it stopped");
        assertEquals(records - resumeAfter - resumed.size(), paused.skipped(), "every other chunk was counted as skipped");
    }

    @Test
    void aFullAreaRefusesChunksUntilExpiryFreesRoom() {
        String area = newArea();
        Writer writer = writer(area, options().withInitialCapacity(64 * 1024).withMaxCapacity(256 * 1024));
        List<ChunkHandle> written = new ArrayList<>();
        assertThrows(AreaFullException.class, () -> {
            while (true) {
                written.add(writer.write(new byte[8_000], Duration.ofSeconds(10)));
            }
        });
        Reader reader = reader(area);
        assertEquals(written.size(), drain(reader).size(), "readers are unaffected by the full area");
        assertThrows(AreaFullException.class, () -> writer.write(new byte[8_000]), "still full: nothing expired");
        clock.advance(Duration.ofSeconds(10));
        ChunkHandle after = writer.write(new byte[8_000]);
        assertEquals(8_000, reader.read(after).orElseThrow().size());
        assertEquals(1, writer.stats().liveChunks(), "the expired chunks were dropped");
        for (ChunkHandle old : written) {
            assertTrue(reader.read(old).isEmpty());
        }
    }
}
