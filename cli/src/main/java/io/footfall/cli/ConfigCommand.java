package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.Setting;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the configuration reference, or validates a configuration and prints its effective values. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"List every setting with its default and environment variable. With --config/--set/--bootstrap: "
                        + "validate them and print the effective configuration."})
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--markdown", description = "Print the reference as a Markdown table (as in docs/CONFIGURATION.md)")
    boolean markdown;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean effective = options.file != null || !options.overrides.isEmpty() || options.bootstrap != null || options.registry != null;
        if (effective) {
            Config config = options.load();
            config.describe().forEach(out::println);
            return 0;
        }
        if (markdown) {
            out.println("| setting | environment variable | type | default | description |");
            out.println("|---|---|---|---|---|");
            for (Setting<?> s : AllSettings.all()) {
                out.printf("| `%s` | `%s` | %s | `%s` | %s |%n", s.key(), s.envName(), s.typeName(), defaultOf(s), s.description());
            }
            return 0;
        }
        for (Setting<?> s : AllSettings.all()) {
            out.printf("%s = %s%n    %s%n    type: %s; environment: %s%n", s.key(), defaultOf(s), s.description(), s.typeName(), s.envName());
        }
        return 0;
    }

    private static <T> String defaultOf(Setting<T> s) {
        return s.format(s.defaultValue());
    }
}
