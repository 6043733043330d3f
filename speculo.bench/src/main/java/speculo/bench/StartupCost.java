package speculo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import speculo.api.Backend;
import speculo.api.Reader;
import speculo.api.ReaderOptions;
import speculo.api.Speculo;
import speculo.api.Writer;
import speculo.api.WriterOptions;

/**
 * What an application's start-up pays for speculo: in fresh JVMs, one after another, the first
 * {@code Speculo.backend(name)} (loading the backend, for {@code shm} binding the C library), the
 * first writer's open and the first reader's open. Prints the median and range of each over the
 * runs. Run it with the class path of another build to compare two builds.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar speculo.bench.StartupCost [BACKEND] [RUNS]}
 * (defaults {@code shm} and 9).
 */
public final class StartupCost {

    private StartupCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String backend = args.length > 0 ? args[0] : "shm";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        List<double[]> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            results.add(child(backend));
        }
        String[] phases = {"backend", "writer open", "reader open"};
        System.out.printf(Locale.ROOT, "speculo start-up, backend %s, %d fresh JVMs (ms: median [min-max])%n", backend, runs);
        for (int phase = 0; phase < phases.length; phase++) {
            double[] values = new double[runs];
            for (int run = 0; run < runs; run++) {
                values[run] = results.get(run)[phase];
            }
            Arrays.sort(values);
            System.out.printf(Locale.ROOT, "  %-12s %7.1f [%.1f-%.1f]%n", phases[phase], values[runs / 2], values[0], values[runs - 1]);
        }
    }

    /** Runs {@link Child} in a fresh JVM; {@return its three timings in ms} */
    private static double[] child(String backend) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), backend).redirectErrorStream(true).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (process.waitFor() != 0 || line == null || !line.startsWith("TIMES ")) {
            throw new IllegalStateException("the child failed: " + line);
        }
        String[] fields = line.substring("TIMES ".length()).split(" ");
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])};
    }

    /** The measured start-up, in a JVM of its own: prints {@code TIMES <backend> <writer> <reader>} in ms. */
    public static final class Child {

        private Child() {
        }

        public static void main(String[] args) {
            String area = "startup-cost-" + ProcessHandle.current().pid();
            long start = System.nanoTime();
            Backend backend = Speculo.backend(args[0]);
            long loaded = System.nanoTime();
            Writer writer = backend.writer(area, WriterOptions.defaults());
            long written = System.nanoTime();
            Reader reader = backend.reader(area, ReaderOptions.defaults());
            long read = System.nanoTime();
            reader.close();
            writer.close();
            backend.remove(area);
            System.out.printf(Locale.ROOT, "TIMES %.2f %.2f %.2f%n", (loaded - start) / 1e6, (written - loaded) / 1e6, (read - written) / 1e6);
        }
    }
}
