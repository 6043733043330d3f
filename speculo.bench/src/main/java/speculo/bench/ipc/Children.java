package speculo.bench.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the harness's child JVMs and reads their report lines. */
final class Children {

    private Children() {
    }

    /** Children started so far, for placing them on processors round robin. */
    private static int started;

    /**
     * Starts {@code CrossProcess --role role args...} in a new JVM with the harness's class path.
     * {@code -Dspeculo.bench.childFlags="..."} on the harness adds JVM flags to every child, for
     * looking inside a run (for example {@code -Xlog:safepoint=info:file=/tmp/sp-%p.log}).
     * {@code -Dspeculo.bench.pin=true} starts each child under {@code taskset}: writers on processor
     * 0, the others round robin over the rest, so that the scheduler never puts a writer and a
     * reader on one processor (as latency benchmarks of Agrona and Aeron pin their threads).
     */
    static Process start(String role, Object... args) throws IOException {
        List<String> command = new ArrayList<>();
        int processors = Runtime.getRuntime().availableProcessors();
        if (Boolean.getBoolean("speculo.bench.pin") && processors > 1) {
            // The writer, and a bridge's sender, are the "source host"; readers and a bridge's receiver the others.
            int cpu = role.startsWith("write") || role.startsWith("send") ? 0 : 1 + started++ % (processors - 1);
            command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx1g",
                // Agrona 2 uses jdk.internal.misc.Unsafe (JDK 23+ needs the export) and warns about sun.misc.Unsafe.
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), CrossProcess.class.getName(), "--role", role));
        String extra = System.getProperty("speculo.bench.childFlags", "");
        if (!extra.isBlank()) {
            command.addAll(command.indexOf("-cp"), List.of(extra.split(" ")));
        }
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** A child's standard output, read line by line. */
    static BufferedReader output(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** {@return the first line starting with {@code prefix}} */
    static String await(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("child ended without printing " + prefix);
    }
}
