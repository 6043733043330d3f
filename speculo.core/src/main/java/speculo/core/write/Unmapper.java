package speculo.core.write;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import speculo.core.area.DataObject;

/**
 * Unmaps retired generations off the writer's thread. Unmapping a large object whose pages the
 * writer has mapped takes milliseconds (its page tables are torn down and, once readers let go,
 * its pages freed), which would otherwise lengthen every collection's pause; nothing waits for
 * it. One daemon thread per JVM, shared by all writers; a retired generation is already unlinked
 * and no longer used by its writer, and readers keep their own mappings.
 */
final class Unmapper {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "speculo-unmapper");
        thread.setDaemon(true);
        return thread;
    });

    private Unmapper() {
    }

    /** Unmaps {@code retired} soon, on the unmapper's thread. */
    static void unmapLater(DataObject retired) {
        THREAD.execute(retired::close);
    }
}
