package io.footfall.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * How much a command logs on stderr. The long-running services ({@code ingest}, {@code detect} without images,
 * {@code embed}, {@code match}, {@code run}) log Footfall's INFO lines, which operators read in their containers'
 * logs; every other command (the demo, the photo and evaluation tools, benchmarks) shows its own output on stdout
 * and only Footfall's warnings and errors on stderr, unless {@code --verbose}. Libraries log WARN and above
 * (logback.xml). {@code FOOTFALL_LOG_LEVEL} set in the environment wins over both.
 */
final class ConsoleLogging {

    static final String VERBOSE = "--verbose";
    private static final Set<String> SERVICES = Set.of("ingest", "detect", "embed", "match", "run");

    private ConsoleLogging() {}

    /** Sets the level of Footfall's loggers for the command the user asked for. */
    static void configure(ParseResult parsed) {
        if (System.getenv("FOOTFALL_LOG_LEVEL") != null) {
            return;
        }
        setFootfallLevel(levelFor(parsed));
    }

    static Level levelFor(ParseResult parsed) {
        boolean verbose = false;
        ParseResult leaf = parsed;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption(VERBOSE);
            leaf = p;
        }
        if (verbose) {
            return Level.INFO;
        }
        String command = leaf.commandSpec().name();
        boolean service = SERVICES.contains(command) && !(command.equals("detect") && !leaf.unmatched().isEmpty());
        return service ? Level.INFO : Level.WARN;
    }

    /** Turns a library logger's warnings off where the command explains the situation itself; --verbose keeps them. */
    static void quiet(String loggerName) {
        if (LoggerFactory.getLogger("io.footfall") instanceof Logger footfall && footfall.getLevel() == Level.INFO) {
            return;
        }
        if (LoggerFactory.getLogger(loggerName) instanceof Logger logger) {
            logger.setLevel(Level.ERROR);
        }
    }

    private static void setFootfallLevel(Level level) {
        if (LoggerFactory.getLogger("io.footfall") instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
