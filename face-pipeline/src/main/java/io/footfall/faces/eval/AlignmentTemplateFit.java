package io.footfall.faces.eval;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Fits a five-point alignment template to an embedder's own face chips: the mean MTCNN landmarks over chips that the
 * model's own pipeline aligned (e.g. dlib's 150×150 chips), in chip pixels, their spread, and the same made left-right
 * symmetric. Aligning MTCNN's points onto the template reproduces the chips' geometry (docs/ACCURACY.md).
 *
 * <p>Landmarks are added one chip at a time; all chips must have one size. Not thread-safe.
 */
public final class AlignmentTemplateFit {

    /** The five points in MTCNN's order. */
    public static final List<String> POINTS = List.of("left eye", "right eye", "nose tip", "left mouth corner", "right mouth corner");

    /**
     * A fitted template, every array five {x, y} points in {@link #POINTS} order, in chip pixels.
     *
     * @param used      chips whose face was found and averaged
     * @param chips     chips offered, found or not
     * @param sd        the landmarks' standard deviation over the chips used
     * @param symmetric the mean made left-right symmetric ({@link #symmetric})
     */
    public record Template(int used, int chips, int width, int height, double[][] mean, double[][] sd, double[][] symmetric) {

        /** The template as the text report {@code footfall eval template} prints. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "Template fitted to %d of %d chips (%d×%d):%n", used, chips, width, height));
            b.append(String.format(Locale.ROOT, "  %-20s %-22s %-16s %s%n", "point", "mean (x, y)", "sd (x, y)", "symmetric (x, y)"));
            for (int i = 0; i < POINTS.size(); i++) {
                b.append(String.format(Locale.ROOT, "  %-20s %-22s %-16s %s%n", POINTS.get(i), point(mean[i]), point(sd[i]), point(symmetric[i])));
            }
            return b.toString();
        }

        private static String point(double[] p) {
            return String.format(Locale.ROOT, "(%.2f, %.2f)", p[0], p[1]);
        }
    }

    private final double[][] sum = new double[5][2];
    private final double[][] squares = new double[5][2];
    private int used;
    private int width = -1;
    private int height = -1;

    /** The image files under {@code dirs}, searched recursively, in name order. */
    public static List<Path> chips(List<Path> dirs) throws IOException {
        List<Path> chips = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is not a folder of face chips");
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).filter(LabelledFolder::isImageName).sorted().forEach(chips::add);
            }
        }
        if (chips.isEmpty()) {
            throw new IllegalArgumentException("no images in " + dirs);
        }
        return chips;
    }

    /**
     * Fits the template to each chip's largest face; a chip that cannot be read or shows no face is passed to
     * {@code skipped} with the reason.
     *
     * @return the template, or empty when no chip showed a face
     * @throws IllegalArgumentException when the chips are not all of one size
     */
    public static Optional<Template> fit(PhotoFaces faces, List<Path> chips, Consumer<String> skipped) {
        AlignmentTemplateFit fit = new AlignmentTemplateFit();
        for (Path chip : chips) {
            int[] size = imageSize(faces, chip);
            if (size == null) {
                skipped.accept(chip + ": cannot be read");
                continue;
            }
            fit.checkSize(chip, size[0], size[1]);
            PhotoResult r = faces.embed(chip, FacePolicy.LARGEST_FACE);
            if (r instanceof PhotoResult.Accepted a) {
                fit.add(a.face().landmarks());
            } else {
                skipped.accept(chip + ": " + ((PhotoResult.Rejected) r).message());
            }
        }
        return fit.used == 0 ? Optional.empty() : Optional.of(fit.template(chips.size()));
    }

    /**
     * Takes the size of the next chip: the first sets it, every later one must match.
     *
     * @throws IllegalArgumentException when {@code chip} is not the size of the chips before it
     */
    void checkSize(Path chip, int chipWidth, int chipHeight) {
        if (width < 0) {
            width = chipWidth;
            height = chipHeight;
        } else if (chipWidth != width || chipHeight != height) {
            throw new IllegalArgumentException(chip + " is " + chipWidth + "×" + chipHeight + ", the chips before it " + width + "×" + height
                    + ": a template is fitted to chips of one size");
        }
    }

    /** Adds one chip's five landmarks, {x, y} each, in chip pixels. */
    void add(double[][] landmarks) {
        used++;
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 2; k++) {
                double v = landmarks[i][k];
                sum[i][k] += v;
                squares[i][k] += v * v;
            }
        }
    }

    /** The template over the chips added so far; {@code chips} counts every chip offered. */
    Template template(int chips) {
        if (used == 0) {
            throw new IllegalStateException("no chip added");
        }
        double[][] mean = new double[5][2], sd = new double[5][2];
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 2; k++) {
                mean[i][k] = sum[i][k] / used;
                sd[i][k] = Math.sqrt(Math.max(0, squares[i][k] / used - mean[i][k] * mean[i][k]));
            }
        }
        return new Template(used, chips, width, height, mean, sd, symmetric(mean));
    }

    /** Mirror pairs (eyes, mouth corners) about the points' mean x, averaging their heights and offsets; the nose goes on the axis. */
    public static double[][] symmetric(double[][] p) {
        double axis = (p[0][0] + p[1][0] + p[3][0] + p[4][0]) / 4;
        double[][] s = new double[5][2];
        for (int[] pair : new int[][] {{0, 1}, {3, 4}}) {
            double half = (p[pair[1]][0] - p[pair[0]][0]) / 2, y = (p[pair[0]][1] + p[pair[1]][1]) / 2;
            s[pair[0]] = new double[] {axis - half, y};
            s[pair[1]] = new double[] {axis + half, y};
        }
        s[2] = new double[] {axis, p[2][1]};
        return s;
    }

    private static int[] imageSize(PhotoFaces faces, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            try (Mat m = faces.decode(bytes)) {
                return new int[] {m.cols(), m.rows()};
            }
        } catch (IOException | PhotoFaces.PhotoException e) {
            return null;
        }
    }
}
