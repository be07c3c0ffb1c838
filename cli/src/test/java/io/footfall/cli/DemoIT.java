package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.models.NpmFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command: on the embedded default it comes up with all four services, enrols the
 * sample person, recognises them in the sample video played as a camera, and stops cleanly.
 */
class DemoIT {

    @Test
    void the_demo_recognises_the_sample_person_on_the_embedded_default() {
        FootfallCliTest.Result result = FootfallCliTest.run("demo", "--duration", "25s", "--set", "metrics.port=0");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Footfall demo is up")
                .contains("(embedded, KRaft)")
                .contains("/metrics")
                .containsPattern("web page +http://localhost:[0-9]+/")
                .contains("this machine only")
                .containsPattern("API token +[0-9a-f]{24} +\\(generated")
                .containsPattern("sample +CAMERA +CONNECTING")
                .containsPattern("sample +CAMERA +STREAMING")
                .contains("Enrolled 'Franck (sample)' from 3 frames")
                .containsPattern("sample +ENTERED +Franck \\(sample\\) \\(similarity (0\\.[6-9]|1\\.00)[0-9]*\\) · ~[0-9]+ · (male|female) · [a-z]+")
                .containsPattern("sample +COUNT +[0-9:]+-[0-9:]+: 1 entries, 1 known, 0 unknown · ([0-9]+-[0-9]+|[0-9]+\\+) 1 · (male|female) 1")
                .containsPattern("Summary: visits entered 1, left 0; known 1, unknown 0")
                .containsPattern("frames published [1-9][0-9]*, analysed [1-9][0-9]*; faces found [1-9][0-9]*, embedded [1-9][0-9]*;"
                        + " capture-to-event latency p50 ≤ [0-9]+ ms, p99 ≤ [0-9]+ ms");
    }

    @Test
    void the_demo_enrols_a_folder_and_recognises_that_person_on_a_camera_of_ones_own(@TempDir Path tmp) throws Exception {
        // given a folder with two stills of the person of a real video, and a photo without a face
        Path people = tmp.resolve("people");
        Path franck = Files.createDirectories(people.resolve("Franck"));
        for (String still : new String[] {"franck_01829.jpg", "franck_04117.jpg"}) {
            Files.copy(NpmFiles.clmtrackrMedia(still), franck.resolve(still));
        }
        Files.write(Files.createDirectories(people.resolve("Nobody")).resolve("blank.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});

        // when the demo enrols it and plays the video as its only camera
        FootfallCliTest.Result result = FootfallCliTest.run("demo", "--enroll", people.toString(), "--camera",
                "door=" + NpmFiles.franckVideo(), "--duration", "25s", "--set", "metrics.port=0");

        // then each photo's outcome is printed, the person without a face is left out, and Franck is named on the camera
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("enrol: Franck/franck_01829.jpg: accepted")
                .containsPattern("enrol: Nobody/blank.jpg: rejected")
                .contains("Nobody not enrolled")
                .contains("Enrolled 1 of 2 people from " + people + ": Franck")
                .doesNotContain("Franck (sample)")
                .containsPattern("door +ENTERED +Franck \\(similarity (0\\.[6-9]|1\\.00)");
    }
}
