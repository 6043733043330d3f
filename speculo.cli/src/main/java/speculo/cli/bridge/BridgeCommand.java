package speculo.cli.bridge;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code speculo bridge}: mirrors an area to other hosts over Aeron. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = {"Mirrors an area to other hosts over Aeron.",
                "Over UDP unicast or multicast, or IPC between processes of one host.",
                "Run 'bridge send' where the area is and 'bridge receive' where the mirror is to be; both run until"
                        + " interrupted. See docs/BRIDGE.md."},
        subcommands = {SendCommand.class, ReceiveCommand.class})
public final class BridgeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
