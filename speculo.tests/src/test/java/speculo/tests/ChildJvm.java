package speculo.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM running one of the {@code speculo.tests.child} programs on this JVM's module
 * path, with its standard output collected line by line.
 */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Writer stdin;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                lines.add(EOF);
            }
        });
    }

    /**
     * Starts {@code main} of module {@code speculo.tests} in a new JVM.
     *
     * @param backend the backend the child uses by default
     */
    static ChildJvm start(String backend, Class<?> main, String... args) throws IOException {
        return startUnder(List.of(), backend, main, args);
    }

    /**
     * Starts {@code main} of module {@code speculo.tests} in a new JVM run by a wrapper command,
     * for example {@code unshare -p -f --mount-proc} for a JVM in a pid namespace of its own.
     *
     * @param wrapper the command and its arguments, before {@code java}
     * @param backend the backend the child uses by default
     */
    static ChildJvm startUnder(List<String> wrapper, String backend, Class<?> main, String... args) throws IOException {
        return startUnder(wrapper, List.of(), backend, main, args);
    }

    /**
     * Starts {@code main} like {@link #startUnder(List, String, Class, String...)}, with JVM flags
     * of its own after the usual ones (a later {@code -D} of a property wins).
     */
    static ChildJvm startUnder(List<String> wrapper, List<String> jvmFlags, String backend, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(javaCommand(backend));
        command.addAll(jvmFlags);
        command.add("--enable-native-access=speculo.backend.shm,ALL-UNNAMED");
        command.add("--module-path");
        command.add(System.getProperty("jdk.module.path"));
        // Surefire leaves what no module requires (jffi's native jar, ASM's friends) on the class path.
        command.add("--class-path");
        command.add(System.getProperty("java.class.path"));
        command.add("-m");
        command.add("speculo.tests/" + main.getName());
        command.addAll(List.of(args));
        return launch(command);
    }

    /** Starts {@code main} in a new JVM with everything on the class path: no modules at all. */
    static ChildJvm startOnClassPath(String backend, String classPath, Class<?> main, String... args) throws IOException {
        List<String> command = javaCommand(backend);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--class-path");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        return launch(command);
    }

    /**
     * Starts {@code main} with exactly the given launch: no native-access flag of ours, and its
     * standard error merged into its output (for what the JVM and the logger print).
     *
     * @param backend  the backend the child uses by default; {@code null} to let it choose
     * @param flags    JVM flags, placed before {@code launch}
     * @param launch   how to find the program: {@code --module-path ... -m module/class} or {@code --class-path ... class}
     */
    static ChildJvm startExactly(String backend, List<String> flags, List<String> launch, String... args) throws IOException {
        List<String> command = javaCommand(backend);
        command.addAll(flags);
        command.addAll(launch);
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** A logging configuration that keeps children to warnings: hundreds of takeovers would flood the build log. */
    private static final Path QUIET_LOGGING = quietLogging();

    private static Path quietLogging() {
        try {
            Path file = java.nio.file.Files.createTempFile("speculo-test-logging", ".properties");
            java.nio.file.Files.writeString(file, "handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> javaCommand(String backend) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.util.logging.config.file=" + QUIET_LOGGING);
        command.add("-Xmx768m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        if (backend != null) {
            command.add("-Dspeculo.backend=" + backend);
        }
        String directory = System.getProperty("speculo.file.directory");
        if (directory != null) {
            command.add("-Dspeculo.file.directory=" + directory);
        }
        return command;
    }

    private static ChildJvm launch(List<String> command) throws IOException {
        return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** {@return the first line starting with {@code prefix}; fails after {@code timeout} or at the end of output} */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no '" + prefix + "' from child " + process.pid() + " within " + timeout
                        + "; output so far: " + transcript);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new AssertionError("child " + process.pid() + " ended without '" + prefix + "'; output: " + transcript);
            }
            transcript.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** {@return every line the child printed that was not consumed yet, up to the end of its output} */
    List<String> remainingLines(Duration timeout) throws InterruptedException {
        List<String> rest = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child " + process.pid() + " output did not end within " + timeout);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                return rest;
            }
            transcript.add(line);
            rest.add(line);
        }
    }

    /** Sends a line to the child's standard input. */
    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for the child to exit; {@return its exit code} */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + process.pid() + " did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL and waits for it to be gone. Through its {@link ProcessHandle}:
     * {@code Process.destroyForcibly()} would also close our end of its output pipe and lose the
     * lines it printed just before dying, which the crash tests need.
     */
    void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Parses {@code key=value} pairs of a result line. */
    static long field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in '" + line + "'");
    }
}
