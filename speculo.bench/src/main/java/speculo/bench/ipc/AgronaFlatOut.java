package speculo.bench.ipc;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;

/**
 * Agrona's side of {@link speculo.bench.FlatOutAppend}: the harness's broadcast transmitter (the
 * same 64 MiB buffer in {@code /dev/shm}) sending flat out with no receiver, a
 * {@code System.nanoTime()} stamp in each message. Run alternately with {@code FlatOutAppend},
 * it compares the two writers' own cost per chunk, without a reader on the other processor.
 *
 * <p>Usage: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks.jar speculo.bench.ipc.AgronaFlatOut
 * [message bytes=64] [messages per round=10000000] [rounds=3]}.
 */
public final class AgronaFlatOut {

    private AgronaFlatOut() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        long messages = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path file = Path.of("/dev/shm", "agrona-flat-out-" + ProcessHandle.current().pid());
        try {
            BroadcastTransmitter transmitter = new BroadcastTransmitter(new UnsafeBuffer(AgronaPeer.map(file)));
            UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(size, Long.BYTES)));
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (long i = 0; i < messages; i++) {
                    message.putLong(0, System.nanoTime());
                    transmitter.transmit(AgronaPeer.DATA, message, 0, size);
                }
                long took = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "round %d: %d messages of %d B: %.2f M/s, %.1f ns each%n",
                        round, messages, size, messages * 1e3 / took, took / (double) messages);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
