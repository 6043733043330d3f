package speculo.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A child JVM running a hidden subcommand of this program, its output lines handed to a consumer. */
final class ChildProcess {

    private final Process process;
    private final OutputStreamWriter stdin;

    private ChildProcess(Process process, Consumer<String> lines) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        });
    }

    /** Starts {@code speculo <args>} in a new JVM on this JVM's class path, with the same backend. */
    static ChildProcess start(String backend, Consumer<String> lines, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Dspeculo.backend=" + backend);
        String directory = System.getProperty("speculo.file.directory");
        if (directory != null) {
            command.add("-Dspeculo.file.directory=" + directory);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(speculo.cli.Main.class.getName());
        command.addAll(List.of(args));
        try {
            return new ChildProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + e.getMessage(), e);
        }
    }

    void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    long pid() {
        return process.pid();
    }

    void kill() {
        process.destroyForcibly();
    }
}
