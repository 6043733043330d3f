package speculo.core.write;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The thread that puts memory behind shared objects before writers need it: {@code speculo-backer},
 * a daemon, one per JVM, shared by all writers. It runs {@link BackingAhead} (pages past a
 * writer's tail) and {@link StandbyGeneration} (the next generation's object) in small steps, so
 * that neither holds it long. Nothing waits for it but a writer closing or collecting, for one step.
 */
final class Backer {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "speculo-backer");
        thread.setDaemon(true);
        return thread;
    });

    /** Memory put behind per step. */
    static final long STEP = 256 * 1024;

    private Backer() {
    }

    /** Runs {@code task} soon, on the backer's thread. */
    static void execute(Runnable task) {
        THREAD.execute(task);
    }
}
