package speculo.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import speculo.cli.bridge.BridgeCommand;
import speculo.cli.demo.DemoCommand;
import speculo.cli.demo.DemoReaderProcess;
import speculo.cli.demo.DemoWriterProcess;
import speculo.cli.tools.BenchCommand;
import speculo.cli.tools.CatCommand;
import speculo.cli.tools.CleanCommand;
import speculo.cli.tools.LsCommand;
import speculo.cli.tools.RmCommand;
import speculo.cli.tools.StatCommand;
import speculo.cli.tools.VerifyCommand;
import speculo.api.SpeculoException;
import speculo.api.internal.Printable;

/** The {@code speculo} command. */
@Command(name = "speculo", mixinStandardHelpOptions = true, version = "speculo 0.1.0",
        description = "Lock-free inter-process communication over shared memory.",
        subcommands = {DemoCommand.class, LsCommand.class, StatCommand.class, CatCommand.class, RmCommand.class,
                CleanCommand.class, VerifyCommand.class, BenchCommand.class, BridgeCommand.class, DemoWriterProcess.class, DemoReaderProcess.class, AutoComplete.GenerateCompletion.class,
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

    /**
     * {@return the command line, with errors reported as one line on stderr: exit code 1 for a
     * failure, 2 for a usage error} Arguments echoed in messages have their control characters
     * escaped, so that an argument cannot drive the terminal.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            String message = error instanceof SpeculoException || error instanceof IllegalArgumentException
                    || error instanceof IllegalStateException ? error.getMessage() : error.toString();
            command.getErr().println(command.getCommandName().equals("speculo") ? "speculo: " + printable(message)
                    : "speculo " + command.getCommandName() + ": " + printable(message));
            command.getErr().flush();
            return 1;
        });
        commandLine.setParameterExceptionHandler((error, args) -> {
            CommandLine command = error.getCommandLine();
            command.getErr().println(printable(error.getMessage()));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(error, command.getErr())) {
                command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    /** {@return a message with its control characters escaped, whole (a message may be longer than one quote)} */
    private static String printable(String message) {
        String text = String.valueOf(message);
        StringBuilder s = new StringBuilder(text.length());
        for (int from = 0; from < text.length(); from += Printable.MAX_LENGTH) {
            s.append(Printable.quote(text.substring(from, Math.min(text.length(), from + Printable.MAX_LENGTH))));
        }
        return s.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
