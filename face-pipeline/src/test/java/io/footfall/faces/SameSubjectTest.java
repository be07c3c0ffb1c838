package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.footfall.detector.MtcnnFace;
import org.junit.jupiter.api.Test;

/** A retry of a photo accepts only the face the first try chose: the same place in the photo, not another person. */
class SameSubjectTest {

    static MtcnnFace box(double x, double y, double side) {
        return new MtcnnFace(x, y, side, side, 0.99, new double[5][2]);
    }

    @Test
    void the_same_face_found_at_another_scale_overlaps_and_another_face_does_not() {
        MtcnnFace large = box(100, 100, 200);
        assertThat(PhotoFaces.overlap(large, box(104, 96, 196))).as("the same face, boxes a little apart").isGreaterThan(PhotoFaces.SAME_FACE_IOU);
        assertThat(PhotoFaces.overlap(large, box(400, 120, 90))).as("a smaller face beside it").isZero();
        assertThat(PhotoFaces.overlap(large, box(150, 150, 60))).as("a small face inside the large box").isLessThan(PhotoFaces.SAME_FACE_IOU);
        assertThat(PhotoFaces.overlap(large, large)).isCloseTo(1.0, within(1e-12));
    }
}
