package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegSourceTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_file_is_reported_in_words() {
        CameraSpec camera = new CameraSpec("lobby", dir.resolve("nope.mp4").toString(), 5, 1280, 85, true, true);
        try (FfmpegSource source = new FfmpegSource(camera, Duration.ofSeconds(1))) {
            assertThatThrownBy(source::open).isInstanceOf(FrameSource.SourceException.class).hasMessage("no such file");
        }
    }

    @Test
    void a_file_that_is_not_video_is_reported_as_invalid_data() throws Exception {
        Path garbage = dir.resolve("garbage.mp4");
        Files.write(garbage, new byte[4096]);
        CameraSpec camera = new CameraSpec("lobby", garbage.toString(), 5, 1280, 85, true, true);
        try (FfmpegSource source = new FfmpegSource(camera, Duration.ofSeconds(1))) {
            assertThatThrownBy(source::open).isInstanceOf(FrameSource.SourceException.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("invalid data", "cannot open"));
        }
    }

    @Test
    void ffmpeg_error_codes_become_reasons_without_credentials() {
        assertThat(FfmpegSource.reasonOf(new Exception("avformat_open_input() error -111: Could not open input \"rtsp://u:p@cam/x\"")))
                .isEqualTo("connection refused: is the camera on and the port right?");
        assertThat(FfmpegSource.reasonOf(new Exception("avformat_open_input() error -825242872: Could not open input \"rtsp://u:p@cam/x\"")))
                .contains("401");
        assertThat(FfmpegSource.reasonOf(new Exception("avformat_open_input() error -99999: Could not open input \"rtsp://u:p@cam/x\"")))
                .contains("rtsp://***@cam/x").doesNotContain("u:p");
    }
}
