package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules between the matcher's settings are checked when the configuration loads, not patched up later. */
class MatcherSettingsTest {

    @Test
    void a_silence_timeout_below_the_track_gap_is_refused_with_both_keys() {
        assertThatThrownBy(() -> Config.of(MatcherSettings.all(), Map.of("matcher.track-gap", "5s", "matcher.silence-timeout", "2s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'matcher.silence-timeout' = '2s'")
                .hasMessageContaining("'matcher.track-gap' = '5s'")
                .hasMessageContaining("set matcher.silence-timeout to 0 (the track gap) or at least matcher.track-gap");
    }

    @Test
    void a_silence_timeout_of_zero_is_the_track_gap() {
        Config config = Config.of(MatcherSettings.all(), Map.of("matcher.track-gap", "5s", "matcher.silence-timeout", "0s"));
        assertThat(MatcherRules.from(config).silence()).isEqualTo(Duration.ofSeconds(5));
        Config longer = Config.of(MatcherSettings.all(), Map.of("matcher.track-gap", "5s", "matcher.silence-timeout", "5s"));
        assertThat(MatcherRules.from(longer).silence()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void an_unknown_threshold_above_the_known_one_is_refused_with_both_keys() {
        assertThatThrownBy(() -> Config.of(MatcherSettings.all(), Map.of("matcher.known-threshold", "0.5", "matcher.unknown-threshold", "0.6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'matcher.unknown-threshold' = '0.6'")
                .hasMessageContaining("'matcher.known-threshold' = '0.5'")
                .hasMessageContaining("lower matcher.unknown-threshold or raise matcher.known-threshold");
    }
}
