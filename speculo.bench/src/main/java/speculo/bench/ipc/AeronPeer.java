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
 * directory (as two hosts would have). As the bridge runs them, the driver and the client have no
 * threads of their own: the peer's one thread invokes their work between its sends or polls. A
 * message shorter than the stamp ends the run.
 *
 * <p>{@code aeron-chain} runs the same publication and subscription through two relays, each a
 * process that republishes what it receives ({@link #relay}): four processes and three hops, as
 * the bridge has (writer, sender, receiver, reader), where Aeron alone has two and one. On two
 * processors, it tells what that way costs Aeron itself.
 */
final class AeronPeer {

    private static final int END_LENGTH = 1;

    private AeronPeer() {
    }

    /** {@return the data channel of a run: loopback UDP on a port the run's name picks} */
    static String channel(Scenario s, int offset) {
        return "aeron:udp?endpoint=localhost:" + (20_000 + Math.floorMod(s.objectName().hashCode(), 20_000) + offset);
    }

    /** An embedded media driver of this process, in a directory of its own, and a client, both invoked from the peer's thread. */
    private record Invoked(MediaDriver driver, Aeron aeron) implements AutoCloseable {

        static Invoked start() {
            MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(CommonContext.getAeronDirectoryName() + "-bench-" + ProcessHandle.current().pid())
                    .threadingMode(ThreadingMode.INVOKER).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            return new Invoked(driver, Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                    .useConductorAgentInvoker(true).driverAgentInvoker(driver.sharedAgentInvoker())));
        }

        /** Does the driver's and the client's work: sends what was offered, takes in what arrived. */
        int doWork() {
            return driver.sharedAgentInvoker().invoke() + aeron.conductorAgentInvoker().invoke();
        }

        @Override
        public void close() {
            CloseHelper.closeAll(aeron, driver);
        }
    }

    static void write(Scenario s) throws Exception {
        try (Invoked aeron = Invoked.start();
             ExclusivePublication publication = aeron.aeron().addExclusivePublication(channel(s, 0), 1)) {
            while (!publication.isConnected()) {
                aeron.doWork();
            }
            UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(s.size()));
            // Paced, each message goes out at once; flat out, the driver sends every 256 messages
            // (and whenever flow control holds the writer back), many frames to a datagram, as the
            // bridge's sender sends what one round of 256 chunks offered.
            long flushEvery = s.perSecond() > 0 ? 1 : 256;
            Measure.pace(s, (i, due, part) -> {
                message.putLong(0, Measure.stamp());
                message.putLong(Measure.DUE, due);
                message.putLong(Measure.PART, part);
                offer(publication, message, s.size(), aeron);
                if (i % flushEvery == flushEvery - 1) {
                    aeron.doWork();
                }
            }, aeron::doWork, () -> { });
            offer(publication, message, END_LENGTH, aeron);
            aeron.doWork();
            // This process's driver sends what the publication holds: stay until the reader has gone.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (publication.isConnected() && System.nanoTime() < deadline) {
                if (aeron.doWork() == 0) {
                    Thread.yield();
                }
            }
        }
    }

    private static void offer(Publication publication, UnsafeBuffer message, int length, Invoked aeron) {
        long result;
        while ((result = publication.offer(message, 0, length)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("publication " + Publication.errorString(result));
            }
            // Back pressure: flow control holds the writer to the reader's pace; let the driver send.
            if (aeron.doWork() == 0) {
                Thread.yield();
            }
        }
    }

    /** The port offset the reader subscribes at: after the relays' hops in a chain ({@code 0 → 2 → 4}). */
    private static int readerPort(Scenario s) {
        return s.transport().equals("aeron-chain") ? 4 : 0;
    }

    /**
     * A relay of a chain, until its standard input closes: republishes every message it receives
     * at port offset {@code from} to port offset {@code to}, holding it back while the next hop
     * pushes back.
     */
    static void relay(Scenario s, int from, int to) {
        try (Invoked aeron = Invoked.start();
             Subscription in = aeron.aeron().addSubscription(channel(s, from), 1);
             ExclusivePublication out = aeron.aeron().addExclusivePublication(channel(s, to), 1)) {
            io.aeron.logbuffer.ControlledFragmentHandler forward = (buffer, offset, length, header) ->
                    out.offer(buffer, offset, length) > 0 ? io.aeron.logbuffer.ControlledFragmentHandler.Action.CONTINUE
                            : io.aeron.logbuffer.ControlledFragmentHandler.Action.ABORT;
            io.aeron.ControlledFragmentAssembler messages = new io.aeron.ControlledFragmentAssembler(forward);
            BridgePeer.runUntilInputCloses(running -> {
                while (running.getAsBoolean()) {
                    if (aeron.doWork() + in.controlledPoll(messages, 256) == 0) {
                        Thread.yield();
                    }
                }
            });
        }
    }

    static void read(Scenario s) {
        try (Invoked aeron = Invoked.start();
             Subscription subscription = aeron.aeron().addSubscription(channel(s, readerPort(s)), 1)) {
            Measure measure = new Measure();
            boolean[] ended = {false};
            FragmentHandler handler = (buffer, offset, length, header) -> {
                if (length == END_LENGTH) {
                    ended[0] = true;
                } else {
                    measure.arrived(buffer.getLong(offset), buffer.getLong(offset + Measure.DUE),
                            buffer.getLong(offset + Measure.PART));
                }
            };
            System.out.println("READY");
            System.out.flush();
            io.aeron.FragmentAssembler messages = new io.aeron.FragmentAssembler(handler); // 64 KiB spans many frames
            while (!ended[0]) {
                if (aeron.doWork() + subscription.poll(messages, 256) == 0) {
                    Thread.yield(); // other processes share the processor (Scenario.yields)
                }
            }
            measure.report(String.format(Locale.ROOT, "images=%d", subscription.imageCount()));
        }
    }
}
