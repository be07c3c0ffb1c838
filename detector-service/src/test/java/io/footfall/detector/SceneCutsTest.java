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
        assertThat(cuts.cut("door", grey("franck_01829.jpg"))).as("a camera's first frame").isFalse();
        assertThat(cuts.cut("door", grey("franck_02159.jpg"))).as("the same shot, 14 s later").isFalse();
        assertThat(cuts.cut("door", grey("franck_04117.jpg"))).as("the same shot, 95 s later").isFalse();
        assertThat(cuts.cut("door", grey("obama4_crop.jpg"))).as("another person, another place").isTrue();
        assertThat(cuts.cut("door", grey("audrey_crop.jpg"))).isTrue();
        assertThat(cuts.cut("door", grey("audrey_crop.jpg"))).as("the same picture again").isFalse();
    }

    @Test
    void cameras_are_compared_with_themselves_only() {
        SceneCuts cuts = new SceneCuts(true);
        assertThat(cuts.cut("door", grey("franck_01829.jpg"))).isFalse();
        assertThat(cuts.cut("till", grey("obama4_crop.jpg"))).isFalse();
        assertThat(cuts.cut("door", grey("franck_02159.jpg"))).isFalse();
        assertThat(cuts.cut("till", grey("obama4_crop.jpg"))).isFalse();
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
        cuts.cut("door", grey("franck_01829.jpg"));
        assertThat(cuts.cut("door", grey("obama4_crop.jpg"))).isFalse();
        assertThat(cuts.enabled()).isFalse();
    }
}
