package speculo.core.write;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Unmaps retired generations off the writer's thread. Unmapping a large object whose pages the
 * writer has mapped takes milliseconds (its page tables are torn down and, once readers let go,
 * its pages freed), which would otherwise lengthen every collection's pause; nothing waits for
 * it. One daemon thread per JVM ({@code speculo-unmapper}), shared by all writers; a retired
 * generation is already unlinked and no longer used by its writer, and readers keep their own
 * mappings. {@link BackingAhead#unmapWhenUnused} makes sure its helper is done with it too.
 */
final class Unmapper {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "speculo-unmapper");
        thread.setDaemon(true);
        return thread;
    });

    private Unmapper() {
    }

    /** Runs {@code unmapping} soon, on the unmapper's thread. */
    static void later(Runnable unmapping) {
        THREAD.execute(unmapping);
    }
}
