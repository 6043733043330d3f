package speculo.cli.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.api.SpeculoException;
import speculo.cli.BackendOption;
import speculo.core.StoreBackend;
import speculo.core.admin.Removal;

/** {@code speculo rm AREA...}: removes areas, and nothing that is not an area's. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Removes areas, and nothing that is not speculo's.",
                "Only objects that carry speculo's magic are removed; anything else under an area's name (a FIFO,"
                        + " someone's file) is left alone and reported. Refused while a writer owns the area: alive, or"
                        + " in another pid namespace (a container) where its liveness cannot be judged. Readers that"
                        + " have it mapped keep reading what they have; new readers no longer find it. Exit code 1 if"
                        + " an area did not exist, was refused, or a name was left alone."})
public final class RmCommand implements Callable<Integer> {

    @Parameters(paramLabel = "AREA", arity = "1..*", description = "The areas to remove.")
    String[] areas;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--force", description = {"Remove even an area whose writer is alive or cannot be judged, or whose",
            "format is another version. The writer, if alive, goes on writing into objects nobody can open."
                    + " Never removes anything that is not speculo's."})
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StoreBackend backend = backendOption.backend();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        for (String area : areas) {
            try {
                Removal removal = backend.removeArea(area, force);
                for (Removal.Skipped skipped : removal.skipped()) {
                    err.println("speculo rm: left '" + skipped.object() + "' alone: " + skipped.reason());
                    failures++;
                }
                if (removal.existed()) {
                    out.println("removed " + area);
                } else if (removal.skipped().isEmpty()) {
                    err.println("speculo rm: no area '" + area + "' in " + backend.location());
                    failures++;
                }
            } catch (SpeculoException | IllegalArgumentException e) {
                err.println("speculo rm: " + e.getMessage());
                failures++;
            }
        }
        out.flush();
        err.flush();
        return failures == 0 ? 0 : 1;
    }
}
