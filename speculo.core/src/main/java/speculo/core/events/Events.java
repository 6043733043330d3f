package speculo.core.events;

import jdk.jfr.FlightRecorder;

/**
 * When speculo's JFR events exist. The first use of a JFR event class in a JVM starts the flight
 * recorder's machinery, about 100 ms on a small machine (measured: 95 ms on 2 vCPUs), which must
 * not fall in the middle of a writer's first collection or a reader's first generation switch,
 * nor in every application's start-up when nobody records: events are made only while the
 * recorder runs ({@link #enabled()}), and readers and writers {@linkplain #preload() preload}
 * their classes when they open, if it does.
 */
public final class Events {

    private Events() {
    }

    /**
     * Initializes the event classes once per JVM, if the flight recorder is running; later calls
     * cost nothing. Initializing them starts the recorder's machinery, 150-220 ms on the benchmark
     * VM: worth it where events are recorded (at open, not at the first collection, whose pause it
     * would lengthen), a waste on every start-up where they are not.
     */
    public static void preload() {
        if (enabled()) {
            Loaded.touch();
        }
    }

    /**
     * {@return whether the flight recorder has been started in this JVM} Only then do speculo's
     * events exist: without it, their classes are never loaded. A recording started later (with
     * {@code jcmd JFR.start}) turns them on at the next collection, generation switch or takeover,
     * which then pays for their initialization once.
     */
    public static boolean enabled() {
        return FlightRecorder.isInitialized();
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
