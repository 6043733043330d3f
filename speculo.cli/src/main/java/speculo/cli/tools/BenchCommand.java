package speculo.cli.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code speculo bench}: says how to run the benchmark harness, which is a jar of its own. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Shows how to run the benchmarks (JMH and the cross-process harness).",
                "Both are in the module speculo.bench."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("""
                The benchmarks live in module speculo.bench (see BENCHMARKS.md). From the repository root:

                  ./mvnw -pl speculo.bench -am package -DskipTests
                  java --enable-native-access=ALL-UNNAMED -jar speculo.bench/target/benchmarks.jar -prof gc
                  java --enable-native-access=ALL-UNNAMED -cp speculo.bench/target/benchmarks.jar \\
                      speculo.bench.ipc.CrossProcess --quick""");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
