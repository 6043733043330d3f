package speculo.core.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JDK Flight Recorder event: a reader moved to a new generation of its area. */
@Name("speculo.GenerationSwitch")
@Label("Speculo Generation Switch")
@Category({"Speculo", "Reader"})
@Description("A reader mapped the new generation of an area after a collection and released the old one.")
public final class GenerationSwitchEvent extends Event {

    @Label("Area")
    public String area;

    @Label("From Generation")
    public long fromGeneration;

    @Label("To Generation")
    public long toGeneration;

    @Label("Chunks Dropped Before Read")
    public long dropped;
}
