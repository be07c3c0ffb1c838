package io.footfall.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import io.footfall.runtime.config.CoreSettings;
import io.footfall.runtime.config.CoreSettings.ProcessingGuarantee;
import io.footfall.runtime.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    @Test
    void kafka_client_settings_come_from_files_the_command_line_and_the_environment() {
        Map<String, String> env = Map.of("FOOTFALL_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "FOOTFALL_KAFKA_CLIENT_SASL_JAAS_CONFIG", "ScramLoginModule required;", "FOOTFALL_KAFKA_CLIENT_", "ignored");
        Config config = Config.load(CoreSettings.all(), null, env, Map.of("kafka.client.sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(config.kafkaClientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL",
                "sasl.jaas.config", "ScramLoginModule required;", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void a_placeholder_or_short_token_stops_start_up_with_what_to_do_and_the_token_is_never_shown() {
        Setting<String> token = Setting.token("api.token", "the token");
        for (String placeholder : List.of("change-me", "replace-me", "CHANGEME", "your-token-here", "changeit", "<placeholder>")) {
            assertThatThrownBy(() -> Config.load(List.of(token), null, Map.of("FOOTFALL_API_TOKEN", placeholder), Map.of()))
                    .as(placeholder).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'api.token' (from env FOOTFALL_API_TOKEN)")
                    .hasMessageContaining("placeholder").hasMessageContaining("openssl rand -hex 24")
                    .hasMessageNotContaining(placeholder);
        }
        assertThatThrownBy(() -> Config.load(List.of(token), null, Map.of(), Map.of("api.token", "s3cret-7")))
                .hasMessageContaining("too short (8 characters)").hasMessageNotContaining("s3cret-7");
        assertThatThrownBy(() -> Config.load(List.of(token), null, Map.of(), Map.of("api.token", "abababababababababab")))
                .hasMessageContaining("too predictable");
        // a real token, and no token at all (what it guards is off), are accepted
        assertThat(Config.load(List.of(token), null, Map.of(), Map.of("api.token", " 0f51b6181f11e91bf08359b7 ")).get(token))
                .isEqualTo("0f51b6181f11e91bf08359b7");
        assertThat(Config.load(List.of(token), null, Map.of(), Map.of()).get(token)).isEmpty();
        assertThat(Config.load(List.of(token), null, Map.of(), Map.of("api.token", "")).get(token)).isEmpty();
    }

    @Test
    void defaults_then_file_then_environment_then_command_line() throws Exception {
        // given a setting defined in every source
        Path file = dir.resolve("footfall.properties");
        Files.writeString(file, "metrics.port=9001\nstreams.threads=2\nkafka.bootstrap-servers=file:9092\n");
        Map<String, String> env = Map.of("FOOTFALL_STREAMS_THREADS", "3", "FOOTFALL_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin");
        Map<String, String> cli = Map.of("kafka.bootstrap-servers", "cli:9092");
        // when
        Config config = Config.load(CoreSettings.all(), file, env, cli);
        // then the most specific source wins, and each value knows where it came from
        assertThat(config.get(CoreSettings.METRICS_PORT)).isEqualTo(9001);
        assertThat(config.origin(CoreSettings.METRICS_PORT)).isEqualTo("file " + file);
        assertThat(config.get(CoreSettings.STREAM_THREADS)).isEqualTo(3);
        assertThat(config.origin(CoreSettings.STREAM_THREADS)).isEqualTo("env FOOTFALL_STREAMS_THREADS");
        assertThat(config.get(CoreSettings.BOOTSTRAP_SERVERS)).isEqualTo("cli:9092");
        assertThat(config.get(CoreSettings.PROCESSING_GUARANTEE)).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(config.origin(CoreSettings.PROCESSING_GUARANTEE)).isEqualTo("default");
    }

    @Test
    void a_bad_value_names_the_key_its_source_and_the_fix() {
        assertThatThrownBy(() -> Config.load(CoreSettings.all(), null, Map.of("FOOTFALL_METRICS_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'eighty' for setting 'metrics.port' (from env FOOTFALL_METRICS_PORT): "
                        + "not an integer; use a whole number between 0 and 65535.");
        assertThatThrownBy(() -> Config.of(CoreSettings.all(), Map.of("streams.processing-guarantee", "twice")))
                .hasMessageContaining("use one of exactly_once_v2, at_least_once");
        assertThatThrownBy(() -> Config.of(CoreSettings.all(), Map.of("streams.commit-interval", "soon")))
                .hasMessageContaining("write it like 250ms, 5s, 2m, 1h or 7d");
    }

    @Test
    void every_bad_value_is_reported_at_once() {
        // given two bad values and a typo
        Map<String, String> env = Map.of("FOOTFALL_METRICS_PORT", "eighty");
        Map<String, String> cli = Map.of("streams.commit-interval", "soon", "metrics.prot", "1");
        // when loaded, then one exception lists each key, its bad value and why
        assertThatThrownBy(() -> Config.load(CoreSettings.all(), null, env, cli))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Unknown setting 'metrics.prot' (from command line); did you mean 'metrics.port'? Run 'footfall config' to list the settings.",
                        "Invalid value 'eighty' for setting 'metrics.port' (from env FOOTFALL_METRICS_PORT): "
                                + "not an integer; use a whole number between 0 and 65535.",
                        "Invalid value 'soon' for setting 'streams.commit-interval' (from command line): "
                                + "not a duration; write it like 250ms, 5s, 2m, 1h or 7d."))
                .hasMessageStartingWith("3 configuration problems:\n  - ")
                .hasMessageContaining("'metrics.prot'").hasMessageContaining("'eighty'").hasMessageContaining("'soon'");
    }

    @Test
    void a_rule_between_two_settings_names_both_keys_and_the_fix() {
        // given a maximum that must not be below its minimum
        Setting<Integer> min = Setting.integer("test.min", 1, 0, 100, "smallest");
        Setting<Integer> max = Setting.integer("test.max", 10, 0, 100, "largest")
                .requires(min, (mx, mn) -> mx >= mn, "use a test.max of at least test.min, or lower test.min");
        // then values that go together load, and values that do not are rejected with both keys
        assertThat(Config.of(List.of(min, max), Map.of("test.min", "10")).get(max)).isEqualTo(10);
        assertThatThrownBy(() -> Config.of(List.of(min, max), Map.of("test.min", "20")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Setting 'test.max' = '10' (from default) does not go with 'test.min' = '20' (from command line): "
                        + "use a test.max of at least test.min, or lower test.min.");
        // and a rule is not checked against a value that is itself bad, which is reported instead
        assertThatThrownBy(() -> Config.of(List.of(min, max), Map.of("test.min", "many", "test.max", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                        .allMatch(p -> p.startsWith("Invalid value")));
    }

    @Test
    void an_unknown_key_is_a_typo_and_the_nearest_key_is_suggested() {
        assertThatThrownBy(() -> Config.of(CoreSettings.all(), Map.of("metrics.prot", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting 'metrics.prot'")
                .hasMessageContaining("did you mean 'metrics.port'?");
    }

    @Test
    void kafka_client_settings_pass_through_unchanged() {
        Config config = Config.of(CoreSettings.all(), Map.of("kafka.client.security.protocol", "SSL"));
        assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void durations_read_as_people_write_them() {
        Config config = Config.of(CoreSettings.all(), Map.of("streams.commit-interval", "2s"));
        assertThat(config.get(CoreSettings.COMMIT_INTERVAL)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Config.of(CoreSettings.all(), Map.of("streams.commit-interval", "PT0.5S")).get(CoreSettings.COMMIT_INTERVAL))
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void a_missing_config_file_says_so() {
        assertThatThrownBy(() -> Config.load(CoreSettings.all(), dir.resolve("nope.properties"), Map.of(), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void describe_lists_every_setting_with_its_origin() {
        Config config = Config.of(CoreSettings.all(), Map.of("metrics.port", "0"));
        assertThat(config.describe()).contains("metrics.port=0  # command line", "streams.commit-interval=200ms  # default");
    }
}
