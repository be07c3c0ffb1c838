package io.footfall.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.eval.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Output options every {@code footfall eval} subcommand shares: the report on stdout, as a table or JSON, and in a JSON file. */
final class EvalOutput {

    /** How a report is printed on stdout. */
    enum Format { table, json }

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the whole report (every figure, face not found and skipped pair) as JSON")
    Path json;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "What to print on stdout (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--jobs", paramLabel = "N", description = "Photos read in parallel (default: up to 4, one per core)")
    Integer jobs;

    @Option(names = "--no-progress", description = "No progress bar on stderr")
    boolean noProgress;

    int jobs() {
        return jobs == null ? PhotoTools.defaultJobs() : Math.max(1, jobs);
    }

    Progress.Mode progress() {
        return noProgress ? Progress.Mode.OFF : Progress.auto();
    }

    void print(PrintWriter out, String table, ObjectNode json) throws IOException {
        if (this.json != null) {
            Path parent = this.json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(this.json, EvalCommand.JSON.writeValueAsString(json) + System.lineSeparator());
        }
        out.print(format == Format.json ? EvalCommand.JSON.writeValueAsString(json) + System.lineSeparator() : table);
        out.flush();
    }
}
