package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraSpecsTest {

    static final CameraSpecs.Defaults DEFAULTS = new CameraSpecs.Defaults(5, 1280, 85);

    @TempDir
    Path dir;

    @Test
    void reads_cameras_with_defaults_for_what_they_leave_out() throws Exception {
        Path file = dir.resolve("cameras.properties");
        Files.writeString(file, """
                lobby.url = rtsp://admin:pw@10.0.0.7/stream1
                lobby.fps = 2
                till.url = /videos/till.mp4
                till.enabled = false
                """);
        List<CameraSpec> cameras = CameraSpecs.read(file, DEFAULTS);
        assertThat(cameras).containsExactly(
                new CameraSpec("lobby", "rtsp://admin:pw@10.0.0.7/stream1", 2, 1280, 85, true, true),
                new CameraSpec("till", "/videos/till.mp4", 5, 1280, 85, false, true));
        assertThat(cameras.get(0).toString()).doesNotContain("pw");
        assertThat(cameras.get(0).isNetworkStream()).isTrue();
        assertThat(cameras.get(1).isNetworkStream()).isFalse();
    }

    @Test
    void files_loop_unless_told_to_play_once_and_only_files_can_end() {
        // a camera given on the command line (footfall ingest / demo --camera ID=FILE) loops, like a live camera
        assertThat(CameraSpecs.fromArgument("sample=/videos/sample.mp4", DEFAULTS).loop()).isTrue();
        assertThat(CameraSpecs.parse(Map.of("till.url", "/videos/till.mp4"), DEFAULTS).get(0).loop()).isTrue();
        assertThat(CameraSpecs.parse(Map.of("till.url", "/videos/till.mp4", "till.loop", "false"), DEFAULTS).get(0).loop()).isFalse();
        // only a file comes to an end: streams, devices and other URLs are reconnected
        assertThat(spec("/videos/till.mp4").isFile()).isTrue();
        assertThat(spec("file:/videos/till.mp4").isFile()).isTrue();
        assertThat(spec("videos/till.mp4").isFile()).isTrue();
        assertThat(spec("rtsp://10.0.0.7/stream1").isFile()).isFalse();
        assertThat(spec("https://cam.example/live.m3u8").isFile()).isFalse();
        assertThat(spec("/dev/video0").isFile()).isFalse();
        assertThat(spec("test://flapping-camera").isFile()).isFalse();
    }

    private static CameraSpec spec(String url) {
        return new CameraSpec("cam", url, 5, 1280, 85, true, false);
    }

    @Test
    void mistakes_name_the_camera_and_the_key() {
        assertThatThrownBy(() -> CameraSpecs.parse(Map.of("lobby.fsp", "5", "lobby.url", "rtsp://x"), DEFAULTS))
                .hasMessageContaining("'lobby.fsp' is not '<camera>.<key>'");
        assertThatThrownBy(() -> CameraSpecs.parse(Map.of("lobby.fps", "five", "lobby.url", "rtsp://x"), DEFAULTS))
                .hasMessageContaining("camera 'lobby': fps must be a number, got 'five'");
        assertThatThrownBy(() -> CameraSpecs.parse(Map.of("lobby.fps", "5"), DEFAULTS))
                .hasMessageContaining("camera 'lobby' has no lobby.url");
        assertThatThrownBy(() -> CameraSpecs.parse(Map.of("lobby.url", "rtsp://x", "lobby.jpeg-quality", "0"), DEFAULTS))
                .hasMessageContaining("jpeg-quality must be between 1 and 100");
        assertThatThrownBy(() -> CameraSpecs.fromArgument("rtsp://u:secret@cam/x", DEFAULTS))
                .hasMessageContaining("ID=URL").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
