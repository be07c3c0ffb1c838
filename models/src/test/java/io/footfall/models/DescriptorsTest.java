package io.footfall.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorsTest {

    @TempDir
    Path dir;

    @Test
    void everyBuiltInDescriptorIsCompleteAndSurvivesJson() throws Exception {
        for (BuiltInModel m : BuiltInModel.values()) {
            // given
            ModelDescriptor d = m.descriptor();
            assertThat(d.problems()).as(m.id()).isEmpty();

            // when
            d.write(dir.resolve(m.descriptorFile()));
            ModelDescriptor back = ModelDescriptor.read(dir.resolve(m.descriptorFile()));

            // then
            assertThat(back.toJson()).isEqualTo(d.toJson());
            assertThat(back.thresholds().calibrated()).isFalse();
        }
    }

    @Test
    void theDlibChipTemplateIsAFrontalFaceInsideTheChip() {
        // when
        double[][] p = AlignmentTemplates.dlibChip(150, 0.25);

        // then eyes level and mirrored about the centre, nose between eyes and mouth
        assertThat(p[0][1]).isCloseTo(p[1][1], within(0.01));
        assertThat(p[0][0] + p[1][0]).isCloseTo(2 * p[2][0], within(0.5));
        assertThat(p[0][0]).isLessThan(p[1][0]);
        assertThat(p[2][1]).isBetween(p[0][1], p[3][1]);
        assertThat(p[0][0]).isCloseTo(47.55, within(0.01));
        assertThat(p[0][1]).isCloseTo(46.60, within(0.01));
    }

    @Test
    void normalisesPixelsInTheDescribedChannelOrder() {
        // given one red pixel
        ModelDescriptor.Input bgr = BuiltInModel.MTCNN_RNET.descriptor().input();

        // when
        float[] t = ImageTensors.chw(new int[] {0xff0000}, 1, 1, bgr);

        // then blue comes first and red last, each (x - 127.5) / 128
        assertThat(t).containsExactly(-127.5f / 128, -127.5f / 128, 127.5f / 128);
    }
}
