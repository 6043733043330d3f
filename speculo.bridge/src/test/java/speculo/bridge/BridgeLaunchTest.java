package speculo.bridge;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user meets before the bridge runs: the JVM flag Aeron needs, and the options' checks. */
class BridgeLaunchTest {

    @Test
    void aJvmWithoutAgronasExportIsToldTheFlagToAdd() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                BridgeProcess.class.getName(), "receive", "file", "bridge-launch-" + ProcessHandle.current().pid(),
                "aeron:udp?endpoint=localhost:1", "aeron:udp?endpoint=localhost:2")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue());
        assertTrue(out.contains("BridgeException") && out.contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), out);
    }

    @Test
    void optionsRefuseWhatIsNoAeronChannel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BridgeOptions.of("udp://localhost:4000", "aeron:udp?endpoint=localhost:4001"));
        assertTrue(e.getMessage().contains("not an Aeron channel URI"), e.getMessage());
        assertThrows(NullPointerException.class, () -> BridgeOptions.of("aeron:ipc", null));
        assertThrows(IllegalArgumentException.class, () -> BridgeOptions.of("aeron:ipc", "aeron:ipc").withAeronDirectory(" "));
        BridgeOptions options = BridgeOptions.of("aeron:ipc", "aeron:ipc").withStreamIds(7, 8).withRebasedExpiry(true)
                .withAeronDirectory("/dev/shm/elsewhere");
        assertEquals(List.of(7, 8), List.of(options.streamId(), options.controlStreamId()));
        assertTrue(options.rebasedExpiry());
        assertEquals("/dev/shm/elsewhere", options.aeronDirectory().orElseThrow());
        assertNotSame(options.newIdleStrategy(), options.newIdleStrategy(), "one strategy per end");
        speculo.api.IdleStrategy mine = speculo.api.IdleStrategy.busySpin();
        assertSame(mine, options.withIdleStrategy(() -> mine).newIdleStrategy());
        assertThrows(NullPointerException.class, () -> options.withIdleStrategy(() -> null).newIdleStrategy());
    }
}
