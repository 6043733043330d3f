package speculo.cli.bridge;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import speculo.api.WriterOptions;
import speculo.bridge.BridgeReceiver;
import speculo.cli.BackendOption;

/** {@code speculo bridge receive}: writes a local mirror of a sender's area. */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Writes a local mirror of the area a 'bridge send' publishes, applying its changes in order.",
                "A mirror area that exists already is taken over; what it holds that the source no longer has is removed"
                        + " at the first sync."})
public final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--as", paramLabel = "NAME", description = "The mirror area's name (default: the source area's).")
    String name;

    @Option(names = "--rebase-expiry",
            description = "Count expiry from this host's clock: a chunk with t ms left when sent gets t ms from its arrival."
                    + " By default expiry is the same absolute time on both hosts, off by their clocks' skew.")
    boolean rebaseExpiry;

    @Mixin
    ChannelOptions channels;

    @Mixin
    BackendOption backendOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BridgeReceiver receiver = BridgeReceiver.open(backendOption.backend(), name,
                channels.options().withRebasedExpiry(rebaseExpiry), WriterOptions.defaults());
        Running.untilInterrupted(spec.commandLine().getOut(),
                "speculo bridge receive on " + channels.channel + " (control " + channels.control + ")",
                () -> "speculo bridge receive '" + receiver.area().orElse("?") + "': "
                        + (receiver.isSynced() ? "in sync, " : "waiting for a sync, ") + receiver.chunksApplied()
                        + " chunks, " + receiver.removalsApplied() + " removals applied, " + receiver.syncs() + " syncs, "
                        + receiver.chunksHeld() + " chunks held",
                receiver::run, receiver);
        return 0;
    }
}
