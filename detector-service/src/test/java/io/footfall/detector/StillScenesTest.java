package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class StillScenesTest {

    final StillScenes still = new StillScenes(12, Duration.ofSeconds(2));

    @Test
    void an_empty_scene_within_camera_noise_is_still_until_the_maximum_skip() {
        try (Mat empty = grey(100); Mat noisy = grey(108)) {
            still.detected("door", empty, 1280, 720, 0, true);
            assertThat(still.unchanged("door", noisy, 200)).isEqualTo(new StillScenes.Still(1280, 720));
            assertThat(still.unchanged("door", noisy, 2_000)).as("a full detection is due").isNull();
            assertThat(still.unchanged("till", noisy, 200)).as("another camera").isNull();
        }
    }

    @Test
    void one_changed_block_or_a_face_last_time_means_detect() {
        try (Mat empty = grey(100); Mat someone = grey(100)) {
            try (UByteIndexer i = someone.createIndexer()) {
                i.put(40, 70, 160);
            }
            still.detected("door", empty, 1280, 720, 0, true);
            assertThat(still.unchanged("door", someone, 200)).isNull();
            still.detected("door", empty, 1280, 720, 400, false);
            assertThat(still.unchanged("door", empty, 600)).as("the last frame had a face").isNull();
        }
    }

    @Test
    void threshold_zero_turns_it_off() {
        assertThat(StillScenes.off().enabled()).isFalse();
        assertThat(new StillScenes(0, Duration.ofSeconds(2)).enabled()).isFalse();
    }

    private static Mat grey(int level) {
        return new Mat(90, 160, opencv_core.CV_8UC1, new Scalar(level, 0, 0, 0));
    }
}
