package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * The channels besides unicast UDP that docs/BRIDGE.md names, each with one sender and two
 * receivers, the second joining when the first is in step: multi-destination-cast (each receiver
 * adds itself to the sender's destinations), multicast on the loopback interface, and IPC through
 * one media driver. Both mirrors must come to equal the source's live set. The ends run in threads
 * of this JVM, each with an embedded media driver of its own (IPC: all with the test's).
 */
class BridgeChannelsTest {

    enum Channel { MULTI_DESTINATION, MULTICAST, IPC }

    private static final Duration CONVERGENCE = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private final Backend backend = Speculo.backend("file");
    private final String source = "bridge-channels-" + ProcessHandle.current().pid();
    private final List<String> mirrors = List.of(source + "-a", source + "-b");
    private final SourceChanges changes = new SourceChanges(11);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> ends = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private MediaDriver sharedDriver;

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread end : ends) {
            end.join(10_000);
        }
        CloseHelper.close(sharedDriver);
        for (String area : List.of(source, mirrors.get(0), mirrors.get(1))) {
            try {
                backend.remove(area);
            } catch (RuntimeException never) {
                // not created
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void twoReceiversFollowOneSender(Channel channel) throws Exception {
        int data = freePort();
        String control = "aeron:udp?endpoint=localhost:" + freePort();
        BridgeOptions senderOptions = switch (channel) {
            case MULTI_DESTINATION -> BridgeOptions.of("aeron:udp?control=localhost:" + data + "|control-mode=dynamic", control);
            case MULTICAST -> BridgeOptions.of(multicast(data), control);
            case IPC -> ipc();
        };
        try (Writer writer = backend.writer(source, WriterOptions.defaults().withInitialCapacity(1 << 20))) {
            changes.apply(writer, 200); // before the bridge: the first sync carries them
            BridgeSender sender = BridgeSender.open(backend, source, senderOptions);
            start(sender, sender::run);
            receive(mirrors.get(0), receiverOptions(channel, data, control));
            changes.apply(writer, 300);
            assertConverges(mirrors.get(0));

            receive(mirrors.get(1), receiverOptions(channel, data, control)); // joins a sender already under way
            changes.apply(writer, 300);
            assertConverges(mirrors.get(0));
            assertConverges(mirrors.get(1));
            assertTrue(failures.isEmpty(), () -> "an end failed: " + failures);
        }
    }

    private BridgeOptions receiverOptions(Channel channel, int data, String control) throws IOException {
        return switch (channel) {
            case MULTI_DESTINATION -> BridgeOptions.of("aeron:udp?endpoint=localhost:" + freePort() + "|control=localhost:"
                    + data + "|control-mode=dynamic", control);
            case MULTICAST -> BridgeOptions.of(multicast(data), control);
            case IPC -> ipc();
        };
    }

    /** {@return a multicast group on the loopback interface: Aeron's data address has an odd last byte, its control address the next} */
    private static String multicast(int port) {
        return "aeron:udp?endpoint=239.255.83.1:" + port + "|interface=127.0.0.1|ttl=0";
    }

    /** {@return IPC for both channels, all ends through one media driver, the test's} */
    private BridgeOptions ipc() {
        if (sharedDriver == null) {
            sharedDriver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(directory.resolve("aeron").toString())
                    .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        }
        return BridgeOptions.of("aeron:ipc", "aeron:ipc").withAeronDirectory(sharedDriver.aeronDirectoryName());
    }

    private void receive(String mirror, BridgeOptions options) {
        BridgeReceiver receiver = BridgeReceiver.open(backend, mirror, options, WriterOptions.defaults().withInitialCapacity(1 << 20));
        start(receiver, receiver::run);
    }

    /** Runs an end's loop in a thread of its own until the test ends, then closes it there. */
    private void start(AutoCloseable end, Consumer<BooleanSupplier> loop) {
        ends.add(Thread.ofPlatform().name("bridge-end-" + ends.size()).start(() -> {
            try (end) {
                loop.accept(running::get);
            } catch (Throwable failure) {
                failures.add(failure);
            }
        }));
    }

    private void assertConverges(String mirror) throws InterruptedException {
        SourceChanges.assertConverges(backend, source, mirror, CONVERGENCE, () -> !failures.isEmpty());
        assertTrue(failures.isEmpty(), () -> "an end failed: " + failures);
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
