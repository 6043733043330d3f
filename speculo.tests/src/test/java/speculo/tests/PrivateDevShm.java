package speculo.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a child JVM in its own mount namespace, where {@code /dev/shm} is a fresh tmpfs mounted with
 * options the test chooses (a tiny size, huge pages): the shm backend's behaviour on a
 * {@code /dev/shm} this machine does not have, without touching the machine's own. Needs root and
 * {@code unshare}; a test is aborted (not failed) where either is missing.
 */
final class PrivateDevShm {

    private PrivateDevShm() {
    }

    /**
     * Runs {@code main} of {@code speculo.tests} to its end.
     *
     * @param mountOptions the tmpfs options, e.g. {@code size=2m,mode=1777}
     * @param jvmFlags     flags for the child JVM, before the module path
     * @return everything it printed (standard output and error)
     */
    static String run(String mountOptions, List<String> jvmFlags, Class<?> main) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a private /dev/shm needs root");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o " + mountOptions + " tmpfs /dev/shm && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "--enable-native-access=speculo.backend.shm,ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.addAll(List.of("--module-path", System.getProperty("jdk.module.path"),
                "--class-path", System.getProperty("java.class.path"), "-m", "speculo.tests/" + main.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        Assumptions.assumeFalse(output.contains("unshare:") || output.contains("mount:"), "cannot make a private /dev/shm: " + output);
        assertTrue(child.exitValue() == 0, "the child exited with " + child.exitValue() + ": " + output);
        return output;
    }
}
