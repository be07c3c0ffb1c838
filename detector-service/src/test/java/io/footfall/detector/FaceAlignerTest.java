package io.footfall.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceAlignerTest {

    @Test
    void similarity_recovers_a_known_rotation_scale_and_shift_exactly() {
        // given template points and the same points rotated by 20°, scaled by 2.5 and shifted
        double[][] template = io.footfall.models.AlignmentTemplates.dlibChip(150, 0.25);
        double angle = Math.toRadians(20), s = 2.5, tx = 310, ty = -42;
        double[][] landmarks = new double[5][];
        for (int i = 0; i < 5; i++) {
            double x = template[i][0], y = template[i][1];
            landmarks[i] = new double[] {s * (Math.cos(angle) * x - Math.sin(angle) * y) + tx, s * (Math.sin(angle) * x + Math.cos(angle) * y) + ty};
        }

        // when
        double[] m = FaceAligner.similarity(landmarks, template);

        // then every landmark lands on its template point
        for (int i = 0; i < 5; i++) {
            double x = m[0] * landmarks[i][0] + m[1] * landmarks[i][1] + m[2];
            double y = m[3] * landmarks[i][0] + m[4] * landmarks[i][1] + m[5];
            assertThat(x).isCloseTo(template[i][0], within(1e-9));
            assertThat(y).isCloseTo(template[i][1], within(1e-9));
        }
    }

    @Test
    void nms_keeps_the_best_of_overlapping_boxes_and_separate_ones() {
        java.util.List<double[]> boxes = java.util.List.of(new double[] {0, 0, 10, 10}, new double[] {1, 1, 11, 11}, new double[] {50, 50, 60, 60});
        assertThat(Nms.suppress(boxes, new double[] {0.8, 0.9, 0.7}, 0.5, true)).containsExactly(1, 2);
    }

    @Test
    void pyramid_follows_face_api_js_for_a_720x576_frame_at_min_face_40() {
        var scales = Mtcnn.scales(720, 576, MtcnnOptions.defaults());
        assertThat(scales.get(0)).isCloseTo(0.3, within(1e-12));
        assertThat(scales).hasSize(8);
    }
}
