package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.eval.BCubed;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterEvaluationTest {

    @Test
    void a_sweep_runs_from_its_start_to_its_end_by_its_step() {
        assertThat(ClusterEvaluation.sweep("0.90:0.93:0.01")).containsExactly(0.90, 0.91, 0.92, 0.93);
        assertThat(ClusterEvaluation.sweep("0.5:0.5:0.1")).containsExactly(0.5);
        for (String bad : List.of("0.9:0.8:0.01", "0.9:0.95", "0.9:0.95:0", "a:b:c", "0:1:0.0001")) {
            assertThatThrownBy(() -> ClusterEvaluation.sweep(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--sweep takes FROM:TO:STEP").hasMessageEndingWith("got '" + bad + "'");
        }
    }

    @Test
    void the_report_lists_the_main_threshold_then_the_sweep() {
        BCubed.Score s = new BCubed.Score(0.98, 0.8, 10, 3, 4, 5, 1);
        ClusterEvaluation.Report r = new ClusterEvaluation.Report("lfw", "model", 12, 2, 1, 7L, new ClusterEvaluation.Point(0.93, s),
                List.of(new ClusterEvaluation.Point(0.9, s), new ClusterEvaluation.Point(0.95, s)));

        String table = ClusterEvaluation.table(r, true);
        ObjectNode json = ClusterEvaluation.json(r, new ObjectMapper());

        assertThat(table.lines()).hasSize(5);
        assertThat(table.lines().toList().get(0)).isEqualTo("Visitor clustering of lfw (model): 12 photos, 2 without a usable face; 1 photo(s) per track");
        assertThat(table.lines().toList().get(2)).startsWith("  0.930     0.9800    0.8000").endsWith("(matcher.visitor-threshold)");
        assertThat(ClusterEvaluation.table(r, false)).doesNotContain("matcher.visitor-threshold");
        assertThat(json.fieldNames()).toIterable().containsExactly("source", "model", "photos", "photos_without_face", "track_photos", "seed",
                "threshold", "bcubed_precision", "bcubed_recall", "bcubed_f1", "clusters", "identities", "largest_cluster", "mixed_clusters", "sweep");
        assertThat(json.get("sweep")).hasSize(2);
        assertThat(json.get("sweep").get(1).get("threshold").asDouble()).isEqualTo(0.95);
    }
}
