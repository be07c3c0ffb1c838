package io.footfall.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;
import io.footfall.faces.recognize.Annotator;
import io.footfall.faces.recognize.Gallery;
import io.footfall.faces.recognize.Recognizer;
import io.footfall.matcher.MatcherSettings;
import io.footfall.matcher.ModelSettings;
import io.footfall.matcher.enrol.EnrolmentFolder;
import io.footfall.runtime.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall recognize}: who is in these photos or this video, drawn onto copies of them. */
@Command(name = "recognize", mixinStandardHelpOptions = true,
        description = {"Name the people of a gallery in photos or videos, drawn onto copies",
                "",
                "Offline, with the live pipeline's detector, embedder and calibrated thresholds. Each face gets a box "
                        + "with the name and similarity: green, a known person (at or above matcher.known-threshold); orange "
                        + "'name?', between the thresholds (the matcher would not decide on this face alone); red 'unknown', "
                        + "below matcher.unknown-threshold; grey, a face too small, blurred or cut off to recognise. One "
                        + "summary line per file.",
                "",
                "footfall recognize photo.jpg party/ --gallery people/ --out annotated/",
                "footfall recognize door.mp4 --gallery people/ --out annotated/",
                "",
                "The gallery is laid out as for 'footfall enroll': DIR/<name>.jpg (one photo per person) or "
                        + "DIR/<name>/*.jpg|png. Videos are written as .mp4. Exit code: 0 done, 1 some input could not be read, "
                        + "2 bad usage or an empty gallery.",
                ""})
final class RecognizeCommand implements Callable<Integer> {

    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "avi", "webm", "mpg", "mpeg", "ts", "flv", "wmv");

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoTools.Options options;

    @Parameters(arity = "1..*", paramLabel = "IMAGES_OR_VIDEO", description = "Photos, folders of photos, or video files")
    List<Path> inputs;

    @Option(names = "--gallery", required = true, paramLabel = "DIR", description = "The people to recognise: DIR/<name>.jpg or DIR/<name>/*.jpg|png")
    Path galleryDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the annotated copies are written (same file names; videos as .mp4)")
    Path out;

    @Option(names = "--every", defaultValue = "1", paramLabel = "N", description = "Videos: recognise every N-th frame, draw the last result between (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every face found (box, name, similarity) as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (every < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--every must be at least 1, got " + every);
        }
        Config config = options.load();
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<Path> files = expand(inputs);
        EnrolmentFolder.Contents folder = EnrolmentFolder.scan(galleryDir);
        folder.skipped().forEach(s -> err.println("gallery: skipped " + s));
        if (folder.people().isEmpty()) {
            throw new IllegalArgumentException("the gallery " + galleryDir + " has no photos; put one photo per person as DIR/<name>.jpg, "
                    + "or several as DIR/<name>/*.jpg");
        }
        Files.createDirectories(out);
        int failed = 0;
        ObjectNode report = EvalCommand.JSON.createObjectNode();
        try (PhotoFaces faces = PhotoTools.open(config, err)) {
            Gallery gallery = new Gallery();
            for (EnrolmentFolder.Person person : folder.people()) {
                for (Path photo : person.photos()) {
                    PhotoResult r = faces.embed(photo, FacePolicy.DOMINANT_FACE);
                    if (r instanceof PhotoResult.Accepted a) {
                        gallery.add(person.displayName(), a.vector());
                    } else {
                        err.println("gallery: " + galleryDir.relativize(photo) + " not used: " + ((PhotoResult.Rejected) r).message());
                    }
                }
            }
            if (gallery.people() == 0) {
                throw new IllegalArgumentException("no photo of the gallery " + galleryDir + " gave a usable face");
            }
            Recognizer recognizer = new Recognizer(faces, gallery, ModelSettings.known(config), ModelSettings.unknown(config));
            stdout.printf(Locale.ROOT, "Gallery: %d people, %d photos. Thresholds: known %s, unknown %s%n", gallery.people(), gallery.templates(),
                    PhotoTools.describe(config, MatcherSettings.KNOWN_THRESHOLD), PhotoTools.describe(config, MatcherSettings.UNKNOWN_THRESHOLD));
            report.put("gallery", galleryDir.toString()).put("people", gallery.people()).put("known_threshold", recognizer.knownThreshold())
                    .put("unknown_threshold", recognizer.unknownThreshold());
            ArrayNode results = report.putArray("files");
            Set<String> written = new HashSet<>();
            for (Path file : files) {
                ObjectNode entry = results.addObject().put("file", file.toString());
                try {
                    String line = isVideo(file) ? video(recognizer, file, target(file, ".mp4", written), entry)
                            : photo(recognizer, faces, file, target(file, null, written), entry);
                    stdout.println(line);
                } catch (IOException | RuntimeException e) {
                    failed++;
                    entry.put("error", String.valueOf(e.getMessage()));
                    stdout.println(file + ": not read: " + e.getMessage());
                }
                stdout.flush();
            }
        }
        if (json != null) {
            Files.writeString(json, EvalCommand.JSON.writeValueAsString(report) + System.lineSeparator());
        }
        return failed == 0 ? 0 : 1;
    }

    private String photo(Recognizer recognizer, PhotoFaces faces, Path file, Path target, ObjectNode entry) throws IOException {
        Mat bgr;
        try {
            bgr = faces.decode(Files.readAllBytes(file));
        } catch (PhotoFaces.PhotoException e) {
            throw new IOException(e.getMessage(), e);
        }
        try (bgr) {
            List<Recognizer.Face> found = recognizer.recognizePhoto(bgr);
            Annotator.draw(bgr, found);
            if (!opencv_imgcodecs.imwrite(target.toString(), bgr)) {
                throw new IOException("cannot write " + target);
            }
            entry.put("out", target.toString());
            ArrayNode list = entry.putArray("faces");
            List<String> labels = new ArrayList<>();
            for (Recognizer.Face f : found) {
                list.add(faceJson(f));
                labels.add(Double.isNaN(f.similarity()) ? f.label() : String.format(Locale.ROOT, "%s %.3f", f.label(), f.similarity()));
            }
            return String.format(Locale.ROOT, "%s: %s -> %s", file, found.isEmpty() ? "no face" : found.size() + (found.size() == 1 ? " face: " : " faces: ")
                    + String.join(", ", labels), target);
        }
    }

    private String video(Recognizer recognizer, Path file, Path target, ObjectNode entry) throws IOException {
        Map<String, int[]> frames = new TreeMap<>(); // label -> frames seen
        Map<String, Double> best = new LinkedHashMap<>();
        int count = 0, withFaces = 0, analysed = 0;
        long started = System.nanoTime();
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(FrameGrabber.ImageMode.COLOR);
            grabber.start();
            double fps = grabber.getFrameRate() > 0 && grabber.getFrameRate() < 1000 ? grabber.getFrameRate() : 25;
            try (FFmpegFrameRecorder recorder = recorder(target, grabber.getImageWidth(), grabber.getImageHeight(), fps)) {
                List<Recognizer.Face> last = List.of();
                Frame frame;
                while ((frame = grabber.grabImage()) != null) {
                    Mat bgr = converter.convert(frame);
                    if (bgr == null) {
                        continue;
                    }
                    if (count % every == 0) {
                        last = recognizer.recognize(bgr);
                        analysed++;
                        Set<String> inFrame = new HashSet<>();
                        for (Recognizer.Face f : last) {
                            String label = f.verdict() == Recognizer.Verdict.KNOWN ? f.closest() : f.verdict() == Recognizer.Verdict.NOT_USABLE
                                    ? "(too poor to recognise)" : "unknown";
                            if (inFrame.add(label)) {
                                frames.computeIfAbsent(label, k -> new int[1])[0]++;
                            }
                            if (f.verdict() == Recognizer.Verdict.KNOWN) {
                                best.merge(label, f.similarity(), Math::max);
                            }
                        }
                        withFaces += last.isEmpty() ? 0 : 1;
                    }
                    try (Mat copy = bgr.clone()) {
                        Annotator.draw(copy, last);
                        recorder.record(converter.convert(copy));
                    }
                    count++;
                }
                recorder.stop();
            }
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new IOException("FFmpeg: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        entry.put("out", target.toString()).put("frames", count).put("frames_analysed", analysed).put("frames_with_faces", withFaces)
                .put("seconds", Math.round(seconds * 10) / 10.0);
        ObjectNode people = entry.putObject("seen");
        List<String> parts = new ArrayList<>();
        frames.forEach((label, n) -> {
            ObjectNode p = people.putObject(label).put("frames", n[0]);
            if (best.containsKey(label)) {
                p.put("best_similarity", Math.round(best.get(label) * 1000) / 1000.0);
                parts.add(String.format(Locale.ROOT, "%s in %d (best %.3f)", label, n[0], best.get(label)));
            } else {
                parts.add(String.format(Locale.ROOT, "%s in %d", label, n[0]));
            }
        });
        return String.format(Locale.ROOT, "%s: %d frames, %d analysed, faces in %d%s -> %s (%.1f s)", file, count, analysed, withFaces,
                parts.isEmpty() ? "" : "; " + String.join(", ", parts), target, seconds);
    }

    /** H.264 in MP4 where this FFmpeg build has an encoder for it, else MPEG-4 part 2, which every build has. */
    private static FFmpegFrameRecorder recorder(Path target, int width, int height, double fps) throws FrameRecorder.Exception {
        FrameRecorder.Exception first = null;
        for (int codec : new int[] {avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_MPEG4}) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(target.toFile(), width, height, 0);
            r.setFormat("mp4");
            r.setVideoCodec(codec);
            r.setFrameRate(fps);
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            r.setVideoQuality(codec == avcodec.AV_CODEC_ID_MPEG4 ? 3 : -1);
            r.setVideoBitrate(codec == avcodec.AV_CODEC_ID_H264 ? Math.max(1_000_000, width * height * 4) : 0);
            try {
                r.start();
                return r;
            } catch (FrameRecorder.Exception e) {
                first = first == null ? e : first;
                r.release();
            }
        }
        throw first;
    }

    private static ObjectNode faceJson(Recognizer.Face f) {
        ObjectNode o = EvalCommand.JSON.createObjectNode();
        o.putArray("box").add(Math.round(f.box().x())).add(Math.round(f.box().y())).add(Math.round(f.box().width())).add(Math.round(f.box().height()));
        o.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT)).put("label", f.label());
        if (f.closest() != null) {
            o.put("closest", f.closest());
        }
        if (!Double.isNaN(f.similarity())) {
            o.put("similarity", Math.round(f.similarity() * 1e4) / 1e4);
        }
        if (f.rejectReason() != null) {
            o.put("reason", f.rejectReason());
        }
        return o;
    }

    /** The output file for an input: same name in --out (another extension for videos), numbered when two inputs share a name. */
    private Path target(Path file, String extension, Set<String> written) {
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String ext = extension != null ? extension : name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".jpg";
        String lower = ext.toLowerCase(Locale.ROOT);
        if (!lower.equals(".jpg") && !lower.equals(".jpeg") && !lower.equals(".png") && !lower.equals(".mp4")) {
            ext = ".jpg";
        }
        String candidate = base + ext;
        for (int i = 2; !written.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = base + "-" + i + ext;
        }
        return out.resolve(candidate);
    }

    static boolean isVideo(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.contains(".") && VIDEO_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    private static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> io.footfall.faces.eval.LabelledFolder.isImageName(f) || isVideo(f)).sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException(p + " does not exist; give photos, folders of photos or video files");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no photo or video in " + inputs);
        }
        return files;
    }
}
