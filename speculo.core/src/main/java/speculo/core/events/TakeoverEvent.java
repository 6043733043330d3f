package speculo.core.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JDK Flight Recorder event: a writer took over an area whose previous writer died or closed. */
@Name("speculo.WriterTakeover")
@Label("Speculo Writer Takeover")
@Category({"Speculo", "Writer"})
@Description("A writer opened an existing area, recovered it from its committed records and continued it.")
public final class TakeoverEvent extends Event {

    @Label("Area")
    public String area;

    @Label("Previous Owner Pid")
    @Description("0 if the previous writer closed the area cleanly.")
    public long previousOwnerPid;

    @Label("Generation")
    public long generation;

    @Label("Records Recovered")
    public long records;

    @Label("Objects Cleaned Up")
    public long objectsRemoved;
}
