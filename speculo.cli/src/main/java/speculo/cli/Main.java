package speculo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import speculo.cli.demo.DemoCommand;
import speculo.cli.demo.DemoReaderProcess;
import speculo.cli.demo.DemoWriterProcess;

/** The {@code speculo} command. */
@Command(name = "speculo", mixinStandardHelpOptions = true, version = "speculo 0.1.0",
        description = "Lock-free inter-process communication over shared memory.",
        subcommands = {DemoCommand.class, DemoWriterProcess.class, DemoReaderProcess.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
