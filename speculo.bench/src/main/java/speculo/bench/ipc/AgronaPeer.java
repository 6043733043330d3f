package speculo.bench.ipc;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;

/**
 * The Agrona peer of the harness: a {@link BroadcastTransmitter} and a {@link CopyBroadcastReceiver}
 * on a 64 MiB buffer in a file of {@code /dev/shm}, as Agrona users share one between processes.
 * The broadcast buffer is lossy by design: a reader that falls a whole buffer behind is lapped, and
 * the harness counts what it received.
 */
final class AgronaPeer {

    private static final int CAPACITY = 64 << 20;
    private static final int DATA = 1;
    private static final int END = 2;

    private AgronaPeer() {
    }

    static void write(Path file, long messages, long perSecond) throws IOException {
        UnsafeBuffer buffer = new UnsafeBuffer(map(file));
        BroadcastTransmitter transmitter = new BroadcastTransmitter(buffer);
        UnsafeBuffer message = new UnsafeBuffer(new byte[CrossProcess.SIZE]);
        CrossProcess.pace(messages, perSecond, i -> {
            message.putLong(0, System.nanoTime());
            transmitter.transmit(DATA, message, 0, CrossProcess.SIZE);
        });
        transmitter.transmit(END, message, 0, CrossProcess.SIZE);
    }

    static void read(Path file, long messages) throws IOException {
        UnsafeBuffer buffer = new UnsafeBuffer(map(file));
        CopyBroadcastReceiver receiver = new CopyBroadcastReceiver(new BroadcastReceiver(buffer));
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        long[] received = {0};
        boolean[] ended = {false};
        long[] start = {0};
        System.out.println("READY");
        System.out.flush();
        while (!ended[0]) {
            receiver.receive((type, data, index, length) -> {
                if (type == END) {
                    ended[0] = true;
                    return;
                }
                histogram.recordValue(Math.max(0, System.nanoTime() - data.getLong(index)));
                if (start[0] == 0) {
                    start[0] = System.nanoTime();
                }
                received[0]++;
            });
        }
        CrossProcess.report(histogram, received[0], System.nanoTime() - start[0]);
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH;
            if (channel.size() < size) {
                channel.truncate(size);
                channel.write(java.nio.ByteBuffer.allocate(1), size - 1);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }
}
