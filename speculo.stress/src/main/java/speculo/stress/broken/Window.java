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
        widen(SCAN_SPINS);
    }

    /** Waits a random part of {@link #widenPastAScan}: lands before, inside or after the other side's window. */
    static void somewhereInAScan() {
        widen(java.util.concurrent.ThreadLocalRandom.current().nextInt(SCAN_SPINS));
    }

    /** Waits a random fifth of {@link #widenPastAScan} or less: mostly after the other side's first step. */
    static void aLittleLater() {
        widen(java.util.concurrent.ThreadLocalRandom.current().nextInt(SCAN_SPINS / 5));
    }

    /** Spins that outlast a scan of the presences on the 2-vCPU CI machine by some margin (~1-5 ms). */
    private static final int SCAN_SPINS = 100_000;

    static void widen(int spins) {
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
