package speculo.core.write;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Unlinks and unmaps retired generations off the writer's thread. Unmapping a large object whose
 * pages the writer has mapped takes milliseconds (its page tables are torn down and, once readers
 * let go, its pages freed), and even unlinking one took 0.1 ms on the benchmark VM: both would
 * otherwise lengthen every collection's pause. Only a closing writer waits, so that it leaves
 * nothing behind. One daemon thread per JVM ({@code speculo-unmapper}), shared by all writers; a
 * retired generation is no longer used by its writer, readers keep their own mappings, and
 * {@link BackingAhead#retireWhenUnused} makes sure its helper is done with it too.
 */
final class Unmapper {

    private static final System.Logger LOG = System.getLogger("speculo");

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "speculo-unmapper");
        thread.setDaemon(true);
        return thread;
    });

    private Unmapper() {
    }

    /** Runs {@code retirement} soon, on the unmapper's thread; {@return when it has run} */
    static Future<?> later(Runnable retirement) {
        return THREAD.submit(retirement);
    }

    /** Waits until everything queued so far has run: their memory is given back to the system. */
    static void drain() {
        await(later(() -> { }));
    }

    /**
     * Waits until {@code retirement} (and with it every one queued before) has run; nothing if it is
     * null. A failure was the retirement's own to report: it is logged here, not thrown at a
     * closing writer whose data is safe.
     */
    static void await(Future<?> retirement) {
        if (retirement == null) {
            return;
        }
        try {
            retirement.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the retirement completes on its own; the caller is told to stop
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "retiring an old generation failed", e.getCause());
        }
    }
}
