package io.footfall.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration read once at start-up from, in increasing precedence: the declared defaults, a
 * properties file, {@code FOOTFALL_*} environment variables, and explicit overrides (the command
 * line). Every declared setting is parsed and validated up front, together with the rules between
 * settings ({@link Setting#requires}), so bad values stop the service before it starts: all of them
 * at once, each on one line naming the key, its value, its source and the fix.
 *
 * <p>Keys under {@code kafka.client.} are passed to every Kafka client unchanged (for TLS, SASL and
 * the like); any other unknown key is an error, since it is almost always a typo.
 */
public final class Config {

    /** Prefix of settings passed through to Kafka clients (producer, consumer, admin, Streams). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
    /** Environment variables that set {@code kafka.client.*}: {@code FOOTFALL_KAFKA_CLIENT_SECURITY_PROTOCOL} and so on. */
    public static final String KAFKA_CLIENT_ENV_PREFIX = "FOOTFALL_KAFKA_CLIENT_";

    private record Raw(String value, String origin) {}

    private final Map<String, Setting<?>> declared;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Map<String, String> kafkaClientProperties = new TreeMap<>();

    private Config(Collection<Setting<?>> settings, Map<String, Raw> raw) {
        this.declared = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            declared.put(s.key(), s);
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Raw> e : raw.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(KAFKA_CLIENT_PREFIX)) {
                kafkaClientProperties.put(key.substring(KAFKA_CLIENT_PREFIX.length()), e.getValue().value());
            } else if (!declared.containsKey(key)) {
                problems.add("Unknown setting '" + key + "' (from " + e.getValue().origin() + ")"
                        + suggestion(key) + " Run 'footfall config' to list the settings.");
            }
        }
        for (Setting<?> s : declared.values()) {
            Raw r = raw.get(s.key());
            if (r == null) {
                values.put(s.key(), s.defaultValue());
                origins.put(s.key(), "default");
            } else {
                try {
                    values.put(s.key(), s.parse(r.value()));
                    origins.put(s.key(), r.origin());
                } catch (IllegalArgumentException e) {
                    problems.add("Invalid value '" + shown(s, r.value()) + "' for setting '" + s.key() + "' (from " + r.origin()
                            + "): " + e.getMessage() + ".");
                }
            }
        }
        for (Setting<?> s : declared.values()) {
            problems.addAll(violations(s));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The rules of {@code s} that its value and a declared, valid other value break, one problem each. */
    private <T> List<String> violations(Setting<T> s) {
        List<String> problems = new ArrayList<>();
        if (!values.containsKey(s.key())) {
            return problems;
        }
        for (Setting.Constraint<T, ?> c : s.constraints()) {
            String other = c.other().key();
            if (values.containsKey(other) && declared.containsKey(other) && !c.test(get(s), values.get(other))) {
                problems.add("Setting '" + s.key() + "' = '" + display(s) + "' (from " + origins.get(s.key()) + ") does not go with '"
                        + other + "' = '" + display(declared.get(other)) + "' (from " + origins.get(other) + "): " + c.fix() + ".");
            }
        }
        return problems;
    }

    private static String shown(Setting<?> s, String raw) {
        return s.secret() ? "***" : raw;
    }

    /** Loads and validates configuration; {@code file} may be null. */
    public static Config load(Collection<Setting<?>> settings, Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Raw> raw = new LinkedHashMap<>();
        if (file != null) {
            readFile(file).forEach((k, v) -> raw.put(k, new Raw(v, "file " + file)));
        }
        Map<String, Setting<?>> byEnv = new LinkedHashMap<>();
        settings.forEach(s -> byEnv.put(s.envName(), s));
        env.forEach((name, value) -> {
            Setting<?> s = byEnv.get(name);
            if (s != null) {
                raw.put(s.key(), new Raw(value, "env " + name));
            } else if (name.startsWith(KAFKA_CLIENT_ENV_PREFIX) && name.length() > KAFKA_CLIENT_ENV_PREFIX.length()) {
                // Kafka's client settings are dotted lower-case names: FOOTFALL_KAFKA_CLIENT_SASL_JAAS_CONFIG is sasl.jaas.config
                raw.put(KAFKA_CLIENT_PREFIX + name.substring(KAFKA_CLIENT_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        new Raw(value, "env " + name));
            }
        });
        overrides.forEach((k, v) -> raw.put(k, new Raw(v, "command line")));
        return new Config(settings, raw);
    }

    /** Defaults plus the given overrides only: for tests and embedded use. */
    public static Config of(Collection<Setting<?>> settings, Map<String, String> overrides) {
        return load(settings, null, Map.of(), overrides);
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Config file " + file + " does not exist; pass an existing file or leave --config out to use defaults.");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k.trim(), p.getProperty(k).trim()));
        return out;
    }

    /** True when a setting with this one's key was declared to this Config (another module may declare it). */
    public boolean declares(Setting<?> setting) {
        return values.containsKey(setting.key());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting.key())) {
            throw new IllegalArgumentException("Setting '" + setting.key() + "' was not declared to this Config");
        }
        return (T) values.get(setting.key());
    }

    /** Where the value of a setting came from: "default", "file …", "env …" or "command line". */
    public String origin(Setting<?> setting) {
        return origins.get(setting.key());
    }

    /** Settings under {@code kafka.client.}, with the prefix removed. */
    public Map<String, String> kafkaClientProperties() {
        return Map.copyOf(kafkaClientProperties);
    }

    public Collection<Setting<?>> settings() {
        return declared.values();
    }

    /** A copy with some values replaced, validated like any other source. */
    public Config with(Map<String, String> overrides) {
        Map<String, Raw> raw = new LinkedHashMap<>();
        for (Setting<?> s : declared.values()) {
            if (!"default".equals(origins.get(s.key()))) {
                raw.put(s.key(), new Raw(formatRaw(s), origins.get(s.key())));
            }
        }
        kafkaClientProperties.forEach((k, v) -> raw.put(KAFKA_CLIENT_PREFIX + k, new Raw(v, "inherited")));
        overrides.forEach((k, v) -> raw.put(k, new Raw(v, "override")));
        return new Config(declared.values(), raw);
    }

    @SuppressWarnings("unchecked")
    private <T> String formatRaw(Setting<T> s) {
        T value = (T) values.get(s.key());
        return s.secret() ? (String) value : s.format(value);
    }

    /** The effective configuration, one {@code key=value  # origin} line per setting, secrets masked. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Setting<?> s : declared.values()) {
            lines.add(s.key() + "=" + display(s) + "  # " + origins.get(s.key()));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private <T> String display(Setting<T> s) {
        return s.format((T) values.get(s.key()));
    }

    private String suggestion(String key) {
        Optional<String> nearest = declared.keySet().stream()
                .min((a, b) -> Integer.compare(distance(a, key), distance(b, key)));
        return nearest.filter(n -> distance(n, key) <= Math.max(2, key.length() / 4))
                .map(n -> "; did you mean '" + n + "'?")
                .orElse(".");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
