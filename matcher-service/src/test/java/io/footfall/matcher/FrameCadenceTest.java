package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An outage (no frames at all) is told from ordinary intervals, at any frame rate. */
class FrameCadenceTest {

    @Test
    void an_outage_at_five_fps_is_unobserved_time() {
        FrameCadence cadence = new FrameCadence();
        long t = 10_000;
        for (int i = 0; i < 20; i++, t += 200) {
            assertThat(cadence.unobserved(t)).isZero();
        }
        assertThat(cadence.usualMillis()).isEqualTo(200);
        // ingest killed and restarted: 5 s without a frame, of which one usual interval counts as seen
        t += 5_000;
        assertThat(cadence.unobserved(t)).isEqualTo(5_000);
        assertThat(cadence.usualMillis()).isEqualTo(200); // the outage does not teach a slower cadence
        assertThat(cadence.unobserved(t + 200)).isZero();
    }

    @Test
    void jitter_and_a_dropped_frame_are_ordinary() {
        FrameCadence cadence = new FrameCadence();
        long[] times = {0, 180, 420, 600, 790, 1_200, 1_400, 1_610};
        for (long time : times) {
            assertThat(cadence.unobserved(time)).isZero();
        }
    }

    @Test
    void a_camera_sampled_every_five_seconds_is_not_in_an_outage() {
        FrameCadence cadence = new FrameCadence();
        for (long t = 0; t < 60_000; t += 5_000) {
            assertThat(cadence.unobserved(t)).isZero();
        }
        assertThat(cadence.unobserved(60_000 + 30_000)).isEqualTo(30_000);
    }

    @Test
    void a_repeated_or_older_frame_changes_nothing() {
        FrameCadence cadence = new FrameCadence();
        cadence.unobserved(1_000);
        cadence.unobserved(1_200);
        assertThat(cadence.unobserved(1_100)).isZero();
        assertThat(cadence.unobserved(1_200)).isZero();
        assertThat(cadence.usualMillis()).isEqualTo(200);
    }
}
