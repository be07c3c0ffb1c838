package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.runtime.config.Config;
import io.footfall.runtime.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doubles_with_jitter_up_to_the_cap_and_starts_over_after_a_reset() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));
        long[] bases = {250, 500, 1000, 2000, 4000, 4000, 4000};
        for (long base : bases) {
            assertThat(backoff.next().toMillis()).isBetween(Math.round(base * 0.8), Math.min(4000, Math.round(base * 1.2)));
        }
        assertThat(backoff.attempts()).isEqualTo(7);
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(200L, 300L);
    }

    @Test
    void a_longest_delay_below_the_first_is_refused_with_both_keys() {
        assertThatThrownBy(() -> Config.of(IngestSettings.all(),
                Map.of("ingest.reconnect.initial-backoff", "2s", "ingest.reconnect.max-backoff", "1s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ingest.reconnect.max-backoff' = '1s'")
                .hasMessageContaining("'ingest.reconnect.initial-backoff' = '2s'");
    }
}
