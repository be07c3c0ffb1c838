package io.footfall.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.schema.FaceAttributeEstimate;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class VisitAttributesTest {

    @Test
    void no_face_no_summary() {
        assertThat(VisitAttributes.none().summary()).isNull();
    }

    @Test
    void median_age_mean_gender_probability_and_the_expression_with_the_highest_mean_score() {
        VisitAttributes a = VisitAttributes.none()
                .add(face(20, 0.9f, "happy", 0.6f))
                .add(face(60, 0.2f, "neutral", 0.9f))
                .add(face(30, 0.8f, "happy", 0.7f));

        VisitAttributes.Summary s = a.summary();

        assertThat(s.age()).isEqualTo(30f);
        // mean P(male) (0.9 + 0.2 + 0.8) / 3 = 0.633
        assertThat(s.gender()).isEqualTo("male");
        assertThat(s.genderConfidence()).isCloseTo(0.6333f, Offset.offset(1e-4f));
        // happy 0.6 + 0.1 + 0.7 = 1.4 against neutral 0.4 + 0.9 + 0.3 = 1.6
        assertThat(s.expression()).isEqualTo("neutral");
        assertThat(s.faces()).isEqualTo(3);
        assertThat(a.add(face(40, 0.1f, "sad", 1f)).summary().age()).as("even count: the mean of the middle two").isEqualTo(35f);
    }

    @Test
    void a_long_visit_keeps_a_bounded_number_of_ages() {
        VisitAttributes a = VisitAttributes.none();
        for (int i = 0; i < 1000; i++) {
            a = a.add(face(i < 500 ? 20 : 50, 0.1f, "neutral", 1f));
        }
        assertThat(a.ageList()).hasSize(VisitAttributes.MAX_AGES);
        assertThat(a.summary().faces()).isEqualTo(1000);
        assertThat(a.summary().gender()).isEqualTo("female");
        assertThat(a.summary().genderConfidence()).isCloseTo(0.9f, Offset.offset(1e-4f));
    }

    @Test
    void an_estimate_from_the_record_reads_the_probability_of_either_gender_and_missing_scores_as_zero() {
        VisitAttributes.Face f = VisitAttributes.Face.of(new FaceAttributeEstimate(41f, "female", 0.75f, "sad", Map.of("sad", 0.7f, "angry", 0.3f)));
        assertThat(f.maleProbability()).isCloseTo(0.25f, Offset.offset(1e-6f));
        assertThat(f.expressionScores()).containsExactly(0f, 0f, 0.7f, 0.3f, 0f, 0f, 0f);
        assertThat(VisitAttributes.Face.of(null)).isNull();
        assertThatThrownBy(() -> VisitAttributes.Face.of(new FaceAttributeEstimate(Float.NaN, "male", 0.9f, "sad", Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_state_survives_the_stored_json() {
        VisitAttributes a = VisitAttributes.none().add(face(33, 0.9f, "happy", 1f));
        TrackerState stored = new TrackerState(java.util.List.of(new TrackerState.TrackState("door-0-0", 0, 200, 0, new Box(10, 10, 80, 80), null, 2,
                java.util.List.of(), null, a)));
        TrackerState restored = TrackerState.fromBytes(stored.toBytes());
        assertThat(CameraTracker.restore("door", TrackingRules.defaults(), restored).snapshot().tracks().get(0).attributes().summary().age())
                .isEqualTo(33f);
        // state stored before attributes existed has no "attributes" field
        TrackerState.TrackState t = restored.tracks().get(0);
        TrackerState withoutAttributes = new TrackerState(java.util.List.of(new TrackerState.TrackState(t.id(), t.firstSeenMillis(), t.lastSeenMillis(),
                t.unobservedMillis(), t.lastBox(), t.lastVector(), t.faceCount(), t.evidence(), t.decision(), null)));
        String old = new String(withoutAttributes.toBytes(), java.nio.charset.StandardCharsets.UTF_8).replace(",\"attributes\":null", "");
        assertThat(old).doesNotContain("attributes");
        CameraTracker again = CameraTracker.restore("door", TrackingRules.defaults(), TrackerState.fromBytes(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(again.snapshot().tracks().get(0).attributes().summary()).isNull();
    }

    private static VisitAttributes.Face face(float age, float male, String expression, float score) {
        float[] scores = new float[VisitAttributes.EXPRESSIONS.size()];
        scores[VisitAttributes.EXPRESSIONS.indexOf(expression)] = score;
        scores[0] += 1 - score;
        return new VisitAttributes.Face(age, male, scores);
    }
}
