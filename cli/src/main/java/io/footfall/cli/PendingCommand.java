package io.footfall.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Subcommands whose service is not part of this build yet. They are listed so that {@code --help}
 * shows the whole tool, and say plainly that they cannot run, with exit code 2.
 */
abstract class PendingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(hidden = true)
    List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("footfall " + spec.name() + ": not available in this version of Footfall yet. "
                + "Run 'footfall --help' for the commands that are.");
        return 2;
    }
}
