package io.github.slotwise.cli;

import io.github.slotwise.simulation.format.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code slotwise} command. {@link #main} exits with the code {@link #run} returns:
 *
 * <ul>
 *   <li>{@value #EXIT_OK}: a plan was made (or help or version was printed);
 *   <li>{@value #EXIT_NO_PLAN}: the input is valid but not enough slots are offered;
 *   <li>{@value #EXIT_BAD_INPUT}: bad input or usage, reported in one line on standard error;
 *   <li>{@value #EXIT_INTERNAL_ERROR}: a bug in Slotwise, or the JVM running out of memory or stack,
 *       reported in one line on standard error.
 * </ul>
 *
 * <p>Every throwable ends as one line on standard error, never a stack trace, unless {@code
 * --debug} is given (then the stack trace follows the line).
 */
@Command(
        name = "slotwise",
        mixinStandardHelpOptions = true,
        versionProvider = SlotwiseCli.Version.class,
        subcommands = {
            PlanCommand.class,
            SimulateCommand.class,
            CompareCommand.class,
            SweepCommand.class,
            KeyGroupsCommand.class,
            ImportCommand.class,
            ReplayCommand.class,
            SteerCommand.class
        },
        description = {
            "Plans the parallelism and slot assignment of a streaming job the way Apache Flink's"
                    + " Adaptive Scheduler does, deterministically.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 done, 1 valid input but no plan (plan), 2 bad input or usage, 3 internal error.",
            "Run 'slotwise plan' to see the built-in example, 'slotwise simulate' to see a built-in scenario"
                    + " through Flink 2.x's rescale policy."
        })
public final class SlotwiseCli {
    /** A plan was made, or help or version was printed. */
    public static final int EXIT_OK = 0;

    /** Valid input, but not even the lower bounds fit into the slots offered. */
    public static final int EXIT_NO_PLAN = 1;

    /** Bad input or usage: one line on standard error. */
    public static final int EXIT_BAD_INPUT = 2;

    /** A bug in Slotwise: one line on standard error. */
    public static final int EXIT_INTERNAL_ERROR = 3;

    private static final String PREFIX = "slotwise: ";

    /** Prints the stack trace of an error after its one line; for reporting bugs. */
    @CommandLine.Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print its stack trace (for bug reports).")
    boolean debug;

    /** Whether progress may go to standard error without {@code --progress}: it is a terminal. */
    private final boolean stderrIsTerminal;

    private SlotwiseCli(boolean stderrIsTerminal) {
        this.stderrIsTerminal = stderrIsTerminal;
    }

    /** Whether the error stream is this process' standard error, and that is a terminal. */
    boolean stderrIsTerminal() {
        return stderrIsTerminal;
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line, writing the report to {@code out} and errors to {@code err} (both in
     * UTF-8), and returns the exit code; never exits the JVM.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        boolean terminal = err == System.err && Progress.stderrIsTerminal();
        CommandLine cli = new CommandLine(new SlotwiseCli(terminal))
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler(SlotwiseCli::usageError)
                .setExecutionExceptionHandler(SlotwiseCli::executionError);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        try {
            return cli.execute(args);
        } catch (Throwable t) { // an Error picocli does not catch: out of memory, stack overflow
            errWriter.println(PREFIX + internalError(t));
            if (debug) {
                t.printStackTrace(errWriter);
            }
            return EXIT_INTERNAL_ERROR;
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** One line for a throwable that is no bad input: what happened, in words. */
    static String internalError(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "internal error: out of memory (" + InputException.oneLine(t.getMessage())
                    + "); the input is larger than this JVM's heap allows (java -Xmx raises it)";
        }
        if (t instanceof StackOverflowError) {
            return "internal error: stack overflow (the input nests too deeply for this JVM's stack)";
        }
        if (t instanceof java.util.concurrent.CancellationException) {
            return "interrupted: " + InputException.oneLine(t.getMessage());
        }
        return "internal error: " + InputException.oneLine(String.valueOf(t));
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr()
                .println(PREFIX + InputException.oneLine(e.getMessage()) + " (see '"
                        + cmd.getCommandSpec().qualifiedName() + " --help')");
        return EXIT_BAD_INPUT;
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean debug = parsed.hasMatchedOption("--debug")
                || parsed.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--debug"));
        if (e instanceof InputException) {
            cmd.getErr().println(PREFIX + e.getMessage());
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            return EXIT_BAD_INPUT;
        }
        cmd.getErr().println(PREFIX + internalError(e));
        if (debug) {
            e.printStackTrace(cmd.getErr());
        }
        return EXIT_INTERNAL_ERROR;
    }

    /** Reads the version Maven wrote into {@code slotwise-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = SlotwiseCli.class.getResourceAsStream("/slotwise-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"slotwise " + p.getProperty("version", "(unknown version)")};
        }
    }
}
