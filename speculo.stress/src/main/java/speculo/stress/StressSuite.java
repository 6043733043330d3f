package speculo.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import speculo.api.Backend;
import speculo.api.Speculo;

/**
 * Runs the jcstress suite on backends and judges it:
 *
 * <ul>
 *   <li>every test of {@code speculo.stress.protocol} must pass: no forbidden outcome, no error;</li>
 *   <li>every negative control of {@code speculo.stress.broken} must <em>fail</em>: jcstress must
 *       catch its deliberately broken ordering, proving the matching test can fail.</li>
 * </ul>
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp jcstress.jar speculo.stress.StressSuite
 * [--mode sanity|quick|default|tough] [--backends all|default|shm,file] [--tests REGEX]}: {@code all}
 * (what no {@code --backends} means) is every usable backend, {@code default} the one
 * {@link Speculo#backend()} picks; {@code --tests} keeps the tests whose simple name the regular
 * expression finds (for example {@code Claim}: {@code ClaimTest} and {@code BrokenClaimTest}).
 * jcstress's HTML reports go to {@code stress-results/<backend>-<suite>/} in the working directory.
 * Exits with 0 when both hold on every backend run. The {@code speculo verify} command runs the
 * same from the CLI's jar ({@link #run}).
 *
 * <p>The default build runs the default backend only (see DECISIONS 40): the ordering protocol is
 * {@code speculo.core}'s own code whichever backend maps the memory, and both backends map it the
 * same way ({@code MAP_SHARED} of a tmpfs object); full runs take {@code all}.
 */
public final class StressSuite {

    private static final Pattern VERDICT = Pattern.compile("\\[(OK|FAILED|ERROR)\\]\\s+(speculo\\.stress\\.\\S+)");
    private static final Pattern SAMPLES = Pattern.compile("^\\s+(\\S.*?)\\s+([\\d,]+)\\s+[<\\d.]+%\\s+(Acceptable|Interesting|Forbidden)");

    private StressSuite() {
    }

    public static void main(String[] args) throws Exception {
        String mode = "sanity";
        String tests = ".*";
        List<String> backends = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--backends" -> backends.addAll(List.of(args[++i].split(",")));
                case "--tests" -> tests = args[++i];
                default -> {
                    System.err.println("usage: StressSuite [--mode sanity|quick|default|tough] [--backends all|default|shm,file]"
                            + " [--tests REGEX]");
                    System.exit(2);
                }
            }
        }
        System.exit(run(mode, backends, tests, Path.of(""), System.out));
    }

    /**
     * Runs the suite, jcstress in a JVM of its own on this JVM's class path (which must hold the
     * stress tests and their {@code META-INF/TestList}), and prints its output and the verdicts.
     *
     * @param mode      jcstress's mode: {@code sanity}, {@code quick}, {@code default} or {@code tough}
     * @param backends  backend names, or {@code ["all"]}, {@code ["default"]}; empty for all
     * @param tests     a regular expression found in the simple names of the tests to run
     * @param directory where jcstress writes its reports and result files
     * @param out       where the output goes
     * @return 0 if every protocol test passed and every negative control failed; 1 otherwise
     * @throws IOException if jcstress cannot be started or the reports cannot be written
     */
    public static int run(String mode, List<String> backends, String tests, Path directory, PrintStream out)
            throws IOException, InterruptedException {
        backends = new ArrayList<>(backends);
        if (backends.equals(List.of("default"))) {
            backends = new ArrayList<>(List.of(Speculo.backend().name()));
        }
        if (backends.isEmpty() || backends.equals(List.of("all"))) {
            backends = new ArrayList<>();
            for (Backend backend : Speculo.backends()) {
                if (backend.unavailableReason().isEmpty()) {
                    backends.add(backend.name());
                }
            }
        }
        Pattern selected = Pattern.compile(tests);
        List<String> report = new ArrayList<>();
        boolean ok = true;
        for (String backend : backends) {
            ok &= run(mode, backend, "protocol", true, selected, directory, out, report);
            ok &= run(mode, backend, "broken", false, selected, directory, out, report);
        }
        out.println();
        out.println("speculo jcstress suite, mode " + mode + ", on " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version());
        out.println(String.format("%-8s %-32s %-8s %-10s %12s %12s", "backend", "test", "verdict", "expected",
                "samples", "forbidden"));
        report.forEach(out::println);
        out.println(ok ? "PASSED: every protocol test passed and every negative control was caught."
                : "FAILED: see the lines above.");
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * {@return this JVM's class path with every entry made absolute} jcstress runs in the results
     * directory, where a relative entry ({@code java -jar speculo.cli/target/speculo.jar}) finds nothing.
     */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Runs one suite on one backend; {@return whether every test ended as expected} */
    private static boolean run(String mode, String backend, String suite, boolean mustPass, Pattern selected,
                               Path directory, PrintStream out, List<String> report) throws IOException, InterruptedException {
        List<String> expected = expectedTests(suite, selected);
        if (expected.isEmpty()) {
            return true; // --tests chose none of this suite
        }
        Path results = Path.of("stress-results", backend + "-" + suite);
        Files.createDirectories(directory.resolve(results));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", absoluteClassPath(), "org.openjdk.jcstress.Main",
                "-m", mode, "-t", String.join("|", expected.stream().map(Pattern::quote).toList()),
                "-v", "-r", results.toString(), "-jvmArgsPrepend",
                "--enable-native-access=ALL-UNNAMED -Dspeculo.backend=" + backend);
        out.println(">>> " + backend + " / " + suite + ": " + String.join(" ", command));
        Process process = new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile()).redirectErrorStream(true).start();
        Map<String, String> verdicts = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        String current = null;
        boolean summary = false;
        try (BufferedReader jcstress = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = jcstress.readLine()) != null; ) {
                out.println(line);
                // Count samples only in the final report, where each test appears once with its totals.
                summary |= line.contains("RUN RESULTS:");
                Matcher verdict = VERDICT.matcher(line);
                if (verdict.find()) {
                    current = verdict.group(2);
                    verdicts.put(current, verdict.group(1));
                    counts.putIfAbsent(current, new long[2]);
                    continue;
                }
                Matcher samples = SAMPLES.matcher(line);
                if (summary && current != null && samples.find()) {
                    long n = Long.parseLong(samples.group(2).replace(",", ""));
                    long[] c = counts.get(current);
                    c[0] += n;
                    if (samples.group(3).equals("Forbidden")) {
                        c[1] += n;
                    }
                }
            }
        }
        process.waitFor();
        sweep(backend, out);
        boolean ok = true;
        for (String test : expected) {
            String verdict = verdicts.getOrDefault(test, "MISSING");
            boolean asExpected = mustPass ? verdict.equals("OK") : verdict.equals("FAILED");
            ok &= asExpected;
            long[] c = counts.getOrDefault(test, new long[2]);
            report.add(String.format("%-8s %-32s %-8s %-10s %,12d %,12d%s", backend, test.substring("speculo.stress.".length()),
                    verdict, mustPass ? "OK" : "FAILED", c[0], c[1], asExpected ? "" : "   <-- unexpected"));
        }
        return ok;
    }

    /**
     * {@return the tests of a suite whose simple names {@code selected} finds, from the class
     * path's test lists}
     *
     * @throws IllegalStateException if the class path has no test list of speculo's (a build without
     *                               jcstress's annotation processor)
     */
    private static List<String> expectedTests(String suite, Pattern selected) throws IOException {
        List<String> tests = new ArrayList<>();
        Pattern entry = Pattern.compile("\\d+S(speculo\\.stress\\." + suite + "\\.([A-Za-z]+Test))\\d");
        boolean listed = false;
        for (URL list : Collections.list(StressSuite.class.getClassLoader().getResources("META-INF/TestList"))) {
            try (var in = list.openStream()) {
                Matcher m = entry.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    listed = true;
                    if (selected.matcher(m.group(2)).find() && !tests.contains(m.group(1))) {
                        tests.add(m.group(1));
                    }
                }
            }
        }
        if (!listed) {
            throw new IllegalStateException("no speculo jcstress test is listed on the class path (META-INF/TestList)");
        }
        return tests;
    }

    /** Removes stress areas a fork could not remove itself (a fork killed on timeout, say). */
    private static void sweep(String backendName, PrintStream out) {
        Backend backend = Speculo.backend(backendName);
        for (String area : backend.areas()) {
            if (area.startsWith(StressArea.PREFIX)) {
                try {
                    backend.remove(area);
                } catch (RuntimeException stillOwned) {
                    out.println("cannot remove leftover " + area + ": " + stillOwned.getMessage());
                }
            }
        }
    }
}
