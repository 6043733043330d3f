package speculo.bench.ipc;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The raw Aeron peer of the harness, the yardstick of the bridge: an exclusive publication to a
 * subscription over loopback UDP, each process with its own embedded media driver in its own
 * directory (as two hosts would have), the driver on one thread, as the bridge runs it. A
 * message shorter than the stamp ends the run.
 */
final class AeronPeer {

    private static final int END_LENGTH = 1;

    private AeronPeer() {
    }

    /** {@return the data channel of a run: loopback UDP on a port the run's name picks} */
    static String channel(Scenario s, int offset) {
        return "aeron:udp?endpoint=localhost:" + (20_000 + Math.floorMod(s.objectName().hashCode(), 20_000) + offset);
    }

    /** {@return an embedded media driver of this process, in a directory of its own} */
    static MediaDriver driver() {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(CommonContext.getAeronDirectoryName() + "-bench-" + ProcessHandle.current().pid())
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
    }

    static void write(Scenario s) throws Exception {
        MediaDriver driver = driver();
        Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        try (ExclusivePublication publication = aeron.addExclusivePublication(channel(s, 0), 1)) {
            while (!publication.isConnected()) {
                Thread.onSpinWait();
            }
            UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(s.size()));
            Measure.pace(s, (i, due) -> {
                message.putLong(0, Measure.stamp(i, s));
                message.putLong(Measure.DUE, due);
                offer(publication, message, s.size());
            });
            offer(publication, message, END_LENGTH);
            // The driver of this process sends what the publication holds: stay until the reader has gone.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (publication.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            CloseHelper.closeAll(aeron, driver);
        }
    }

    private static void offer(Publication publication, UnsafeBuffer message, int length) {
        long result;
        while ((result = publication.offer(message, 0, length)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("publication " + Publication.errorString(result));
            }
            Thread.yield(); // back pressure: flow control holds the writer to the reader's pace; let the driver send
        }
    }

    static void read(Scenario s) {
        MediaDriver driver = driver();
        Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        try (Subscription subscription = aeron.addSubscription(channel(s, 0), 1)) {
            Measure measure = new Measure();
            boolean[] ended = {false};
            FragmentHandler handler = (buffer, offset, length, header) -> {
                if (length == END_LENGTH) {
                    ended[0] = true;
                } else {
                    measure.arrived(buffer.getLong(offset), buffer.getLong(offset + Measure.DUE));
                }
            };
            System.out.println("READY");
            System.out.flush();
            io.aeron.FragmentAssembler messages = new io.aeron.FragmentAssembler(handler); // 64 KiB spans many frames
            while (!ended[0]) {
                if (subscription.poll(messages, 256) == 0) {
                    Thread.yield(); // the driver shares the processor (Scenario.yields)
                }
            }
            measure.report(String.format(Locale.ROOT, "images=%d", subscription.imageCount()));
        } finally {
            CloseHelper.closeAll(aeron, driver);
        }
    }
}
