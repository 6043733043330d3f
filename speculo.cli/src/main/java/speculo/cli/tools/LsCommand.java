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
import speculo.cli.Json;
import speculo.core.StoreBackend;
import speculo.core.inspect.AreaInspection;

/** {@code speculo ls}: the areas of one or every backend, with their state. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = {"Lists areas with their state and their writer.",
        "For each area: generation, capacity, use, live chunks, state, and its writer's pid: alive, dead, or unknown (in"
                + " another pid namespace, a container, where its pid means nothing). What cannot be read (corrupt,"
                + " truncated, another user's, a FIFO under an area's name) is reported and the rest listed; exit code"
                + " 1 then."})
public final class LsCommand implements Callable<Integer> {

    @Mixin
    BackendOption backendOption;

    @Option(names = "--json", description = "One JSON object per area, one per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        List<StoreBackend> backends = backendOption.backendsToList(); // an unknown --backend fails before any output
        if (!json) {
            out.printf("%-32s %-7s %5s %12s %12s %8s %-8s %s%n", "AREA", "BACKEND", "GEN", "CAPACITY", "USED", "LIVE",
                    "STATE", "WRITER");
        }
        for (StoreBackend backend : backends) {
            List<String> areas;
            try {
                areas = backend.areas();
            } catch (SpeculoException | UnsupportedOperationException e) {
                failures++;
                err.println("speculo ls: backend " + backend.name() + ": " + e.getMessage());
                continue;
            }
            for (String area : areas) {
                try {
                    AreaInspection a = backend.inspect(area);
                    String writer = a.ownerPid() == 0 ? "-" : a.ownerPid() + " (" + a.ownerLiveness() + ")";
                    if (json) {
                        out.println(new Json().put("area", area).put("backend", backend.name())
                                .put("generation", a.currentGeneration()).put("capacity", a.capacity()).put("used", a.used())
                                .put("liveChunks", a.liveChunks()).put("state", a.state())
                                .put("writerPid", a.ownerPid() == 0 ? null : a.ownerPid())
                                .put("writerAlive", a.writerHoldsIt()).put("writerLiveness", a.ownerLiveness().toString()));
                    } else {
                        out.printf("%-32s %-7s %5d %12d %12d %8d %-8s %s%n", area, backend.name(), a.currentGeneration(),
                                a.capacity(), a.used(), a.liveChunks(), a.state(), writer);
                    }
                } catch (AreaNotFoundException vanished) {
                    continue; // removed (or not yet created) since the listing: not an error
                } catch (SpeculoException e) {
                    failures++;
                    err.println("speculo ls: " + e.getMessage());
                }
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
