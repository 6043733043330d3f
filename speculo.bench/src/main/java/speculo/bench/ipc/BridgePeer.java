package speculo.bench.ipc;

import java.time.Duration;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.bridge.BridgeOptions;
import speculo.bridge.BridgeReceiver;
import speculo.bridge.BridgeSender;

/**
 * The bridge's side of the harness: the whole way from a writer's append on one host to a reader
 * of the mirror on another. Four processes: the writer of the source area and a
 * {@link BridgeSender} on the "source host" (processor 0 when pinned), a {@link BridgeReceiver}
 * writing the mirror and the mirror's reader on the "mirror host", each bridge end with its own
 * embedded media driver, over loopback UDP; compared with {@link AeronPeer}, Aeron alone between
 * the same two places. Paced chunks live 500 ms: long enough to arrive before they expire at every
 * rate the bridge keeps up with; flat-out chunks never expire.
 */
final class BridgePeer {

    private static final Backend SHM = Speculo.backend("shm");
    private static final Duration TTL = Duration.ofMillis(500);

    private BridgePeer() {
    }

    private static String source(Scenario s) {
        return s.objectName() + "-source";
    }

    private static String mirror(Scenario s) {
        return s.objectName() + "-mirror";
    }

    private static BridgeOptions options(Scenario s) {
        // Yielding when idle, as the harness's Aeron reader does (Scenario.yields): a parked end
        // would add up to a millisecond of wake-up to a chunk's way.
        return BridgeOptions.of(AeronPeer.channel(s, 0), AeronPeer.channel(s, 1)).withIdleStrategy(speculo.api.IdleStrategy::yielding);
    }

    static void write(Scenario s) throws Exception {
        // Flat out, the source's writer outruns any network: its chunks never expire here, so that
        // the mirror's reader measures what the bridge carries, not what was still fresh on arrival.
        SpeculoPeer.write(s, source(s), s.perSecond() > 0 ? TTL : null, true);
    }

    static void read(Scenario s) {
        SpeculoPeer.read(s, mirror(s), true);
    }

    /** The sender, until its standard input closes. */
    static void send(Scenario s) throws Exception {
        SHM.writer(source(s), SpeculoPeer.options(s)).close(); // the sender reads an area that exists
        try (BridgeSender sender = BridgeSender.open(SHM, source(s), options(s))) {
            runUntilInputCloses(sender::run);
            System.err.println(s.label() + ": sender sent " + sender.chunksSent() + " chunks in " + sender.syncs() + " syncs");
        }
    }

    /** The receiver, writing the mirror, until its standard input closes. */
    static void receive(Scenario s) throws Exception {
        try (BridgeReceiver receiver = BridgeReceiver.open(SHM, mirror(s), options(s), SpeculoPeer.options(s))) {
            runUntilInputCloses(receiver::run);
            System.err.println(s.label() + ": receiver applied " + receiver.chunksApplied() + " chunks, " + receiver.syncs()
                    + " syncs completed");
        }
    }

    static void remove(Scenario s) {
        for (String area : new String[] {source(s), mirror(s)}) {
            try {
                SHM.remove(area);
            } catch (speculo.api.AreaNotFoundException never) {
                // the run failed before making it
            }
        }
    }

    /** Prints READY, then runs {@code run} with a condition that holds until the harness closes this process's standard input. */
    static void runUntilInputCloses(java.util.function.Consumer<java.util.function.BooleanSupplier> run) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until the harness closes it
                }
            } catch (java.io.IOException gone) {
                // the harness is gone
            }
            running.set(false);
        });
        System.out.println("READY");
        System.out.flush();
        run.accept(running::get);
    }
}
