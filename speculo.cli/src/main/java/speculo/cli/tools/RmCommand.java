package speculo.cli.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.cli.BackendOption;
import speculo.core.StoreBackend;

/** {@code speculo rm AREA...}: removes areas. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Removes areas. Refused while a live writer owns one. Readers that have it mapped keep",
                "reading what they have; new readers no longer find it. Exit code 1 if an area did not exist or was busy."})
public final class RmCommand implements Callable<Integer> {

    @Parameters(paramLabel = "AREA", arity = "1..*", description = "The areas to remove.")
    String[] areas;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StoreBackend backend = backendOption.backend();
        int failures = 0;
        for (String area : areas) {
            if (backend.remove(area)) {
                spec.commandLine().getOut().println("removed " + area);
            } else {
                spec.commandLine().getErr().println("speculo rm: no area '" + area + "' in " + backend.location());
                failures++;
            }
        }
        spec.commandLine().getOut().flush();
        return failures == 0 ? 0 : 1;
    }
}
