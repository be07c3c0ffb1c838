package io.footfall.faces;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.detector.MtcnnFace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stated rule for a photo's subject, on hand-placed boxes in a 1000×1000 photo (centre 500,500). */
class FaceDominanceTest {

    @Test
    void one_face_is_its_own_subject() {
        assertThat(FaceDominance.ambiguity(List.of(face(100, 100, 200)), 500, 500)).isNull();
        assertThat(FaceDominance.ambiguity(List.of(), 500, 500)).isNull();
    }

    @Test
    void a_second_face_over_half_the_area_is_ambiguous_wherever_it_is() {
        // 150² / 200² = 0.56 of the area, in a corner, the large face in the middle
        String why = FaceDominance.ambiguity(List.of(face(400, 400, 200), face(0, 0, 150)), 500, 500);
        assertThat(why).contains("2 faces were found").contains("56 %");
    }

    @Test
    void a_face_of_a_quarter_to_half_the_area_is_ambiguous_only_when_nearer_the_middle() {
        // 130² / 200² = 0.42
        assertThat(FaceDominance.ambiguity(List.of(face(400, 400, 200), face(800, 800, 130)), 500, 500))
                .as("the smaller face further out: a bystander").isNull();
        assertThat(FaceDominance.ambiguity(List.of(face(0, 0, 200), face(435, 435, 130)), 500, 500))
                .as("the smaller face in the middle, the larger at the edge").contains("nearer the middle").contains("42 %");
    }

    @Test
    void a_face_of_at_most_a_quarter_of_the_area_is_a_bystander_even_in_the_middle() {
        // 100² / 200² = 0.25 exactly
        assertThat(FaceDominance.ambiguity(List.of(face(0, 0, 200), face(450, 450, 100)), 500, 500)).isNull();
    }

    @Test
    void every_other_face_is_checked_not_only_the_second() {
        // the second (0.49 of the area) is further out than the subject; the third (0.30) is in the middle
        assertThat(FaceDominance.ambiguity(List.of(face(300, 300, 200), face(860, 0, 140), face(445, 445, 110)), 500, 500))
                .contains("3 faces were found").contains("nearer the middle").contains("30 %");
    }

    private static MtcnnFace face(double x, double y, double side) {
        return new MtcnnFace(x, y, side, side, 0.99, new double[5][2]);
    }
}
