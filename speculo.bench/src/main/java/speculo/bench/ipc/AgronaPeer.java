package speculo.bench.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;

/**
 * The Agrona peer of the harness: a {@link BroadcastTransmitter} and {@link CopyBroadcastReceiver}s
 * on a 64 MiB buffer in a file of {@code /dev/shm}, as Agrona users share one between processes.
 * The broadcast buffer is lossy by design: a reader that falls a whole buffer behind is lapped
 * ({@code lapped=} in its result); the others count what they received.
 */
final class AgronaPeer {

    private static final int CAPACITY = 64 << 20;
    static final int DATA = 1;
    private static final int END = 2;

    private AgronaPeer() {
    }

    static void write(Scenario s) throws Exception {
        BroadcastTransmitter transmitter = new BroadcastTransmitter(new UnsafeBuffer(map(path(s))));
        UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(s.size()));
        Measure.pace(s, (i, due, part) -> {
            message.putLong(0, Measure.stamp());
            message.putLong(Measure.DUE, due);
            message.putLong(Measure.PART, part);
            transmitter.transmit(DATA, message, 0, s.size());
        });
        // The buffer is lossy: a reader lapped while the end goes by would miss it and wait for
        // ever. Repeating it for a while lets a lapped reader, which resumes at the latest message, see one.
        for (int i = 0; i < 200; i++) {
            transmitter.transmit(END, message, 0, Measure.STAMP);
            Thread.sleep(1);
        }
    }

    static void read(Scenario s) throws IOException {
        BroadcastReceiver receiver = new BroadcastReceiver(new UnsafeBuffer(map(path(s))));
        CopyBroadcastReceiver copier = new CopyBroadcastReceiver(receiver, new UnsafeBuffer(ByteBuffer.allocateDirect(
                Math.max(CopyBroadcastReceiver.SCRATCH_BUFFER_LENGTH, s.size()))));
        Measure measure = new Measure();
        boolean[] ended = {false};
        long overrun = 0;
        // One handler for the whole run, as for speculo: no allocation per receive.
        MessageHandler handler = (type, data, index, length) -> {
            if (type == END) {
                ended[0] = true;
            } else {
                measure.arrived(data.getLong(index), data.getLong(index + Measure.DUE),
                        data.getLong(index + Measure.PART));
            }
        };
        System.out.println("READY");
        System.out.flush();
        while (!ended[0]) {
            try {
                copier.receive(handler);
            } catch (IllegalStateException lappedWhileCopying) {
                overrun++;
            }
        }
        measure.report("lapped=" + (receiver.lappedCount() + overrun));
    }

    static void remove(Scenario s) throws IOException {
        Files.deleteIfExists(path(s));
    }

    private static Path path(Scenario s) {
        return Path.of("/dev/shm", s.objectName() + ".agrona");
    }

    static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH;
            if (channel.size() < size) {
                channel.truncate(size);
                channel.write(ByteBuffer.allocate(1), size - 1);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }
}
