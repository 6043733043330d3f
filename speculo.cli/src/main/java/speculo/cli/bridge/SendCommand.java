package speculo.cli.bridge;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import speculo.bridge.BridgeSender;
import speculo.cli.BackendOption;

/** {@code speculo bridge send AREA}: publishes every change of a local area. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Reads a local area and publishes every change (chunks, replacements, removals) on the data channel.",
                "Each receiver that connects, or asks, gets the whole live set first."})
public final class SendCommand implements Callable<Integer> {

    @Parameters(paramLabel = "AREA", description = "The area to send.")
    String area;

    @Mixin
    ChannelOptions channels;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BridgeSender sender = BridgeSender.open(backendOption.backendHolding(area), area, channels.options());
        Running.untilInterrupted(spec.commandLine().getOut(),
                "speculo bridge send '" + area + "' on " + channels.channel + " (control " + channels.control + ")",
                () -> "speculo bridge send '" + area + "': " + sender.chunksSent() + " chunks, " + sender.removalsSent()
                        + " removals sent, " + sender.syncs() + " syncs",
                sender::run, sender);
        return 0;
    }
}
