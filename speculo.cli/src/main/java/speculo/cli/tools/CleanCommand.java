package speculo.cli.tools;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.api.AreaNotFoundException;
import speculo.api.SpeculoException;
import speculo.cli.BackendOption;
import speculo.core.StoreBackend;
import speculo.core.admin.Removal;
import speculo.core.inspect.AreaInspection;

/** {@code speculo clean}: removes the areas whose writer died. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Removes the areas whose writer died.",
                "Finds the areas whose writer process died without closing them, or that were abandoned while being"
                        + " created, and what is left of areas whose control object is gone, and removes them. A dry run unless --yes is given. With --closed, also areas whose"
                        + " writer closed them cleanly. A writer in another pid namespace (a container) that cannot be"
                        + " judged from here counts as alive. What cannot be read (another user's area, a FIFO under an"
                        + " area's name) is reported and skipped; the rest is still cleaned. Exit code 1 if anything was"
                        + " skipped."})
public final class CleanCommand implements Callable<Integer> {

    @Mixin
    BackendOption backendOption;

    @Option(names = "--yes", description = "Remove them (default: only list what would be removed).")
    boolean yes;

    @Option(names = "--closed", description = "Also remove areas whose writer closed them.")
    boolean closed;

    @Spec
    CommandSpec spec;

    private int candidates;
    private int failures;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (StoreBackend backend : backendOption.backendsToList()) {
            List<String> areas;
            try {
                areas = backend.areas();
            } catch (SpeculoException | UnsupportedOperationException e) {
                skip(backend, null, e.getMessage());
                continue;
            }
            for (String area : areas) {
                clean(backend, area);
            }
            try {
                for (String orphan : backend.orphans()) {
                    remove(backend, orphan, "its control object is gone; objects of it remain");
                }
            } catch (SpeculoException | UnsupportedOperationException e) {
                skip(backend, null, e.getMessage());
            }
        }
        if (!yes && candidates > 0) {
            out.println(candidates + " area(s) would be removed; run again with --yes to remove them.");
        } else if (candidates == 0) {
            out.println("nothing to clean");
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return failures == 0 ? 0 : 1;
    }

    private void clean(StoreBackend backend, String area) {
        String reason;
        try {
            AreaInspection a = backend.inspect(area);
            if (a.abandonedAtCreation()) {
                reason = "it was abandoned while being created" + (a.ownerPid() == 0 ? "" : " by pid " + a.ownerPid());
            } else if (a.writerDead()) {
                reason = "its writer, pid " + a.ownerPid() + ", is dead";
            } else if (closed && a.state().equals("closed") && a.ownerPid() == 0) {
                reason = "its writer closed it";
            } else {
                return;
            }
        } catch (AreaNotFoundException vanished) {
            return; // removed (or not yet created) since the listing: not an error
        } catch (SpeculoException e) {
            skip(backend, area, e.getMessage());
            return;
        }
        remove(backend, area, reason);
    }

    /** Removes an area found to be cleaned, or says it would be. */
    private void remove(StoreBackend backend, String area, String reason) {
        PrintWriter out = spec.commandLine().getOut();
        candidates++;
        if (!yes) {
            out.printf("would remove %s (%s): %s%n", area, backend.name(), reason);
            return;
        }
        try {
            Removal removal = backend.removeArea(area, false);
            for (Removal.Skipped skipped : removal.skipped()) {
                skip(backend, area, "left '" + skipped.object() + "' alone: " + skipped.reason());
            }
            if (removal.existed()) {
                out.printf("removed %s (%s): %s%n", area, backend.name(), reason);
            }
        } catch (SpeculoException e) {
            skip(backend, area, e.getMessage());
        }
    }

    private void skip(StoreBackend backend, String area, String why) {
        spec.commandLine().getErr().println("speculo clean: skipping " + (area == null ? "backend " + backend.name()
                : area + " (" + backend.name() + ")") + ": " + why);
        failures++;
    }
}
