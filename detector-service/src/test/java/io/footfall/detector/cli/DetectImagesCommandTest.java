package io.footfall.detector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectImagesCommandTest {

    @TempDir
    Path emptyCache;

    @Test
    void without_models_it_says_how_to_get_them() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetectImagesCommand()).setErr(new PrintWriter(err));
        int code = cli.execute("--cache-dir", emptyCache.toString(), "some.jpg");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("mtcnn-pnet", "footfall models fetch");
    }

    @Test
    void thresholds_need_three_numbers() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DetectImagesCommand()).setErr(new PrintWriter(err));
        assertThat(cli.execute("--thresholds", "0.6,0.7", "some.jpg")).isNotZero();
        assertThat(err.toString()).contains("three numbers");
    }

    @Test
    void help_shows_the_detector_settings_defaults() {
        String help = new CommandLine(new DetectImagesCommand()).getUsageMessage();
        assertThat(help).contains("(default: 40)", "(default: 0.709)", "(default: 10)", "(default: 0.6,0.7,0.7)", "(default: 0.9)",
                "(default: 15.0)", "(default: 0)");
    }
}
