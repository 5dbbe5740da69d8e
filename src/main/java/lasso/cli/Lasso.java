package lasso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lasso} command line: one subcommand per job a user runs. */
@Command(name = "lasso",
        mixinStandardHelpOptions = true,
        versionProvider = Lasso.Version.class,
        description = "Programming by example: synthesize, execute and debug programs from input-output examples.",
        subcommands = {
                ExecCommand.class,
                CheckCommand.class,
                GenerateCommand.class,
                PerfCommand.class,
                DemoCommand.class,
                LaSynthConvertCommand.class,
                CrossCheckCommand.class,
                DatasetCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                DebuggerEvalCommand.class,
                ProbeExecutorCommand.class,
                RetrainCommand.class,
                ServeCommand.class,
                WorkerCommand.class,
                SolveCommand.class,
                JobsCommand.class,
                BenchCommand.class,
                BenchmarkCommand.class,
                LoadtestCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Lasso implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        useJvmDefaults();
        System.exit(run(args));
    }

    /**
     * DJL must never download anything (the natives come from a Maven jar), and one intra-op and one
     * inter-op thread per model is several times faster than the defaults on small machines. A
     * -D flag given by the user wins.
     */
    private static void useJvmDefaults() {
        System.getProperties().putIfAbsent("ai.djl.offline", "true");
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_threads", "1");
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Lasso());
        commandLine.setExecutionExceptionHandler(Lasso::reportFailure);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * A command that fails prints one line naming the problem, not a stack trace (set
     * LASSO_DEBUG=1 to see it).
     */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        if (System.getenv("LASSO_DEBUG") != null) {
            failure.printStackTrace();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        commandLine.getErr().println("error: " + message);
        return 2;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lasso.class.getPackage().getImplementationVersion();
            return new String[] {"lasso " + (version == null ? "(development build)" : version)};
        }
    }
}
