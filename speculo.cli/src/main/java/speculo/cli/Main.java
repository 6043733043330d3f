package speculo.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import speculo.cli.demo.DemoCommand;
import speculo.cli.demo.DemoReaderProcess;
import speculo.cli.demo.DemoWriterProcess;
import speculo.cli.tools.BenchCommand;
import speculo.cli.tools.CatCommand;
import speculo.cli.tools.CleanCommand;
import speculo.cli.tools.LsCommand;
import speculo.cli.tools.RmCommand;
import speculo.cli.tools.StatCommand;
import speculo.api.SpeculoException;

/** The {@code speculo} command. */
@Command(name = "speculo", mixinStandardHelpOptions = true, version = "speculo 0.1.0",
        description = "Lock-free inter-process communication over shared memory.",
        subcommands = {DemoCommand.class, LsCommand.class, StatCommand.class, CatCommand.class, RmCommand.class,
                CleanCommand.class, BenchCommand.class, DemoWriterProcess.class, DemoReaderProcess.class, AutoComplete.GenerateCompletion.class,
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
        System.exit(commandLine().execute(args));
    }

    /** {@return the command line, with errors reported as one line on stderr and exit code 1} */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            String message = error instanceof SpeculoException || error instanceof IllegalArgumentException
                    || error instanceof IllegalStateException ? error.getMessage() : error.toString();
            command.getErr().println(command.getCommandName().equals("speculo") ? "speculo: " + message
                    : "speculo " + command.getCommandName() + ": " + message);
            command.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
