package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FootfallCliTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Footfall.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void help_lists_every_subcommand() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "ingest", "detect", "embed", "match", "enroll", "models", "eval", "bench", "config", "topics");
    }

    @Test
    void version_names_the_release() {
        assertThat(run("--version").out()).startsWith("footfall ");
    }

    @Test
    void a_bad_config_value_is_one_line_naming_the_key() {
        Result r = run("config", "--set", "streams.threads=many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .isEqualTo("footfall: Invalid value 'many' for setting 'streams.threads' (from command line): "
                        + "not an integer; use a whole number between 1 and 64.");
    }

    @Test
    void config_prints_the_reference_with_environment_names() {
        Result r = run("config", "--markdown");
        assertThat(r.out()).contains("| `kafka.bootstrap-servers` | `FOOTFALL_KAFKA_BOOTSTRAP_SERVERS` |");
    }

    @Test
    void run_refuses_unknown_services_and_ingest_without_cameras_before_starting_anything() {
        Result unknown = run("run", "--services", "ingest,detectorr");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown service 'detectorr'");
        Result noCameras = run("run", "--services", "ingest");
        assertThat(noCameras.code()).isEqualTo(2);
        assertThat(noCameras.err()).contains("needs cameras").contains("FOOTFALL_INGEST_CAMERAS_FILE");
    }

    @Test
    void eval_lists_its_measurements() {
        Result r = run("eval");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("verify", "identify", "cluster", "video", "template", "attributes");
    }

    @Test
    void eval_attributes_refuses_a_bad_labels_file_with_line_numbers_before_loading_models(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path labels = java.nio.file.Files.writeString(tmp.resolve("people.csv"),
                "name,gender,birth_year\nAda,female,1815\nBob,robot,1960\nCy,male,sixty\n");
        Result r = run("eval", "attributes", "--labels", labels.toString(), tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has 3 problems", "line 2: birth_year is '1815'", "line 3: gender is 'robot'", "line 4: birth_year is 'sixty'");
    }

    @Test
    void analyze_says_which_inputs_do_not_exist_before_loading_models(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Result r = run("analyze", tmp.resolve("nope.jpg").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("nope.jpg: not analysed: no such file or folder");
    }

    @Test
    void eval_video_refuses_bad_truth_and_missing_clips_before_loading_models(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path truth = tmp.resolve("truth.csv");
        java.nio.file.Files.writeString(truth, "clip,person,name,required\ndoor.mp4,p1,,yes\n");
        Result bad = run("eval", "video", "--truth", truth.toString(), tmp.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("line 2: required is 'yes'");
        assertThat(bad.out()).isEmpty();
        java.nio.file.Files.writeString(truth, "clip,person,name,required\ndoor.mp4,p1,,0\n");
        Result missing = run("eval", "video", "--truth", truth.toString(), tmp.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("line 2: clip 'door.mp4' is in none of");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void eval_cluster_refuses_a_bad_sweep() {
        Result r = run("eval", "cluster", "--sweep", "0.9:0.8:0.01", ".");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--sweep takes FROM:TO:STEP");
    }

    @Test
    void enroll_says_what_is_wrong_with_the_folder_before_touching_kafka(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        Result missing = run("enroll", tmp.resolve("nope").toString(), "--bootstrap", "127.0.0.1:1");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist", "DIR/<name>.jpg");
        java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "not a photo");
        Result empty = run("enroll", tmp.toString(), "--bootstrap", "127.0.0.1:1");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("skipped notes.txt: not a photo", "no photos in");
        assertThat(run("enroll").code()).as("DIR is required").isEqualTo(2);
    }

    @Test
    void enroll_says_what_to_do_when_kafka_cannot_be_reached(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.write(tmp.resolve("ada.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        Result r = run("enroll", tmp.toString(), "--bootstrap", "127.0.0.1:1", "--registry", "in-process", "--kafka-timeout", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot reach Kafka at 127.0.0.1:1 within 2 s", "--bootstrap HOST:PORT", "--dry-run");
    }
}
