package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.detector.MtcnnFace;
import io.footfall.faces.PhotoRejection;
import io.footfall.faces.PhotoResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyEvaluationTest {

    static PhotoResult face(double degrees) {
        return new PhotoResult.Accepted(IdentifyEvaluationTest.at(degrees), new MtcnnFace(0, 0, 100, 100, 0.99, new double[5][2]), 100, 1, false);
    }

    @Test
    void pairs_with_a_photo_without_a_face_are_skipped_and_listed_and_the_rest_measured() {
        Map<Path, PhotoResult> photos = new LinkedHashMap<>();
        photos.put(Path.of("a1"), face(0));
        photos.put(Path.of("a2"), face(5));
        photos.put(Path.of("b1"), face(60));
        photos.put(Path.of("b2"), face(62));
        photos.put(Path.of("x"), new PhotoResult.Rejected(PhotoRejection.NO_FACE, "no face was found"));
        List<PhotoPair> pairs = List.of(new PhotoPair(2, Path.of("a1"), Path.of("a2"), true), new PhotoPair(3, Path.of("b1"), Path.of("b2"), true),
                new PhotoPair(4, Path.of("a1"), Path.of("b1"), false), new PhotoPair(5, Path.of("a2"), Path.of("b2"), false),
                new PhotoPair(6, Path.of("a1"), Path.of("x"), true));

        VerifyEvaluation.Report r = VerifyEvaluation.evaluate("toy.csv", "m", pairs, new PhotoEmbeddings.Results(photos, 2.0), Path::toString,
                VerifyEvaluation.thresholds("known", 0.99, "unknown", 0.52));

        assertThat(r.measured()).isTrue();
        assertThat(r.usedPairs()).isEqualTo(4);
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.pair().line()).isEqualTo(6);
            assertThat(s.without()).containsExactly("x");
        });
        assertThat(r.notFound()).singleElement().satisfies(n -> assertThat(n.reason()).isEqualTo("NO_FACE"));
        assertThat(r.auc()).isEqualTo(1.0);
        // same-person cosines: cos 5° = 0.996 and cos 2° = 0.999; different: cos 60° = 0.5 and cos 57° = 0.545
        VerifyEvaluation.At known = r.atThresholds().get(0);
        assertThat(known.falseAccepts()).isZero();
        assertThat(known.falseRejects()).isZero();
        VerifyEvaluation.At unknown = r.atThresholds().get(1);
        assertThat(unknown.falseAccepts()).isEqualTo(1); // 0.545 ≥ 0.52 > 0.5
        assertThat(unknown.impostors()).isEqualTo(2);
        ObjectNode json = VerifyEvaluation.json(r, new ObjectMapper());
        assertThat(json.get("pairs").get("skipped").asInt()).isEqualTo(1);
        assertThat(json.get("skipped_pairs").get(0).get("line").asInt()).isEqualTo(6);
        assertThat(json.get("roc_auc").asDouble()).isEqualTo(1.0);
        assertThat(VerifyEvaluation.table(r)).contains("ROC AUC", "1.0000", "Faces not found (1)", "line 6: a1, x (same): no face in x");
    }

    @Test
    void when_no_pair_is_left_it_says_why_instead_of_inventing_figures() {
        Map<Path, PhotoResult> photos = new LinkedHashMap<>();
        photos.put(Path.of("a"), face(0));
        photos.put(Path.of("x"), new PhotoResult.Rejected(PhotoRejection.NO_FACE, "no face"));
        VerifyEvaluation.Report r = VerifyEvaluation.evaluate("toy", "m", List.of(new PhotoPair(1, Path.of("a"), Path.of("x"), true)),
                new PhotoEmbeddings.Results(photos, 1.0), Path::toString, Map.of());
        assertThat(r.measured()).isFalse();
        assertThat(r.problem()).contains("too few pairs");
        assertThat(VerifyEvaluation.table(r)).contains("too few pairs");
        assertThat(VerifyEvaluation.json(r, new ObjectMapper()).has("roc_auc")).isFalse();
    }
}
