package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    static long kept(FrameSampler sampler, double cameraFps, double seconds, long startMicros) {
        long interval = Math.round(1_000_000 / cameraFps);
        return LongStream.range(0, Math.round(cameraFps * seconds))
                .filter(i -> sampler.keep(startMicros + i * interval)).count();
    }

    @Test
    void samples_a_25_fps_camera_at_5_fps() {
        assertThat(kept(new FrameSampler(5), 25, 10, 0)).isEqualTo(50);
    }

    @Test
    void samples_by_capture_time_whatever_the_camera_rate() {
        assertThat(kept(new FrameSampler(5), 30, 10, 0)).isEqualTo(50);
        assertThat(kept(new FrameSampler(5), 12, 10, 0)).isBetween(49L, 51L);
    }

    @Test
    void keeps_every_frame_of_a_camera_slower_than_the_target() {
        assertThat(kept(new FrameSampler(5), 2, 10, 0)).isEqualTo(20);
    }

    @Test
    void does_not_burst_after_a_gap_or_when_the_stream_clock_restarts() {
        FrameSampler sampler = new FrameSampler(5);
        kept(sampler, 25, 2, 0);
        // a 10 s gap (stall) then frames again: resynchronise, do not emit 50 catch-up frames
        assertThat(kept(sampler, 25, 1, 12_000_000)).isEqualTo(5);
        // a reconnect restarts timestamps at 0
        assertThat(kept(sampler, 25, 1, 0)).isEqualTo(5);
    }
}
