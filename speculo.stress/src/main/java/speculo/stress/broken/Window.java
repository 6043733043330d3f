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

    static void widen(int spins) {
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }
}
