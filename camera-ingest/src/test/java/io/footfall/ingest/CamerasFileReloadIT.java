package io.footfall.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.footfall.models.NpmFiles;
import io.footfall.schema.CameraState;
import io.footfall.schema.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the cameras file adds, changes and removes cameras without restarting the others. */
class CamerasFileReloadIT {

    @TempDir
    Path dir;

    @Test
    void cameras_follow_the_file_and_untouched_cameras_keep_running() throws Exception {
        // given a cameras file with one camera playing the sample video
        Path video = NpmFiles.franckVideo();
        Path file = dir.resolve("cameras.properties");
        Files.writeString(file, "entrance.url=" + video + "\nentrance.fps=4\n");
        try (IngestHarness ingest = new IngestHarness(List.of("entrance", "exit"), List.of(),
                Map.of("ingest.cameras-file", file.toString(), "ingest.reload-interval", "200ms")).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.frames("entrance").size() >= 4);

            // when a second camera is added
            Files.writeString(file, "entrance.url=" + video + "\nentrance.fps=4\nexit.url=" + video + "\nexit.fps=2\n");
            // then it starts streaming, and the first camera was not restarted (its sequence goes on)
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.frames("exit").size() >= 2);
            assertSequenceUnbroken(ingest.frames("entrance"));
            assertThat(ingest.states("entrance")).containsExactly(CameraState.CONNECTING, CameraState.STREAMING);

            // when a broken line is saved, the running cameras are left as they are
            Files.writeString(file, "entrance.url=" + video + "\nentrance.fps=four\n");
            Thread.sleep(1_000);
            assertThat(ingest.ingest.states()).containsOnlyKeys("entrance", "exit");

            // when the first camera is removed
            Files.writeString(file, "exit.url=" + video + "\nexit.fps=2\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ingest.ingest.states().containsKey("entrance"));
            // a frame published just before it stopped may still be on its way to the test's consumer
            int entranceFrames = settled(() -> ingest.frames("entrance").size());
            int exitFrames = ingest.frames("exit").size();
            Thread.sleep(1_500);
            // then it stops, and the other one goes on
            assertThat(ingest.frames("entrance")).hasSize(entranceFrames);
            assertThat(ingest.frames("exit").size()).isGreaterThan(exitFrames);
        }
    }

    /** The value once it has not changed for a second (at most 10 s). */
    private static int settled(java.util.function.IntSupplier value) throws InterruptedException {
        int last = value.getAsInt();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(1_000);
            int now = value.getAsInt();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void assertSequenceUnbroken(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).getSequence()).isEqualTo(i);
        }
    }
}
