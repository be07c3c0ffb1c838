package io.footfall.runtime.config;

import java.util.List;

/**
 * A configuration problem, or several found at once; each is one line naming the setting, where it
 * came from and the fix.
 */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    /** Every problem found while reading one configuration; one problem reads as that problem alone. */
    public ConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder message = new StringBuilder(problems.size() + " configuration problems:");
        problems.forEach(p -> message.append('\n').append("  - ").append(p));
        return message.toString();
    }
}
