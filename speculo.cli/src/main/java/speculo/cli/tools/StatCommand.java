package speculo.cli.tools;

import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import speculo.cli.BackendOption;
import speculo.cli.Json;
import speculo.core.inspect.AreaInspection;

/** {@code speculo stat AREA}: every header field of the area, decoded and checked, and its record counts. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Shows everything an area's objects say, decoded and checked.",
                "Every field of the control object and the current data object, and counts of its records (live,"
                        + " replaced, removed, expired). Reads only; never writes. Without --backend, looks in every"
                        + " usable backend, as ls does."})
public final class StatCommand implements Callable<Integer> {

    @Parameters(paramLabel = "AREA", description = "The area's name.")
    String area;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ReflectiveOperationException {
        AreaInspection inspection = backendOption.backendHolding(area).inspect(area);
        PrintWriter out = spec.commandLine().getOut();
        Json object = new Json();
        for (RecordComponent component : AreaInspection.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(inspection);
            if (component.getName().equals("areaTag")) {
                value = String.format("%08x", (Integer) value);
            }
            if (json) {
                object.put(component.getName(), value instanceof java.time.Instant ? value.toString() : value);
            } else {
                out.printf("%-18s %s%n", component.getName(), value);
            }
        }
        if (json) {
            object.put("capacity", inspection.capacity()).put("used", inspection.used());
            out.println(object);
        } else {
            out.printf("%-18s %s%n", "capacity", inspection.capacity());
            out.printf("%-18s %s%n", "used", inspection.used());
        }
        out.flush();
        return 0;
    }
}
