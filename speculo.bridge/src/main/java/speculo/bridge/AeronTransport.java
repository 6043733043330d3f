package speculo.bridge;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;

/**
 * The Aeron client of one bridge end, with the media driver it talks to: one embedded in this
 * process, in a directory of its own (so that a sender and a receiver on one host, or two tests,
 * never share one by accident), or an external one named by {@link BridgeOptions#aeronDirectory()}.
 */
final class AeronTransport implements AutoCloseable {

    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronTransport(MediaDriver driver, Aeron aeron) {
        this.driver = driver;
        this.aeron = aeron;
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
            // One thread for the driver's conductor, sender and receiver: a bridge moves one
            // stream, and the machines it runs on are often small.
            driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(CommonContext.getAeronDirectoryName() + "-speculo-" + ProcessHandle.current().pid())
                    .threadingMode(ThreadingMode.SHARED)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            directory = driver.aeronDirectoryName();
        }
        try {
            return new AeronTransport(driver, Aeron.connect(new Aeron.Context().aeronDirectoryName(directory)));
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
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
