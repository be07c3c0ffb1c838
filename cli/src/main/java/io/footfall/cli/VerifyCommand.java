package io.footfall.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import io.footfall.matcher.MatcherSettings;
import io.footfall.matcher.ModelSettings;
import io.footfall.runtime.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall verify A.jpg B.jpg}: do two photos show the same person? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Say whether two photos show the same person",
                "",
                "The face of each photo goes through the live detector, alignment and embedder; their cosine "
                        + "similarity is compared with the calibrated threshold (matcher.known-threshold, docs/ACCURACY.md). "
                        + "A photo with several faces counts only when its largest face is clearly the subject: no other face "
                        + "more than half its size, nor more than a quarter and nearer the middle (as for enrolment).",
                "",
                "Exit code: 0 same person, 1 different people, 2 no decision (a photo without a usable face, an "
                        + "unreadable photo, or bad usage).",
                ""})
final class VerifyCommand implements Callable<Integer> {

    static final int SAME = 0;
    static final int DIFFERENT = 1;
    static final int NO_DECISION = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoTools.Options options;

    @Parameters(index = "0", paramLabel = "A", description = "First photo (JPEG, PNG, WebP or BMP)")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Second photo")
    Path b;

    @Option(names = "--threshold", paramLabel = "T", description = "Cosine similarity for 'same person' (default: matcher.known-threshold)")
    Double threshold;

    @Option(names = "--json", description = "Print the result as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        double t = threshold != null ? threshold : ModelSettings.known(config);
        String tDescribed = threshold != null ? String.format(Locale.ROOT, "%.3f (--threshold)", t) : PhotoTools.describe(config, MatcherSettings.KNOWN_THRESHOLD);
        PhotoResult ra, rb;
        try (PhotoFaces faces = PhotoTools.open(config, err)) {
            ra = faces.embed(a, FacePolicy.DOMINANT_FACE);
            rb = faces.embed(b, FacePolicy.DOMINANT_FACE);
        } catch (RuntimeException e) {
            // exit code 1 means "different people": a failure must not read as an answer
            err.println("footfall verify: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return NO_DECISION;
        }
        ObjectNode o = EvalCommand.JSON.createObjectNode();
        o.put("a", a.toString()).put("b", b.toString()).put("threshold", t);
        boolean usable = true;
        for (Object[] side : new Object[][] {{"a_face", a, ra}, {"b_face", b, rb}}) {
            PhotoResult r = (PhotoResult) side[2];
            ObjectNode face = o.putObject((String) side[0]);
            if (r instanceof PhotoResult.Accepted acc) {
                face.put("faces_found", acc.facesFound()).putArray("box").add(round(acc.face().x())).add(round(acc.face().y()))
                        .add(round(acc.face().width())).add(round(acc.face().height()));
            } else {
                PhotoResult.Rejected rej = (PhotoResult.Rejected) r;
                face.put("reason", rej.reason().name()).put("message", rej.message());
                usable = false;
                if (!json) {
                    err.println("footfall verify: " + side[1] + ": " + rej.message());
                }
            }
        }
        if (!usable) {
            o.put("decision", "no face");
            if (json) {
                out.println(EvalCommand.JSON.writeValueAsString(o));
            }
            return NO_DECISION;
        }
        float[] va = ((PhotoResult.Accepted) ra).vector(), vb = ((PhotoResult.Accepted) rb).vector();
        double similarity = 0;
        for (int i = 0; i < va.length; i++) {
            similarity += (double) va[i] * vb[i];
        }
        boolean same = similarity >= t;
        o.put("similarity", Math.round(similarity * 1e6) / 1e6).put("same", same).put("decision", same ? "same person" : "different people");
        if (json) {
            out.println(EvalCommand.JSON.writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%s: similarity %.3f %s threshold %s%n", same ? "same person" : "different people", similarity,
                    same ? ">=" : "<", tDescribed);
            for (Object[] side : new Object[][] {{a, ra}, {b, rb}}) {
                PhotoResult.Accepted acc = (PhotoResult.Accepted) side[1];
                int found = acc.facesFound();
                out.printf(Locale.ROOT, "  %s: %s at %.0f,%.0f (%.0f×%.0f px)%n", side[0], found > 1 ? "the largest of " + found + " faces, clearly the subject" : "one face",
                        acc.face().x(), acc.face().y(), acc.face().width(), acc.face().height());
            }
        }
        out.flush();
        return same ? SAME : DIFFERENT;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
