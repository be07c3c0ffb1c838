package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchE2eCommandTest {

    @Test
    void quantiles_are_nearest_rank() {
        List<Double> samples = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertThat(E2eProbe.quantile(samples, 0.5)).isEqualTo(3.0);
        assertThat(E2eProbe.quantile(samples, 0.99)).isEqualTo(5.0);
        assertThat(E2eProbe.quantile(List.of(), 0.5)).isNaN();
    }

    @Test
    void cpu_is_attributed_to_the_service_that_owns_the_thread() {
        assertThat(E2eTrial.part("camera-cam0")).isEqualTo("camera-ingest");
        assertThat(E2eTrial.part("kafka-producer-network-thread | footfall-ingest")).isEqualTo("camera-ingest");
        assertThat(E2eTrial.part("footfall-detector-6f1c-StreamThread-1")).isEqualTo("detector");
        assertThat(E2eTrial.part("kafka-producer-network-thread | footfall-embedder-6f1c-StreamThread-1-producer")).isEqualTo("embedder");
        assertThat(E2eTrial.part("footfall-matcher-6f1c-GlobalStreamThread")).isEqualTo("matcher");
        assertThat(E2eTrial.part("data-plane-kafka-request-handler-0")).isEqualTo("kafka broker and clients");
    }

    @Test
    void help_names_the_options_and_bad_counts_are_refused() {
        FootfallCliTest.Result help = FootfallCliTest.run("bench", "e2e", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--cameras").contains("--search").contains("--p99-ms").contains("1280x720");
        FootfallCliTest.Result bad = FootfallCliTest.run("bench", "e2e", "--cameras", "0");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("must be positive");
    }
}
