package speculo.cli.bridge;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one end of a bridge until the process is interrupted (Ctrl-C, SIGTERM), then lets it close
 * itself, so that its embedded media driver deletes its directory; and reports how it is doing
 * every few seconds while anything changes.
 */
final class Running implements BooleanSupplier {

    private static final long REPORT_NANOS = 5_000_000_000L;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrintWriter out;
    private final Supplier<String> status;
    private volatile boolean running = true;
    private long lastReport = System.nanoTime();
    private String lastStatus = "";

    /**
     * Prints {@code banner}, runs {@code loop} until the process is interrupted, closes {@code end}
     * and prints where it stands once more.
     *
     * @param status where the end stands, one line
     * @param loop   runs the end while the supplier it gets says so
     */
    static void untilInterrupted(PrintWriter out, String banner, Supplier<String> status,
                                 java.util.function.Consumer<BooleanSupplier> loop, AutoCloseable end) throws Exception {
        Running running = new Running(out, status);
        out.println(banner);
        out.flush();
        try {
            loop.accept(running);
        } finally {
            end.close();
            running.closed();
        }
    }

    private Running(PrintWriter out, Supplier<String> status) {
        this.out = out;
        this.status = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Override
    public boolean getAsBoolean() {
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_NANOS) {
            lastReport = now;
            String current = status.get();
            if (!current.equals(lastStatus)) {
                lastStatus = current;
                out.println(current);
                out.flush();
            }
        }
        return running;
    }

    /** The end has closed: the shutdown may go on. */
    private void closed() {
        out.println(status.get());
        out.flush();
        stopped.countDown();
    }
}
