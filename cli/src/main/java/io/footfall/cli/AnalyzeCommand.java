package io.footfall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.detector.MtcnnFace;
import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.embedder.attributes.AttributeSettings;
import io.footfall.embedder.attributes.Expression;
import io.footfall.embedder.attributes.FaceAttributes;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.eval.LabelledFolder;
import io.footfall.faces.eval.Progress;
import io.footfall.runtime.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall analyze}: estimated age, gender and expression of every face in photos (like DeepFace's analyze). */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
        description = {"Estimate age, gender and expression of every face in photos",
                "",
                "Each face goes through the live pipeline's detector, quality gates and alignment, then face-api.js's "
                        + "age/gender and expression nets (the models the pipeline uses). Faces too small, blurred or cut off "
                        + "are listed as refused, without estimates. These are estimates from appearance, with the errors "
                        + "measured in docs/ACCURACY.md (Demographics).",
                "",
                "  footfall analyze photo.jpg               a table of the faces",
                "  footfall analyze --format json photos/   one JSON line per photo",
                "  footfall analyze --out drawn/ photos/    also copies with boxes drawn",
                "",
                "JSON: {file, width, height, faces: [{box: [x, y, w, h], age, gender (male|female), gender_probability, "
                        + "expression, expression_scores: {neutral, happy, sad, angry, fearful, disgusted, surprised}}], "
                        + "refused_faces: [{box, reason}]}, or {file, error} for a photo that could not be read.",
                "",
                "Folders are searched for JPEG, PNG, WebP and BMP files. A photo that cannot be read is reported on stderr "
                        + "with the reason; the others are still analysed. Exit code: 0 every photo read, 1 some could not "
                        + "be read, 2 bad usage.",
                ""})
final class AnalyzeCommand implements Callable<Integer> {

    /** How results are printed on stdout. */
    enum Format { table, json }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoTools.Options options;

    @Parameters(arity = "1..*", paramLabel = "PHOTO|DIR", description = "Photos, or folders searched for photos")
    List<Path> inputs;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "What to print on stdout (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a copy of each photo with the faces' boxes and estimates drawn (same file names)")
    Path out;

    @Option(names = "--no-progress", description = "No progress on stderr (it is shown for more than one photo)")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<Path> files = expand(inputs);
        List<Path> missing = inputs.stream().filter(p -> !Files.exists(p)).toList();
        missing.forEach(p -> err.println(p + ": not analysed: no such file or folder"));
        if (files.isEmpty()) {
            if (!missing.isEmpty()) {
                return 1;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "no photo in " + inputs + " (JPEG, PNG, WebP or BMP)");
        }
        Config config = options.load();
        if (!config.get(AttributeSettings.ENABLED)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "attributes.enabled is false in your settings; "
                    + "'footfall analyze' estimates exactly those attributes (drop the setting or pass --set attributes.enabled=true)");
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        int failed = 0;
        Set<String> written = new HashSet<>();
        try (PhotoFaces faces = PhotoTools.open(config, err); AttributeEstimator estimator = AttributeSettings.estimator(config)) {
            PhotoAttributes analyser = new PhotoAttributes(faces, estimator);
            Progress progress = new Progress(err, "photos", files.size(), noProgress || files.size() < 2 ? Progress.Mode.OFF : Progress.auto());
            if (format == Format.table) {
                stdout.println(header());
            }
            for (Path file : files) {
                PhotoAttributes.Analysis a = analyser.analyse(file, out == null ? null : (analysis, bgr) -> draw(analysis, bgr, err, written));
                if (a.failed()) {
                    failed++;
                    err.println(file + ": not analysed: " + a.error());
                }
                if (format == Format.json) {
                    stdout.println(JSON.writeValueAsString(json(a)));
                } else if (!a.failed()) {
                    stdout.print(rows(a));
                }
                stdout.flush();
                err.flush();
                progress.step();
            }
        }
        if (failed + missing.size() > 0) {
            err.println((failed + missing.size()) + " of " + (files.size() + missing.size()) + " inputs could not be analysed (reasons above)");
        }
        return failed + missing.size() == 0 ? 0 : 1;
    }

    static ObjectNode json(PhotoAttributes.Analysis a) {
        ObjectNode line = JSON.createObjectNode().put("file", a.file().toString());
        if (a.failed()) {
            return line.put("error", a.error());
        }
        line.put("width", a.width()).put("height", a.height());
        ArrayNode list = line.putArray("faces");
        for (PhotoAttributes.Face f : a.faces()) {
            FaceAttributes at = f.attributes();
            ObjectNode face = list.addObject();
            box(face, f.box());
            face.put("age", round(at.age(), 1)).put("gender", at.gender().label()).put("gender_probability", round(at.genderProbability(), 4))
                    .put("expression", at.expression().label());
            ObjectNode scores = face.putObject("expression_scores");
            for (Expression e : Expression.values()) {
                scores.put(e.label(), round(at.score(e), 4));
            }
        }
        ArrayNode refused = line.putArray("refused_faces");
        for (PhotoAttributes.Refused r : a.refused()) {
            box(refused.addObject(), r.box()).put("reason", r.reason());
        }
        return line;
    }

    private static ObjectNode box(ObjectNode face, MtcnnFace b) {
        face.putArray("box").add(Math.round(b.x())).add(Math.round(b.y())).add(Math.round(b.width())).add(Math.round(b.height()));
        return face;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-32s %4s  %-19s %5s  %-14s %s", "photo", "face", "box (x,y w×h)", "age", "gender", "expression");
    }

    /** One table row per face (largest first); a photo without an estimated face gets one row that says why. */
    static String rows(PhotoAttributes.Analysis a) {
        StringBuilder s = new StringBuilder();
        String name = a.file().getFileName().toString();
        if (name.length() > 32) {
            name = "…" + name.substring(name.length() - 31);
        }
        int i = 0;
        for (PhotoAttributes.Face f : a.faces()) {
            FaceAttributes at = f.attributes();
            s.append(String.format(Locale.ROOT, "%-32s %4d  %-19s %5.0f  %-6s %.2f    %s %.2f%n", i == 0 ? name : "", ++i, boxText(f.box()), at.age(),
                    at.gender().label(), at.genderProbability(), at.expression().label(), at.score(at.expression())));
        }
        for (PhotoAttributes.Refused r : a.refused()) {
            s.append(String.format(Locale.ROOT, "%-32s %4s  %-19s %5s  %-14s %s%n", i == 0 ? name : "", "-", boxText(r.box()), "", "",
                    "(refused: " + r.reason() + ")"));
            i++;
        }
        if (i == 0) {
            s.append(String.format(Locale.ROOT, "%-32s %4s  no face found%n", name, "-"));
        }
        return s.toString();
    }

    private static String boxText(MtcnnFace b) {
        return String.format(Locale.ROOT, "%d,%d %d×%d", Math.round(b.x()), Math.round(b.y()), Math.round(b.width()), Math.round(b.height()));
    }

    private void draw(PhotoAttributes.Analysis a, Mat bgr, PrintWriter err, Set<String> written) {
        double unit = Math.max(1.0, Math.max(bgr.cols(), bgr.rows()) / 800.0);
        int thickness = (int) Math.max(2, Math.round(2 * unit));
        for (PhotoAttributes.Face f : a.faces()) {
            FaceAttributes at = f.attributes();
            Scalar colour = at.gender() == io.footfall.embedder.attributes.Gender.FEMALE ? new Scalar(160, 60, 200, 0) : new Scalar(200, 120, 30, 0);
            label(bgr, f.box(), String.format(Locale.ROOT, "~%.0f %s %s", at.age(), at.gender().label(), at.expression().label()), colour, unit, thickness);
        }
        for (PhotoAttributes.Refused r : a.refused()) {
            label(bgr, r.box(), r.reason(), new Scalar(160, 160, 160, 0), unit, thickness);
        }
        Path target = target(a.file(), written);
        if (!opencv_imgcodecs.imwrite(target.toString(), bgr)) {
            err.println(a.file() + ": analysed, but " + target + " could not be written");
        }
    }

    private static void label(Mat bgr, MtcnnFace b, String text, Scalar colour, double unit, int thickness) {
        int x = clamp((int) Math.round(b.x()), 0, bgr.cols() - 1), y = clamp((int) Math.round(b.y()), 0, bgr.rows() - 1);
        int w = clamp((int) Math.round(b.width()), 1, bgr.cols() - x), h = clamp((int) Math.round(b.height()), 1, bgr.rows() - y);
        opencv_imgproc.rectangle(bgr, new Rect(x, y, w, h), colour, thickness, opencv_imgproc.LINE_AA, 0);
        double fontScale = 0.55 * unit;
        int[] baseline = new int[1];
        Size size = opencv_imgproc.getTextSize(text, opencv_imgproc.FONT_HERSHEY_SIMPLEX, fontScale, thickness / 2 + 1, baseline);
        int ty = y - 6 > size.height() + 4 ? y - 6 : Math.min(bgr.rows() - 4, y + h + size.height() + 6);
        opencv_imgproc.rectangle(bgr, new Rect(x, Math.max(0, ty - size.height() - 4), Math.max(1, Math.min(size.width() + 6, bgr.cols() - x)),
                size.height() + baseline[0] + 6), colour, opencv_imgproc.FILLED, opencv_imgproc.LINE_8, 0);
        opencv_imgproc.putText(bgr, text, new Point(x + 3, ty), opencv_imgproc.FONT_HERSHEY_SIMPLEX, fontScale,
                new Scalar(255, 255, 255, 0), thickness / 2 + 1, opencv_imgproc.LINE_AA, false);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private Path target(Path file, Set<String> written) {
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT) : ".jpg";
        if (!ext.equals(".jpg") && !ext.equals(".jpeg") && !ext.equals(".png")) {
            ext = ".jpg";
        }
        String candidate = base + ext;
        for (int i = 2; !written.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = base + "-" + i + ext;
        }
        return out.resolve(candidate);
    }

    /** Files as given (whatever their name: a bad one is reported per file) and the photos inside folders, sorted. */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(LabelledFolder::isImageName).sorted().forEach(files::add);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            }
        }
        return files;
    }
}
