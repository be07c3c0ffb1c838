package io.footfall.cli;

import io.footfall.models.cli.ModelsCommand;
import io.footfall.runtime.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.errors.AuthenticationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code footfall} command: one entry point for every Footfall service and tool. */
@Command(name = "footfall",
        mixinStandardHelpOptions = true,
        versionProvider = Footfall.Version.class,
        description = {"Streaming face recognition and footfall analytics on Apache Kafka.", ""},
        footer = {"",
                "Configuration: defaults < --config FILE < FOOTFALL_* environment < --set KEY=VALUE. Run 'footfall "
                        + "config' for every setting, its default and its environment variable."},
        subcommands = {
                DemoCommand.class,
                RunCommand.class,
                IngestCommand.class,
                DetectCommand.class,
                EmbedCommand.class,
                MatchCommand.class,
                EnrollCommand.class,
                ModelsCommand.class,
                EvalCommand.class,
                VerifyCommand.class,
                RecognizeCommand.class,
                AnalyzeCommand.class,
                BenchCommand.class,
                TopicsCommand.class,
                EventsCommand.class,
                GroupsCommand.class,
                BrokerCommand.class,
                RegistryCommand.class,
                ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class Footfall implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = ConsoleLogging.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Log Footfall's progress (INFO) on stderr; services do by default, other commands show only warnings")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad usage or configuration. */
    public static int run(String... args) {
        // UTF-8 whatever the locale: names in events and JSON lines must not turn into '?' under LANG=C
        return run(utf8(System.out), utf8(System.err), args);
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Footfall());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(parsed -> {
            ConsoleLogging.configure(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((error, commandLine, parsed) -> {
            Throwable root = error;
            if (root instanceof ConfigException) {
                commandLine.getErr().println("footfall: " + root.getMessage());
                return 2;
            }
            AuthenticationException refused = causeOf(root, AuthenticationException.class);
            if (refused != null) {
                commandLine.getErr().println("footfall " + commandLine.getCommandName() + ": the Kafka cluster refused this client ("
                        + describe(refused) + "); check kafka.client.security.protocol, kafka.client.sasl.mechanism and "
                        + "kafka.client.sasl.jaas.config (docs/CONFIGURATION.md, \"Kafka security\")");
                return 2;
            }
            if (root instanceof IllegalArgumentException) {
                // bad input from the user (a cameras file, an argument): say what, no stack trace
                commandLine.getErr().println("footfall " + commandLine.getCommandName() + ": " + describe(root));
                return 2;
            }
            commandLine.getErr().println("footfall " + commandLine.getCommandName() + ": " + describe(root));
            if (System.getenv("FOOTFALL_DEBUG") != null) {
                root.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set FOOTFALL_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version the build stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Footfall.class.getResourceAsStream("/footfall-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"footfall " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
