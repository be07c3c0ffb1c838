package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The README's run command: on the embedded default it comes up with all four services, enrols the
 * sample person, recognises them in the sample video played as a camera, and stops cleanly.
 */
class DemoIT {

    @Test
    void the_demo_recognises_the_sample_person_on_the_embedded_default() {
        FootfallCliTest.Result result = FootfallCliTest.run("demo", "--duration", "25s", "--set", "metrics.port=0");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Footfall demo is up")
                .contains("(embedded, KRaft)")
                .contains("/metrics")
                .containsPattern("web page +http://localhost:[0-9]+/")
                .containsPattern("API token +[0-9a-f]{24} +\\(generated")
                .containsPattern("sample +CAMERA +CONNECTING")
                .containsPattern("sample +CAMERA +STREAMING")
                .contains("Enrolled 'Franck (sample)' from 3 frames")
                .containsPattern("sample +ENTERED +Franck \\(sample\\) \\(similarity (0\\.[6-9]|1\\.00)")
                .containsPattern("Summary: visits entered 1, left 0; known 1, unknown 0")
                .containsPattern("frames published [1-9][0-9]*, analysed [1-9][0-9]*; faces found [1-9][0-9]*, embedded [1-9][0-9]*;"
                        + " capture-to-event latency p50 ≤ [0-9]+ ms, p99 ≤ [0-9]+ ms");
    }
}
