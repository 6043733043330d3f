package speculo.stress.broken;

/**
 * Widens the window a negative control's bug leaves open, so jcstress catches it within the short
 * CI run rather than only in long ones. Real tests never call it.
 */
final class Window {

    private Window() {
    }

    static void widen() {
        widen(200);
    }

    /**
     * Widens a window past the writer's read of the reader presences, which lists the store and
     * reads each presence with system calls: tens of microseconds where a spin is tens of
     * nanoseconds.
     */
    static void widenPastAScan() {
        widen(20_000);
    }

    /** Waits a random part of {@link #widenPastAScan}: a reader that lands before, inside or after the writer's window. */
    static void somewhereInAScan() {
        widen(java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000));
    }

    static void widen(int spins) {
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
