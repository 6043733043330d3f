package speculo.cli.bridge;

import picocli.CommandLine.Option;
import speculo.bridge.BridgeOptions;

/** The options both ends of a bridge take: the two channels, their stream ids, the media driver. */
final class ChannelOptions {

    @Option(names = "--channel", required = true, paramLabel = "URI",
            description = "The data channel, sender to receivers: aeron:udp?endpoint=RECEIVER_HOST:PORT, a multicast or"
                    + " multi-destination channel, or aeron:ipc.")
    String channel;

    @Option(names = "--control", required = true, paramLabel = "URI",
            description = "The control channel, receivers to sender (requests for a sync): aeron:udp?endpoint=SENDER_HOST:PORT.")
    String control;

    @Option(names = "--stream-id", paramLabel = "ID", description = "The data stream's id (default: ${DEFAULT-VALUE}).")
    int streamId = BridgeOptions.DEFAULT_STREAM_ID;

    @Option(names = "--control-stream-id", paramLabel = "ID", description = "The control stream's id (default: ${DEFAULT-VALUE}).")
    int controlStreamId = BridgeOptions.DEFAULT_CONTROL_STREAM_ID;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "Use the Aeron media driver running in this directory; by default one runs inside this process.")
    String aeronDirectory;

    /** {@return the bridge options these give} */
    BridgeOptions options() {
        BridgeOptions options = BridgeOptions.of(channel, control).withStreamIds(streamId, controlStreamId);
        return aeronDirectory == null ? options : options.withAeronDirectory(aeronDirectory);
    }
}
