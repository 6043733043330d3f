package speculo.cli.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.stress.StressSuite;

/**
 * {@code speculo verify}: runs speculo's jcstress suite on this machine, from the CLI's own jar,
 * so that a user can check the memory ordering on their hardware and JVM without a checkout.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks speculo's memory ordering on this machine (jcstress).",
                "Runs speculo's jcstress suite from this jar: every test of the protocol must pass, and each "
                        + "deliberately broken ordering must be caught.",
                "Time, measured on 2 CPUs, per backend: sanity about 5 min; quick about 20 min (29 min for two backends "
                        + "before the three recycling tests); default and tough take hours. Progress is printed as "
                        + "jcstress runs. Exit code 0 when everything held, 1 when not."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", defaultValue = "sanity", paramLabel = "MODE",
            description = "jcstress's mode: sanity, quick, default or tough (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--backends", defaultValue = "default", paramLabel = "NAMES",
            description = "default (the backend speculo picks), all (every usable one), or names such as shm,file "
                    + "(default: ${DEFAULT-VALUE}).")
    String backends;

    @Option(names = "--tests", defaultValue = ".*", paramLabel = "REGEX",
            description = "Only the tests whose class name this finds, for example Claim (ClaimTest and BrokenClaimTest).")
    String tests;

    @Option(names = "--results", paramLabel = "DIR",
            description = "Where jcstress writes its reports (default: a new temporary directory).")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (!List.of("sanity", "quick", "default", "tough").contains(mode)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--mode must be sanity, quick, default or tough, not '" + speculo.api.internal.Printable.quote(mode) + "'");
        }
        Path directory = results != null ? Files.createDirectories(results) : Files.createTempDirectory("speculo-verify-");
        spec.commandLine().getOut().println("speculo verify: jcstress reports go to " + directory.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return StressSuite.run(mode, List.of(backends.split(",")), tests, directory, System.out);
    }
}
