package io.footfall.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.detector.MtcnnFace;
import io.footfall.faces.PhotoRejection;
import io.footfall.faces.PhotoResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentifyEvaluationTest {

    /** A unit vector at angle {@code degrees} in the plane of the first two axes. */
    static float[] at(double degrees) {
        float[] v = new float[4];
        v[0] = (float) Math.cos(Math.toRadians(degrees));
        v[1] = (float) Math.sin(Math.toRadians(degrees));
        return v;
    }

    static IdentifyEvaluation.Person person(String name, double... degrees) {
        List<String> photos = new java.util.ArrayList<>();
        List<float[]> vectors = new java.util.ArrayList<>();
        for (int i = 0; i < degrees.length; i++) {
            photos.add(name + "/" + i + ".jpg");
            vectors.add(at(degrees[i]));
        }
        return new IdentifyEvaluation.Person(name, photos, vectors);
    }

    @Test
    void leave_one_out_rank_1_and_the_open_set_at_each_threshold_match_a_hand_count() {
        // ada at 0°, 10°, 20°; bob at 60°, 64°; cy at 31° (one photo: a stranger and gallery only); dan at 200°, 203°
        // (cosines: 10° 0.985, 11° 0.982, 21° 0.934, 29° 0.875, 31° 0.857, 33° 0.839, 4° 0.998, 3° 0.999)
        List<IdentifyEvaluation.Person> people = List.of(person("ada", 0, 10, 20), person("bob", 60, 64), person("cy", 31),
                person("dan", 200, 203));
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("known", 0.97);
        thresholds.put("unknown", 0.80);

        IdentifyEvaluation.Report r = IdentifyEvaluation.evaluate("toy", "toy-model", people, 8, List.of(), thresholds, 1.0);

        // closed set: ada/20 has ada/10 at 10° and cy at 11°: right, just; every other probe is clearly right
        assertThat(r.closedProbes()).isEqualTo(7);
        assertThat(r.rank1Correct()).isEqualTo(7);
        assertThat(r.rank1()).isEqualTo(1.0);
        assertThat(r.singlePhotoIdentities()).isEqualTo(1);
        IdentifyEvaluation.At known = r.atThresholds().get(0);
        // strangers (each photo, its person left out): ada/20 → cy 11° (0.982 ≥ 0.97: false accept), cy → ada/20 11° (false accept),
        // ada/0, ada/10 → cy 31°, 21° (0.857, 0.934: rejected), bob → cy 29°, 33° (rejected), dan → all > 130° away (rejected)
        assertThat(known.unknownProbes()).isEqualTo(8);
        assertThat(known.unknownRejected()).isEqualTo(6);
        assertThat(known.falseAcceptRate()).isEqualTo(2.0 / 8);
        // known probes at 0.97: ada/0 (own 0.985), ada/10, ada/20, bob×2 (0.998), dan×2 (0.9986): all accepted, none wrong
        assertThat(known.knownAccepted()).isEqualTo(7);
        assertThat(known.falseRejects()).isZero();
        IdentifyEvaluation.At unknown = r.atThresholds().get(1);
        // at 0.80 only dan's photos, as strangers, are rejected (every other stranger is within 33° of someone)
        assertThat(unknown.unknownRejected()).isEqualTo(2);
        assertThat(unknown.misidentified()).isZero();
    }

    @Test
    void a_probe_closer_to_someone_else_is_a_rank_1_miss_and_a_misidentification_above_the_threshold() {
        // ada at 0° and 20°; bob at 28° and 30°: ada/20 is 8° from bob and 20° from her own other photo
        List<IdentifyEvaluation.Person> people = List.of(person("ada", 0, 20), person("bob", 28, 30));
        IdentifyEvaluation.Report r = IdentifyEvaluation.evaluate("toy", "m", people, 4, List.of(), Map.of("t", 0.95), 1.0);

        assertThat(r.closedProbes()).isEqualTo(4);
        assertThat(r.rank1Correct()).isEqualTo(3);
        assertThat(r.misses()).singleElement().satisfies(m -> {
            assertThat(m.photo()).isEqualTo("ada/1.jpg");
            assertThat(m.takenFor()).isEqualTo("bob");
            assertThat(m.ownBest()).isCloseTo(Math.cos(Math.toRadians(20)), org.assertj.core.data.Offset.offset(1e-6));
        });
        IdentifyEvaluation.At at = r.atThresholds().get(0);
        // ada/0: best 0.940 (her own) < 0.95: false reject; ada/20: bob at 0.990, wrong: misidentified; bob's two: accepted
        assertThat(at.falseRejects()).isEqualTo(1);
        assertThat(at.misidentified()).isEqualTo(1);
        assertThat(at.knownAccepted()).isEqualTo(2);
        assertThat(IdentifyEvaluation.table(r)).contains("closed-set rank-1   75.00 % (3 of 4 probes)", "ada/1.jpg taken for bob");
    }

    @Test
    void the_gallery_keeps_the_faces_found_and_lists_the_photos_without_one() {
        Path ada1 = Path.of("ada/1.jpg"), ada2 = Path.of("ada/2.jpg"), bob1 = Path.of("bob/1.jpg");
        Map<Path, PhotoResult> byPhoto = new LinkedHashMap<>();
        byPhoto.put(ada1, accepted(at(0)));
        byPhoto.put(ada2, new PhotoResult.Rejected(PhotoRejection.NO_FACE, "no face in it"));
        byPhoto.put(bob1, accepted(at(60)));
        List<LabelledFolder.Identity> identities = List.of(new LabelledFolder.Identity("ada", List.of(ada1, ada2)),
                new LabelledFolder.Identity("bob", List.of(bob1)));

        IdentifyEvaluation.Gallery g = IdentifyEvaluation.gallery(identities, new PhotoEmbeddings.Results(byPhoto, 1.0), p -> "x/" + p);

        assertThat(g.people()).extracting(IdentifyEvaluation.Person::name).containsExactly("ada", "bob");
        assertThat(g.people().get(0).photos()).containsExactly("x/" + ada1);
        assertThat(g.people().get(0).vectors()).containsExactly(byPhoto.get(ada1) instanceof PhotoResult.Accepted a ? a.vector() : null);
        assertThat(g.notFound()).containsExactly(new VerifyEvaluation.NotFound("x/" + ada2, "NO_FACE", "no face in it"));
    }

    private static PhotoResult.Accepted accepted(float[] vector) {
        return new PhotoResult.Accepted(vector, new MtcnnFace(0, 0, 10, 10, 0.99, new double[5][2]), 100, 1, false);
    }
}
