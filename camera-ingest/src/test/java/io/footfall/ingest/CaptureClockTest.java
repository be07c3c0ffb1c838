package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureClockTest {

    @Test
    void maps_stream_time_to_wall_time_from_the_first_frame() {
        CaptureClock clock = new CaptureClock();
        assertThat(clock.capturedAtMillis(5_000_000, 1_000_000)).isEqualTo(1_000_000);
        assertThat(clock.capturedAtMillis(5_200_000, 1_000_250)).isEqualTo(1_000_200);
    }

    @Test
    void never_dates_a_frame_in_the_future_when_frames_arrive_in_a_burst() {
        CaptureClock clock = new CaptureClock();
        clock.capturedAtMillis(0, 1_000_000);
        assertThat(clock.capturedAtMillis(1_000_000, 1_000_010)).isEqualTo(1_000_010);
        assertThat(clock.capturedAtMillis(1_200_000, 1_000_210)).isEqualTo(1_000_210);
    }

    @Test
    void frames_of_a_burst_delivered_in_one_millisecond_are_a_millisecond_apart() {
        CaptureClock clock = new CaptureClock();
        clock.capturedAtMillis(0, 1_000_000);
        assertThat(clock.capturedAtMillis(400_000, 1_000_001)).isEqualTo(1_000_001);
        assertThat(clock.capturedAtMillis(600_000, 1_000_001)).isEqualTo(1_000_002);
        assertThat(clock.capturedAtMillis(800_000, 1_000_001)).isEqualTo(1_000_003);
    }

    @Test
    void re_anchors_when_the_stream_clock_restarts() {
        CaptureClock clock = new CaptureClock();
        clock.capturedAtMillis(90_000_000, 1_000_000);
        assertThat(clock.capturedAtMillis(0, 1_000_500)).isEqualTo(1_000_500);
        assertThat(clock.capturedAtMillis(100_000, 1_000_600)).isEqualTo(1_000_600);
    }
}
