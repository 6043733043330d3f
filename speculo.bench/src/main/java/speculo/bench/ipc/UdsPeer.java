package speculo.bench.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The Unix-domain-socket peer of the harness: the JDK's blocking {@link SocketChannel} with a
 * {@link UnixDomainSocketAddress}, one connection per reader (a stream socket has one receiver).
 */
final class UdsPeer {

    private UdsPeer() {
    }

    static void write(Scenario s) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path(s)))) {
            ByteBuffer message = ByteBuffer.allocateDirect(s.size());
            Measure.pace(s, (i, due, part) -> {
                message.clear();
                message.putLong(0, Measure.stamp());
                message.putLong(Measure.DUE, due);
                message.putLong(Measure.PART, part);
                while (message.hasRemaining()) {
                    channel.write(message);
                }
            });
        }
    }

    static void read(Scenario s) throws IOException {
        Path path = path(s);
        Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            System.out.println("READY");
            System.out.flush();
            try (SocketChannel channel = server.accept()) {
                ByteBuffer message = ByteBuffer.allocateDirect(s.size());
                Measure measure = new Measure();
                long total = s.total();
                for (long n = 0; n < total; n++) {
                    message.clear();
                    while (message.hasRemaining()) {
                        if (channel.read(message) < 0) {
                            throw new IOException("the writer closed the socket after " + n + " messages");
                        }
                    }
                    measure.arrived(message.getLong(0), message.getLong(Measure.DUE), message.getLong(Measure.PART));
                }
                measure.report("");
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    static void remove(Scenario s) throws IOException {
        Files.deleteIfExists(path(s));
    }

    private static Path path(Scenario s) {
        return Path.of(System.getProperty("java.io.tmpdir"), s.objectName() + ".sock");
    }
}
