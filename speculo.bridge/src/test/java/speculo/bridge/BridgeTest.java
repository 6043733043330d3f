package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import speculo.api.Backend;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * A source area mirrored over loopback UDP between two JVMs, each with its own embedded media
 * driver in its own Aeron directory, as two hosts would have: the mirror's live set must come to
 * equal the source's, bytes and expiry, through a random mix of changes, kills of either end, and
 * lost packets.
 */
@ParameterizedClass
@ValueSource(strings = {"shm", "file"})
class BridgeTest {

    /** How long the mirror may take to follow the source after the changes stop. */
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    /** Kills per backend, alternately of the sender and of the receiver: 10 of each per backend, 20 of each a run. */
    private static final int KILL_ROUNDS = 20;

    private final String backendName;
    private final Backend backend;
    private final String source = "bridge-src-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    private final String mirror = source.replace("-src-", "-mirror-");
    private final String channel = "aeron:udp?endpoint=localhost:" + freePort();
    private final String control = "aeron:udp?endpoint=localhost:" + freePort();
    private final List<Process> processes = new ArrayList<>();
    private final SourceChanges changes = new SourceChanges(42);

    BridgeTest(String backendName) {
        this.backendName = backendName;
        this.backend = Speculo.backend(backendName);
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        for (Process process : processes) {
            stop(process);
        }
        for (String area : List.of(source, mirror)) {
            try {
                backend.remove(area);
            } catch (RuntimeException absent) {
                // never created
            }
        }
    }

    @Test
    void theMirrorFollowsARandomMixOfChangesBytesAndExpiryAlike() throws Exception {
        try (Writer writer = backend.writer(source, WriterOptions.defaults().withInitialCapacity(1 << 20))) {
            change(writer, 300); // before the bridge: the first sync carries them
            start("receive", mirror);
            start("send", source);
            change(writer, 2_000);
            writer.collect();
            change(writer, 500);
            assertConverges();
        }
    }

    @Test
    void killingEitherEndAndStartingItAgainConverges() throws Exception {
        try (Writer writer = backend.writer(source, WriterOptions.defaults().withInitialCapacity(1 << 20))) {
            Process receiver = start("receive", mirror);
            Process sender = start("send", source);
            change(writer, 300);
            assertConverges();
            for (int round = 0; round < KILL_ROUNDS; round++) {
                boolean senderDies = round % 2 == 0;
                Process victim = senderDies ? sender : receiver;
                victim.destroyForcibly().waitFor();
                deleteAeronDirectory(victim.pid());
                change(writer, 200); // while one end is dead
                if (senderDies) {
                    sender = start("send", source);
                } else {
                    receiver = start("receive", mirror); // takes the mirror over from its dead writer
                }
                change(writer, 100);
                assertConverges();
            }
        }
    }

    @Test
    void fivePercentOfPacketsLostAtTheReceiverStillConverges() throws Exception {
        try (Writer writer = backend.writer(source, WriterOptions.defaults().withInitialCapacity(1 << 20))) {
            start("receive", mirror, "-Daeron.ReceiveChannelEndpoint.supplier=io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier",
                    "-Daeron.debug.receive.data.loss.rate=0.05", "-Daeron.debug.receive.data.loss.seed=7");
            start("send", source);
            change(writer, 2_000);
            assertConverges();
        }
    }

    // ----------------------------------------------------------------------------------------

    private void change(Writer writer, int count) {
        changes.apply(writer, count);
    }

    private void assertConverges() throws InterruptedException {
        SourceChanges.assertConverges(backend, source, mirror, CONVERGENCE, () -> false);
    }

    /** Starts one end in a JVM of its own and waits for it to say it is ready. */
    private Process start(String role, String area, String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                // A dead end is noticed in about a second, not Aeron's default ten.
                "-Daeron.image.liveness.timeout=1000000000", "-Daeron.publication.connection.timeout=1000000000",
                "-Daeron.client.liveness.timeout=2000000000"));
        String directory = System.getProperty("speculo.file.directory");
        if (directory != null) {
            command.add("-Dspeculo.file.directory=" + directory);
        }
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BridgeProcess.class.getName(),
                role, backendName, area, channel, control));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("ready")) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return process;
            }
            seen.add(line);
        }
        fail(role + " ended before it was ready: " + String.join("\n", seen));
        return process;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe from filling
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Stops a process by closing its input, as a clean shutdown; kills it if it does not end. */
    private static void stop(Process process) throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            deleteAeronDirectory(process.pid());
        }
    }

    /** Deletes the Aeron directory of a killed end's embedded driver (a clean end deletes its own), the one end of its JVM. */
    private static void deleteAeronDirectory(long pid) throws IOException {
        Path directory = Path.of(io.aeron.CommonContext.getAeronDirectoryName() + "-speculo-" + pid + "-1");
        if (Files.exists(directory)) {
            try (var files = Files.walk(directory)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port", e);
        }
    }
}
