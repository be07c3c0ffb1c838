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
            // only the embedder's thresholds are calibrated (docs/ACCURACY.md); MTCNN keeps face-api.js's defaults; the
            // attribute nets (age/gender, expression) and the landmark net have no thresholds
            if (m.descriptor().role().equals("attributes") || m.descriptor().role().equals("landmarks")) {
                assertThat(back.thresholds()).as(m.id()).isNull();
                assertThat(back.input().width()).as(m.id()).isEqualTo(112);
            } else {
                assertThat(back.thresholds().calibrated()).as(m.id()).isEqualTo(m == BuiltInModel.FACE_RECOGNITION);
            }
        }
    }

    @Test
    void theBundledEmbedderTakesEitherOfItsAlignmentsAndNothingElse() {
        assertThat(BuiltInModel.recognitionWith(BuiltInModel.TEMPLATE_68).alignment().template()).isEqualTo("dlib-chip-150-68");
        assertThat(BuiltInModel.recognitionWith(BuiltInModel.TEMPLATE).alignment()).usingRecursiveComparison()
                .isEqualTo(BuiltInModel.FACE_RECOGNITION.descriptor().alignment());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuiltInModel.recognitionWith("arcface-112"))
                .hasMessageContaining("dlib-chip-150-68");
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
    void theEmbeddersTemplateIsTheMtcnnFitToDlibChipsAndItsThresholdsAreOrdered() {
        ModelDescriptor d = BuiltInModel.FACE_RECOGNITION.descriptor();
        double[][] p = d.alignment().points();

        // a frontal face: eyes and mouth corners level and mirrored about the nose, inside the 150-px chip
        assertThat(d.alignment().template()).isEqualTo(BuiltInModel.TEMPLATE);
        assertThat(p[0][1]).isCloseTo(p[1][1], within(1e-9));
        assertThat(p[3][1]).isCloseTo(p[4][1], within(1e-9));
        assertThat(p[0][0] + p[1][0]).isCloseTo(2 * p[2][0], within(0.01));
        assertThat(p[3][0] + p[4][0]).isCloseTo(2 * p[2][0], within(0.01));
        assertThat(p[0][1]).isLessThan(p[2][1]);
        assertThat(p[2][1]).isLessThan(p[3][1]);
        // the thresholds: unknown <= known; a visitor is joined only by a track at least as like it as a face must be to be named
        assertThat(d.thresholds().metric()).isEqualTo("cosine");
        assertThat(d.thresholds().values().get("unknown")).isLessThan(d.thresholds().values().get("known"));
        assertThat(d.thresholds().values().get("visitor")).isGreaterThanOrEqualTo(d.thresholds().values().get("known"));
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
