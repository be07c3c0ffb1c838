package io.footfall.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configuration setting, declared once: key, type, default, description and validation. Its
 * environment variable is derived from the key ({@code kafka.bootstrap-servers} →
 * {@code FOOTFALL_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

    /** Parses a raw string, throwing {@link IllegalArgumentException} with the fix in its message. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw);
    }

    /**
     * A rule between this setting's value and another setting's, checked by {@link Config} once both
     * are read (when both are declared to it).
     *
     * @param other the setting this one is checked against
     * @param holds whether this value and the other's go together
     * @param fix what to change when they do not, naming both keys
     */
    public record Constraint<T, U>(Setting<U> other, BiPredicate<T, U> holds, String fix) {

        /** Whether the rule holds for these two values; {@code other} is the other setting's value. */
        @SuppressWarnings("unchecked")
        boolean test(T value, Object otherValue) {
            return holds.test(value, (U) otherValue);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String key;
    private final String typeName;
    private final T defaultValue;
    private final String description;
    private final Parser<T> parser;
    private final Function<T, String> formatter;
    private final boolean secret;
    private final List<Constraint<T, ?>> constraints;

    private Setting(String key, String typeName, T defaultValue, String description, Parser<T> parser,
                    Function<T, String> formatter, boolean secret) {
        this(key, typeName, defaultValue, description, parser, formatter, secret, List.of());
    }

    private Setting(String key, String typeName, T defaultValue, String description, Parser<T> parser,
                    Function<T, String> formatter, boolean secret, List<Constraint<T, ?>> constraints) {
        this.key = Objects.requireNonNull(key);
        this.typeName = typeName;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.formatter = formatter;
        this.secret = secret;
        this.constraints = List.copyOf(constraints);
    }

    /**
     * A setting of its own type, written as text: {@code parser} turns the text into the value (an
     * {@link IllegalArgumentException} saying what is wrong and how it should look makes a configuration error) and
     * {@code formatter} writes a value back.
     */
    public static <T> Setting<T> parsed(String key, String typeName, T defaultValue, Parser<T> parser, Function<T, String> formatter,
                                        String description) {
        return new Setting<>(key, typeName, defaultValue, description, parser, formatter, false);
    }

    public static Setting<String> string(String key, String defaultValue, String description) {
        return new Setting<>(key, "string", defaultValue, description, raw -> raw, v -> v, false);
    }

    /** A string whose value is never printed (tokens, passwords). */
    public static Setting<String> secret(String key, String defaultValue, String description) {
        return new Setting<>(key, "secret", defaultValue, description, raw -> raw, v -> v == null ? null : "***", true);
    }

    /**
     * A secret that grants access (an API token): empty turns what it guards off; otherwise at least
     * {@link #MIN_TOKEN_LENGTH} characters, not a placeholder such as {@code change-me} and not one character repeated.
     */
    public static Setting<String> token(String key, String description) {
        return new Setting<>(key, "secret", "", description, raw -> {
            String problem = TokenRules.problem(raw.strip());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return raw.strip();
        }, v -> v == null ? null : "***", true);
    }

    /** The shortest token {@link #token} accepts. */
    public static final int MIN_TOKEN_LENGTH = TokenRules.MIN_LENGTH;

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, "integer " + min + ".." + max, defaultValue, description, raw -> {
            int value;
            try {
                value = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer; use a whole number between " + min + " and " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range; use a whole number between " + min + " and " + max);
            }
            return value;
        }, String::valueOf, false);
    }

    public static Setting<Double> decimal(String key, double defaultValue, double min, double max, String description) {
        return new Setting<>(key, "number " + min + ".." + max, defaultValue, description, raw -> {
            double value;
            try {
                value = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number; use a value between " + min + " and " + max);
            }
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("out of range; use a value between " + min + " and " + max);
            }
            return value;
        }, String::valueOf, false);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, "boolean", defaultValue, description, raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean; use true or false");
        }, String::valueOf, false);
    }

    /** A duration written as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT5S}). */
    public static Setting<Duration> duration(String key, Duration defaultValue, Duration min, String description) {
        return new Setting<>(key, "duration", defaultValue, description, raw -> {
            Duration value = parseDuration(raw.trim());
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException("too short; use at least " + format(min));
            }
            return value;
        }, Setting::format, false);
    }

    public static <E extends Enum<E>> Setting<E> enumeration(String key, Class<E> type, E defaultValue, String description) {
        String choices = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new Setting<>(key, "one of " + choices, defaultValue, description, raw -> {
            String wanted = raw.trim().replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("not a valid choice; use one of " + choices);
        }, e -> e.name().toLowerCase(Locale.ROOT), false);
    }

    /** A copy with another default, for a service whose default differs from the shared one. */
    public Setting<T> withDefault(T newDefault) {
        return new Setting<>(key, typeName, newDefault, description, parser, formatter, secret, constraints);
    }

    /**
     * A copy that also requires {@code holds(value, other's value)}; otherwise loading the
     * configuration fails with {@code fix}, which should name both keys and say what to change.
     */
    public <U> Setting<T> requires(Setting<U> other, BiPredicate<T, U> holds, String fix) {
        List<Constraint<T, ?>> more = new ArrayList<>(constraints);
        more.add(new Constraint<>(other, holds, fix));
        return new Setting<>(key, typeName, defaultValue, description, parser, formatter, secret, more);
    }

    /** The rules tying this setting to others, see {@link #requires}. */
    public List<Constraint<T, ?>> constraints() {
        return constraints;
    }

    public String key() {
        return key;
    }

    public String envName() {
        return "FOOTFALL_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String typeName() {
        return typeName;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean secret() {
        return secret;
    }

    public T parse(String raw) {
        return parser.parse(raw);
    }

    /** The value as it would be written in a config file; secrets are masked. */
    public String format(T value) {
        return value == null ? "" : formatter.apply(value);
    }

    static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(raw.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration; write it like 250ms, 5s, 2m, 1h or 7d");
        }
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    @Override
    public String toString() {
        return key;
    }
}
