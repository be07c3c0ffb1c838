package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.footfall.models.NpmFiles;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * Shot cuts on real pictures: three stills of one shot of the sample camera's video (the same person talking, minutes
 * apart) are one shot; a still of someone else, elsewhere, is a cut.
 */
class SceneCutsTest {

    static Mat grey(String still) {
        return imread(NpmFiles.clmtrackrMedia(still).toString(), IMREAD_REDUCED_GRAYSCALE_8);
    }

    @Test
    void stills_of_one_shot_are_no_cut_and_another_place_is() {
        SceneCuts cuts = new SceneCuts(true);
        settle(cuts, "door", "franck_01829.jpg");
        assertThat(cuts.cut("door", grey("franck_01829.jpg"), 200)).as("the same picture").isFalse();
        assertThat(cuts.cut("door", grey("franck_02159.jpg"), 400)).as("the same shot, 14 s later").isFalse();
        assertThat(cuts.cut("door", grey("franck_04117.jpg"), 600)).as("the same shot, 95 s later").isFalse();
        assertThat(cuts.cut("door", grey("obama4_crop.jpg"), 800)).as("another person, another place").isTrue();
        assertThat(cuts.cut("door", grey("audrey_crop.jpg"), 1000)).isTrue();
        assertThat(cuts.cut("door", grey("audrey_crop.jpg"), 1200)).as("the same picture again").isFalse();
    }

    @Test
    void cameras_are_compared_with_themselves_only() {
        SceneCuts cuts = new SceneCuts(true);
        settle(cuts, "door", "franck_01829.jpg");
        settle(cuts, "till", "obama4_crop.jpg");
        assertThat(cuts.cut("door", grey("franck_01829.jpg"), 1400)).isFalse();
        assertThat(cuts.cut("till", grey("obama4_crop.jpg"), 1600)).isFalse();
        assertThat(cuts.cut("door", grey("franck_02159.jpg"), 1800)).isFalse();
        assertThat(cuts.cut("till", grey("obama4_crop.jpg"), 2000)).isFalse();
    }

    @Test
    void the_margins_of_the_thresholds_on_these_pictures() {
        SceneCuts.Change same = SceneCuts.change(grey("franck_01829.jpg"), grey("franck_04117.jpg"));
        SceneCuts.Change other = SceneCuts.change(grey("franck_04117.jpg"), grey("obama4_crop.jpg"));
        System.out.printf("same shot %s, another place %s%n", same, other);
        assertThat(same.cut()).isFalse();
        assertThat(other.cut()).isTrue();
    }

    @Test
    void turned_off_it_never_cuts() {
        SceneCuts cuts = SceneCuts.off();
        cuts.cut("door", grey("franck_01829.jpg"), 2200);
        assertThat(cuts.cut("door", grey("obama4_crop.jpg"), 2400)).isFalse();
        assertThat(cuts.enabled()).isFalse();
    }

    @Test
    void after_a_gap_in_capture_time_the_picture_is_not_compared_until_the_stream_has_settled() {
        SceneCuts cuts = new SceneCuts(true);
        settle(cuts, "door", "franck_04117.jpg");
        long t = 0;
        assertThat(cuts.cut("door", grey("obama4_crop.jpg"), t += SceneCuts.MAX_GAP_MILLIS + 1)).as("the camera was away").isFalse();
        assertThat(cuts.cut("door", grey("audrey_crop.jpg"), t += 200)).as("a reconnected stream's first second").isFalse();
        for (int i = 0; i < 5; i++) {
            cuts.cut("door", grey("audrey_crop.jpg"), t += 200);
        }
        assertThat(cuts.cut("door", grey("franck_04117.jpg"), t + 200)).as("then one stream again").isTrue();
    }

    /** Frames of one picture for the settle time before time 0. */
    static void settle(SceneCuts cuts, String camera, String still) {
        for (long t = -SceneCuts.SETTLE_MILLIS - 200; t < 0; t += 200) {
            cuts.cut(camera, grey(still), t);
        }
    }
}
