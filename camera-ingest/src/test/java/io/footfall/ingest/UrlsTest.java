package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void credentials_are_removed_wherever_they_appear() {
        assertThat(Urls.redact("rtsp://admin:s3cr@t@10.0.0.7:554/stream1")).isEqualTo("rtsp://***@10.0.0.7:554/stream1");
        assertThat(Urls.redact("rtsp://10.0.0.7/stream1")).isEqualTo("rtsp://10.0.0.7/stream1");
        assertThat(Urls.redact("Could not open input \"rtsp://u:p@cam/x\" (error -111)"))
                .isEqualTo("Could not open input \"rtsp://***@cam/x\" (error -111)");
        assertThat(Urls.redact("/videos/lobby.mp4")).isEqualTo("/videos/lobby.mp4");
    }
}
