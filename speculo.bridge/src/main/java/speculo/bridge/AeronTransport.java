package speculo.bridge;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;

/**
 * The Aeron client of one bridge end, with the media driver it talks to: one embedded in this
 * process, in a directory of its own (so that a sender and a receiver on one host, or two tests,
 * never share one by accident), or an external one named by {@link BridgeOptions#aeronDirectory()}.
 *
 * <p>The embedded driver and the client have no threads of their own: the bridge end's thread
 * does their work in {@link #doWork()}, between its own. A chunk then goes from the area to the
 * socket, or from the socket to the mirror, without waiting for another thread to be scheduled,
 * and a bridge end is one busy thread, not three (measured on two processors: see BENCHMARKS.md,
 * "Across hosts").
 */
final class AeronTransport implements AutoCloseable {

    /** Embedded drivers started in this process: each bridge end's has a directory of its own, two ends in one JVM too. */
    private static final java.util.concurrent.atomic.AtomicInteger EMBEDDED = new java.util.concurrent.atomic.AtomicInteger();

    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverWork;
    private final AgentInvoker clientWork;

    private AeronTransport(MediaDriver driver, Aeron aeron) {
        this.driver = driver;
        this.aeron = aeron;
        this.driverWork = driver == null ? null : driver.sharedAgentInvoker();
        this.clientWork = aeron.conductorAgentInvoker();
    }

    /**
     * Starts the driver if the options ask for an embedded one, and connects to it.
     *
     * @param area the area of the bridge end, for messages
     * @throws BridgeException if Agrona may not use {@code jdk.internal.misc}, which it needs
     */
    static AeronTransport start(BridgeOptions options, String area) {
        Module agrona = org.agrona.DirectBuffer.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", agrona)) {
            throw new BridgeException(area, "Aeron's Agrona needs java.base's jdk.internal.misc: start the JVM with "
                    + "--add-exports java.base/jdk.internal.misc=" + (agrona.isNamed() ? agrona.getName() : "ALL-UNNAMED")
                    + " (the CLI's jar grants it in its manifest)");
        }
        MediaDriver driver = null;
        String directory;
        if (options.aeronDirectory().isPresent()) {
            directory = options.aeronDirectory().get();
        } else {
            // No thread for the driver: the bridge end invokes its conductor, sender and receiver.
            driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(CommonContext.getAeronDirectoryName() + "-speculo-" + ProcessHandle.current().pid()
                            + "-" + EMBEDDED.incrementAndGet())
                    .threadingMode(ThreadingMode.INVOKER)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            directory = driver.aeronDirectoryName();
        }
        try {
            Aeron.Context client = new Aeron.Context().aeronDirectoryName(directory).useConductorAgentInvoker(true);
            if (driver != null) {
                client.driverAgentInvoker(driver.sharedAgentInvoker()); // to answer the client's requests while it waits
            }
            return new AeronTransport(driver, Aeron.connect(client));
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    /**
     * Does the embedded driver's work and the client's: sends what was offered, takes in what
     * arrived, keeps the connection to the driver alive. The bridge end calls it every round; a
     * round that does not for the driver's client timeout (10 s by default) loses its connection.
     *
     * @return how much was done
     */
    int doWork() {
        return (driverWork == null ? 0 : driverWork.invoke()) + clientWork.invoke();
    }

    /** {@return the client} */
    Aeron aeron() {
        return aeron;
    }

    @Override
    public void close() {
        CloseHelper.closeAll(aeron, driver);
    }
}
