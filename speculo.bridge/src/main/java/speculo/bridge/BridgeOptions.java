package speculo.bridge;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import speculo.api.IdleStrategy;

/**
 * How a {@link BridgeSender} and its {@link BridgeReceiver}s reach each other. Immutable; each
 * {@code with...} method returns a changed copy.
 *
 * <p>Two Aeron channels: the <em>data channel</em> carries the changes from the sender to the
 * receivers (unicast {@code aeron:udp?endpoint=RECEIVER_HOST:PORT}, multicast, multi-destination or
 * {@code aeron:ipc}); the <em>control channel</em> carries a receiver's requests for a new sync back
 * to the sender ({@code aeron:udp?endpoint=SENDER_HOST:PORT}). Both sides name both channels the
 * same way, except multi-destination-cast, where the sender names its control endpoint and each
 * receiver its own endpoint as well (docs/BRIDGE.md has a table).
 */
public final class BridgeOptions {

    /** The data channel's stream id unless told otherwise. */
    public static final int DEFAULT_STREAM_ID = 0x5350_0001;
    /** The control channel's stream id unless told otherwise. */
    public static final int DEFAULT_CONTROL_STREAM_ID = 0x5350_0002;

    private final String channel;
    private final int streamId;
    private final String controlChannel;
    private final int controlStreamId;
    private final String aeronDirectory;
    private final boolean rebasedExpiry;
    private final Supplier<? extends IdleStrategy> idleStrategy;

    private BridgeOptions(String channel, int streamId, String controlChannel, int controlStreamId, String aeronDirectory,
                          boolean rebasedExpiry, Supplier<? extends IdleStrategy> idleStrategy) {
        this.channel = requireChannel(channel, "channel");
        this.streamId = streamId;
        this.controlChannel = requireChannel(controlChannel, "controlChannel");
        this.controlStreamId = controlStreamId;
        this.aeronDirectory = aeronDirectory;
        this.rebasedExpiry = rebasedExpiry;
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
    }

    /**
     * {@return options for these two channels, with the default stream ids, an embedded media
     * driver, expiry taken as the source's absolute time and the {@linkplain IdleStrategy#backoff()
     * backoff} idle strategy}
     *
     * @param channel        the data channel, for example {@code aeron:udp?endpoint=mirror-host:40123}
     * @param controlChannel the control channel, for example {@code aeron:udp?endpoint=source-host:40124}
     * @throws IllegalArgumentException if a channel is not an Aeron channel URI
     */
    public static BridgeOptions of(String channel, String controlChannel) {
        return new BridgeOptions(channel, DEFAULT_STREAM_ID, controlChannel, DEFAULT_CONTROL_STREAM_ID, null, false,
                IdleStrategy::backoff);
    }

    /**
     * Sets the stream ids, which let several bridges share one channel.
     *
     * @param streamId        the data stream's id
     * @param controlStreamId the control stream's id
     * @return a copy with these ids
     */
    public BridgeOptions withStreamIds(int streamId, int controlStreamId) {
        return new BridgeOptions(channel, streamId, controlChannel, controlStreamId, aeronDirectory, rebasedExpiry, idleStrategy);
    }

    /**
     * Uses the media driver that runs in {@code directory} (started on its own, as Aeron's
     * {@code MediaDriver} or the C driver) instead of starting one in this process.
     *
     * @param directory the driver's Aeron directory, for example {@code /dev/shm/aeron-alice}
     * @return a copy that connects to that driver
     */
    public BridgeOptions withAeronDirectory(String directory) {
        Objects.requireNonNull(directory, "directory");
        if (directory.isBlank()) {
            throw new IllegalArgumentException("directory must not be blank");
        }
        return new BridgeOptions(channel, streamId, controlChannel, controlStreamId, directory, rebasedExpiry, idleStrategy);
    }

    /**
     * Has a receiver re-base expiry on its own clock: a chunk that had {@code t} ms left when the
     * sender sent it gets {@code t} ms from when the receiver writes it, whatever the two clocks
     * say. Without it (the default), expiry is the same absolute time on both sides, which is exact
     * when the hosts' clocks agree and off by their skew when they do not. Time in flight is not
     * counted either way.
     *
     * @param rebased whether to re-base
     * @return a copy with this choice
     */
    public BridgeOptions withRebasedExpiry(boolean rebased) {
        return new BridgeOptions(channel, streamId, controlChannel, controlStreamId, aeronDirectory, rebased, idleStrategy);
    }

    /**
     * Sets how {@code run} waits when there is nothing to do: the default backs off from spinning
     * to parking, which costs a parked end up to a millisecond to wake; {@link IdleStrategy#yielding()}
     * or {@link IdleStrategy#busySpin()} answer faster for a processor's worth of CPU.
     *
     * @param factory makes the strategy of each end, for example {@code IdleStrategy::yielding}
     * @return a copy with this idle strategy
     */
    public BridgeOptions withIdleStrategy(Supplier<? extends IdleStrategy> factory) {
        return new BridgeOptions(channel, streamId, controlChannel, controlStreamId, aeronDirectory, rebasedExpiry, factory);
    }

    /**
     * {@return a new idle strategy for one end}
     *
     * @throws NullPointerException if the factory returned null
     */
    public IdleStrategy newIdleStrategy() {
        return Objects.requireNonNull(idleStrategy.get(), "the idle strategy factory returned null");
    }

    /** {@return the data channel} */
    public String channel() {
        return channel;
    }

    /** {@return the data stream's id} */
    public int streamId() {
        return streamId;
    }

    /** {@return the control channel} */
    public String controlChannel() {
        return controlChannel;
    }

    /** {@return the control stream's id} */
    public int controlStreamId() {
        return controlStreamId;
    }

    /** {@return the directory of an external media driver; empty to embed one} */
    public Optional<String> aeronDirectory() {
        return Optional.ofNullable(aeronDirectory);
    }

    /** {@return whether a receiver re-bases expiry on its own clock} */
    public boolean rebasedExpiry() {
        return rebasedExpiry;
    }

    private static String requireChannel(String channel, String what) {
        Objects.requireNonNull(channel, what);
        if (!channel.startsWith("aeron:")) {
            throw new IllegalArgumentException(what + " is not an Aeron channel URI (aeron:udp?... or aeron:ipc): " + channel);
        }
        return channel;
    }
}
