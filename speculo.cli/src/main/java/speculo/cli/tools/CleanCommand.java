package speculo.cli.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.api.AreaBusyException;
import speculo.api.AreaNotFoundException;
import speculo.api.SpeculoException;
import speculo.cli.BackendOption;
import speculo.core.StoreBackend;
import speculo.core.inspect.AreaInspection;

/** {@code speculo clean}: removes the areas whose writer died. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Finds the areas whose writer process died without closing them, and removes them.",
                "A dry run unless --yes is given. With --closed, also areas whose writer closed them cleanly."})
public final class CleanCommand implements Callable<Integer> {

    @Mixin
    BackendOption backendOption;

    @Option(names = "--yes", description = "Remove them (default: only list what would be removed).")
    boolean yes;

    @Option(names = "--closed", description = "Also remove areas whose writer closed them.")
    boolean closed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int candidates = 0;
        int failures = 0;
        for (StoreBackend backend : backendOption.backendsToList()) {
            for (String area : backend.areas()) {
                String reason;
                try {
                    AreaInspection a = backend.inspect(area);
                    if (a.writerDead()) {
                        reason = "its writer, pid " + a.ownerPid() + ", is dead";
                    } else if (closed && a.state().equals("closed") && a.ownerPid() == 0) {
                        reason = "its writer closed it";
                    } else {
                        continue;
                    }
                } catch (AreaNotFoundException vanished) {
                    continue; // removed (or not yet created) since the listing: not an error
                } catch (SpeculoException e) {
                    err.println("speculo clean: skipping " + area + ": " + e.getMessage() + " (remove it with speculo rm)");
                    failures++;
                    continue;
                }
                candidates++;
                if (!yes) {
                    out.printf("would remove %s (%s): %s%n", area, backend.name(), reason);
                    continue;
                }
                try {
                    backend.remove(area);
                    out.printf("removed %s (%s): %s%n", area, backend.name(), reason);
                } catch (AreaBusyException e) {
                    err.println("speculo clean: " + e.getMessage());
                    failures++;
                }
            }
        }
        if (!yes && candidates > 0) {
            out.println(candidates + " area(s) would be removed; run again with --yes to remove them.");
        } else if (candidates == 0) {
            out.println("nothing to clean");
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
