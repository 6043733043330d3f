package speculo.bridge;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.api.WriterOptions;

/**
 * One end of a bridge in a JVM of its own, as a host would run it:
 * {@code send|receive BACKEND AREA CHANNEL CONTROL_CHANNEL [rebase]} (a receiver's area {@code -}:
 * the source's name). Prints {@code ready} once
 * started; stops when its standard input closes (or when killed).
 */
public final class BridgeProcess {

    private BridgeProcess() {
    }

    public static void main(String[] args) throws IOException {
        Backend backend = Speculo.backend(args[1]);
        BridgeOptions options = BridgeOptions.of(args[3], args[4])
                .withRebasedExpiry(args.length > 5 && args[5].equals("rebase"));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until the parent closes it
                }
            } catch (IOException ignored) {
                // the parent is gone
            }
            running.set(false);
        });
        if (args[0].equals("send")) {
            try (BridgeSender sender = BridgeSender.open(backend, args[2], options)) {
                System.out.println("ready");
                System.out.flush();
                sender.run(running::get);
                System.out.println("sent " + sender.chunksSent() + " chunks, " + sender.removalsSent() + " removals, "
                        + sender.syncs() + " syncs");
            }
        } else {
            try (BridgeReceiver receiver = BridgeReceiver.open(backend, args[2].equals("-") ? null : args[2], options,
                    WriterOptions.defaults().withInitialCapacity(1 << 20))) {
                System.out.println("ready");
                System.out.flush();
                receiver.run(running::get);
                System.out.println("applied " + receiver.chunksApplied() + " chunks, " + receiver.removalsApplied()
                        + " removals, " + receiver.syncs() + " syncs, " + receiver.chunksHeld() + " held");
            }
        }
    }
}
