package io.footfall.cli;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.CoreSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every service command takes. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (see 'footfall config')")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (kafka.bootstrap-servers)")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (registry.url)")
    String registry;

    /** Loads and validates every setting Footfall knows, with {@code forced} applied last. */
    Config load(Map<String, String> forced) {
        Map<String, String> cli = new LinkedHashMap<>(overrides);
        if (bootstrap != null) {
            cli.put(CoreSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
        }
        if (registry != null) {
            cli.put(CoreSettings.REGISTRY_URL.key(), registry);
        }
        cli.putAll(forced);
        return Config.load(AllSettings.all(), file, System.getenv(), cli);
    }

    Config load() {
        return load(Map.of());
    }
}
