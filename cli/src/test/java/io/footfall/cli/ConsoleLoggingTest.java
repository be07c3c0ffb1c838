package io.footfall.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Services log their progress; the demo and the tools show only warnings unless --verbose. */
class ConsoleLoggingTest {

    static Level levelFor(String... args) {
        return ConsoleLogging.levelFor(new CommandLine(new Footfall()).parseArgs(args));
    }

    @Test
    void services_log_info_and_tools_only_warnings() {
        assertThat(levelFor("match")).isEqualTo(Level.INFO);
        assertThat(levelFor("run", "--services", "detect")).isEqualTo(Level.INFO);
        assertThat(levelFor("detect")).as("the detector service").isEqualTo(Level.INFO);
        assertThat(levelFor("detect", "photo.jpg")).as("detect on photos is a tool").isEqualTo(Level.WARN);
        assertThat(levelFor("demo")).isEqualTo(Level.WARN);
        assertThat(levelFor("eval", "video", "--truth", "t.csv", "clips")).isEqualTo(Level.WARN);
    }

    @Test
    void verbose_anywhere_logs_info() {
        assertThat(levelFor("demo", "--verbose")).isEqualTo(Level.INFO);
        assertThat(levelFor("--verbose", "eval", "video", "--truth", "t.csv", "clips")).isEqualTo(Level.INFO);
        assertThat(levelFor("eval", "video", "--verbose", "--truth", "t.csv", "clips")).isEqualTo(Level.INFO);
    }
}
