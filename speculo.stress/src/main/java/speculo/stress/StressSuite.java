package speculo.stress;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * [--mode sanity|quick|default|tough] [--backends all|default|shm,file]}: {@code all} (what no
 * {@code --backends} means) is every usable backend, {@code default} the one {@link Speculo#backend()}
 * picks. jcstress's HTML reports go to {@code stress-results/<backend>-<suite>/}. Exits with 0 when
 * both hold on every backend run.
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
        List<String> backends = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--backends" -> backends.addAll(List.of(args[++i].split(",")));
                default -> {
                    System.err.println("usage: StressSuite [--mode sanity|quick|default|tough] [--backends all|default|shm,file]");
                    System.exit(2);
                }
            }
        }
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
        String jar = new File(StressSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> report = new ArrayList<>();
        boolean ok = true;
        for (String backend : backends) {
            ok &= run(jar, mode, backend, "protocol", true, report);
            ok &= run(jar, mode, backend, "broken", false, report);
        }
        System.out.println();
        System.out.println("speculo jcstress suite, mode " + mode + ", on " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version());
        System.out.println(String.format("%-8s %-32s %-8s %-10s %12s %12s", "backend", "test", "verdict", "expected",
                "samples", "forbidden"));
        report.forEach(System.out::println);
        System.out.println(ok ? "PASSED: every protocol test passed and every negative control was caught."
                : "FAILED: see the lines above.");
        System.exit(ok ? 0 : 1);
    }

    /** Runs one suite on one backend; {@return whether every test ended as expected} */
    private static boolean run(String jar, String mode, String backend, String suite, boolean mustPass, List<String> report)
            throws IOException, InterruptedException {
        Path results = Path.of("stress-results", backend + "-" + suite);
        Files.createDirectories(results);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar, "-m", mode, "-t", "speculo\\.stress\\." + suite + "\\..*",
                "-v", "-r", results.toString(), "-jvmArgsPrepend",
                "--enable-native-access=ALL-UNNAMED -Dspeculo.backend=" + backend);
        System.out.println(">>> " + backend + " / " + suite + ": " + String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> verdicts = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        String current = null;
        boolean summary = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
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
        sweep(backend);
        List<String> expected = expectedTests(jar, suite);
        boolean ok = !expected.isEmpty();
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

    /** {@return the tests of a suite, from the jar's test list} */
    private static List<String> expectedTests(String jar, String suite) throws IOException {
        List<String> tests = new ArrayList<>();
        try (var zip = new java.util.zip.ZipFile(jar)) {
            String list = new String(zip.getInputStream(zip.getEntry("META-INF/TestList")).readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\\d+S(speculo\\.stress\\." + suite + "\\.[A-Za-z]+Test)\\d").matcher(list);
            while (m.find()) {
                if (!tests.contains(m.group(1))) {
                    tests.add(m.group(1));
                }
            }
        }
        return tests;
    }

    /** Removes stress areas a fork could not remove itself (a fork killed on timeout, say). */
    private static void sweep(String backendName) {
        Backend backend = Speculo.backend(backendName);
        for (String area : backend.areas()) {
            if (area.startsWith(StressArea.PREFIX)) {
                try {
                    backend.remove(area);
                } catch (RuntimeException stillOwned) {
                    System.out.println("cannot remove leftover " + area + ": " + stillOwned.getMessage());
                }
            }
        }
    }
}
