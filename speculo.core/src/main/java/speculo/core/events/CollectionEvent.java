package speculo.core.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JDK Flight Recorder event: the writer ran a garbage collection (its duration is the event's). */
@Name("speculo.Collection")
@Label("Speculo Collection")
@Category({"Speculo", "Writer"})
@Description("A writer copied the live chunks of an area into a new generation and switched readers to it.")
public final class CollectionEvent extends Event {

    @Label("Area")
    public String area;

    @Label("New Generation")
    public long generation;

    @Label("Live Chunks")
    public long liveChunks;

    @Label("Bytes Copied")
    @DataAmount
    public long bytesCopied;

    @Label("Expired Bytes Skipped")
    @Description("Expired records at the start of the old generation that the collection did not read.")
    @DataAmount
    public long expiredBytesSkipped;

    @Label("Bytes Copied Unread")
    @Description("Live records at the tail of the old generation, part of the bytes copied, that the collection copied "
            + "without reading their headers: the writer's own log of its plain stream vouched for them.")
    @DataAmount
    public long bytesCopiedUnread;

    @Label("New Capacity")
    @DataAmount
    public long capacity;

    @Label("Object")
    @Description("Where the new generation's object came from: recycled (an object of an earlier generation, taken in the"
            + " collection or ahead of it), standby (a new one prepared ahead) or new (created in the collection).")
    public String objectSource;

    @Label("Object Time")
    @Description("The part of the pause spent getting the new generation's object (taking, reusing or creating it, "
            + "with a scan of the readers' presences for a recycled one, and backing what is copied).")
    @Timespan(Timespan.NANOSECONDS)
    public long objectNanos;
}
