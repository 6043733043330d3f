package speculo.bridge;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import speculo.api.IdleStrategy;

/** The loop both ends of a bridge run: work, and idle as the strategy says when there was none. */
final class DutyCycle {

    private DutyCycle() {
    }

    /**
     * Runs {@code doWork} until {@code running} says stop.
     *
     * @param doWork one round of work; {@return how much was done, 0 for nothing}
     * @param idle   how to wait after a round with nothing done
     */
    static void run(IntSupplier doWork, BooleanSupplier running, IdleStrategy idle) {
        while (running.getAsBoolean()) {
            if (doWork.getAsInt() > 0) {
                idle.reset();
            } else {
                idle.idle(Long.MAX_VALUE);
            }
        }
    }
}
