package speculo.core.events;

/**
 * Initializes speculo's event classes ahead of need. The first use of a JFR event class in a JVM
 * starts the flight recorder's machinery, about 100 ms on a small machine (measured: 95 ms on
 * 2 vCPUs), which must not fall in the middle of a writer's first collection or a reader's first
 * generation switch: readers and writers call {@link #preload()} when they open.
 */
public final class Events {

    private Events() {
    }

    /** Initializes the event classes once per JVM; later calls cost nothing. */
    public static void preload() {
        Loaded.touch();
    }

    private static final class Loaded {

        static {
            new CollectionEvent();
            new GenerationSwitchEvent();
            new TakeoverEvent();
        }

        static void touch() {
            // Class initialization above is the work.
        }
    }
}
