package io.footfall.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.eval.VideoScore;
import io.footfall.faces.eval.VideoTruth;
import io.footfall.ingest.IngestSettings;
import io.footfall.matcher.Gallery;
import io.footfall.matcher.MatcherSettings;
import io.footfall.matcher.ModelSettings;
import io.footfall.matcher.enrol.Enroller;
import io.footfall.matcher.enrol.Enrolment;
import io.footfall.matcher.enrol.EnrolmentFolder;
import io.footfall.matcher.enrol.FaceReader;
import io.footfall.matcher.enrol.Photo;
import io.footfall.runtime.config.Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall eval video}: what users would read from clips (visits, people, names), against hand-made truth. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"Count and name the people of ground-truthed clips, as the pipeline would",
                "",
                "Plays each clip of the truth file once, at ingest.fps, through the pipeline's own classes (ingest's "
                        + "sampling and JPEG encoding, the detector and its quality gates, the embedder, the matcher's "
                        + "tracking, vote and visitor clustering), offline and deterministic; each clip is a camera of its own, "
                        + "with a fresh matcher state. Reports per clip and in total: truth people, visits, visits per true "
                        + "appearance (the fragmentation figure), distinct people reported (identities + visitor ids), whether "
                        + "the clip was counted exactly, missed, extra, wrong names, required names given, visitor ids shared "
                        + "by two people seen at once, and the frames and faces seen, gated (by reason) and embedded, and the "
                        + "shot cuts found.",
                "",
                "footfall eval video --truth truth.csv --gallery people/ clips/",
                "",
                "TRUTH.csv: clip,person,name,required[,presence][,appearances] (docs/ACCURACY.md). --gallery is laid "
                        + "out as for 'footfall enroll'. Settings (--set) apply as in the services, e.g. --set "
                        + "detector.min-face=20. Exit code: 0 measured, 2 bad input (unreadable clip, missing clip, bad truth "
                        + "row, gallery person without a usable face); nothing is printed as a result then.",
                ""})
final class VideoEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoTools.Options options;

    @Mixin
    EvalOutput output;

    @Option(names = "--truth", required = true, paramLabel = "TRUTH.csv", description = "Who is in each clip: clip,person,name,required[,presence][,appearances]")
    Path truthFile;

    @Option(names = "--gallery", paramLabel = "DIR", description = "People to enrol before the clips play: DIR/<name>.jpg or DIR/<name>/*.jpg")
    Path galleryDir;

    @Parameters(arity = "1..*", paramLabel = "VIDEO_DIR", description = "Folders the truth file's clips are found in")
    List<Path> videoDirs;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        PrintWriter err = spec.commandLine().getErr();
        List<VideoTruth.Person> truth = VideoTruth.read(truthFile);
        Map<String, List<VideoTruth.Person>> clips = new LinkedHashMap<>();
        truth.forEach(p -> clips.computeIfAbsent(p.clip(), c -> new ArrayList<>()).add(p));
        Map<String, Path> files = locate(clips);
        try (PhotoFaces faces = PhotoTools.open(config, err)) {
            Gallery gallery = gallery(config, faces, truth, err);
            List<VideoScore.Clip> scored = new ArrayList<>();
            ClipPlayer player = new ClipPlayer(faces, config, gallery);
            int n = 0;
            for (Map.Entry<String, List<VideoTruth.Person>> clip : clips.entrySet()) {
                n++;
                if (!output.noProgress) {
                    err.printf("[%d/%d] %s%n", n, clips.size(), clip.getKey());
                    err.flush();
                }
                ClipPlayer.Played played;
                try {
                    played = player.play(files.get(clip.getKey()), "clip-" + n);
                } catch (ClipPlayer.UnreadableClipException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                scored.add(VideoScore.score(clip.getKey(), clip.getValue(), played.visits(), played.counters(), played.videoSeconds(),
                        played.seconds()));
            }
            VideoScore.Total total = VideoScore.total(scored);
            output.print(spec.commandLine().getOut(), table(total, scored), json(total, scored, config));
            return 0;
        }
    }

    /** Each clip's file in the first VIDEO_DIR that has it; all missing clips are named at once. */
    private Map<String, Path> locate(Map<String, List<VideoTruth.Person>> clips) {
        for (Path dir : videoDirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the video folder " + dir + " does not exist");
            }
        }
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String clip : clips.keySet()) {
            Path found = null;
            for (Path dir : videoDirs) {
                Path candidate = dir.resolve(clip);
                if (Files.isRegularFile(candidate)) {
                    found = candidate;
                    break;
                }
            }
            if (found == null) {
                int line = clips.get(clip).get(0).line();
                missing.add("line " + line + ": clip '" + clip + "' is in none of " + videoDirs);
            } else {
                files.put(clip, found);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(truthFile + ": " + String.join("; ", missing));
        }
        return files;
    }

    private Gallery gallery(Config config, PhotoFaces faces, List<VideoTruth.Person> truth, PrintWriter err) throws IOException {
        Gallery gallery = new Gallery(ModelSettings.modelId(config), ModelSettings.dimension(config),
                config.get(MatcherSettings.APPROXIMATE_ABOVE), config.get(MatcherSettings.APPROXIMATE_CANDIDATES));
        Set<String> names = new LinkedHashSet<>();
        if (galleryDir != null) {
            EnrolmentFolder.Contents folder = EnrolmentFolder.scan(galleryDir);
            folder.skipped().forEach(s -> err.println("gallery: skipped " + s));
            Enroller enroller = new Enroller(FaceReader.of(faces), Clock.systemUTC());
            List<String> unusable = new ArrayList<>();
            for (EnrolmentFolder.Person person : folder.people()) {
                List<Photo> photos = person.photos().stream().map(p -> Photo.of(p, galleryDir.relativize(p).toString())).toList();
                Enrolment result = enroller.enrol(new Enroller.Request(person.identityId(), person.displayName(), person.metadata(), photos), null,
                        outcome -> { });
                if (result.current() == null) {
                    unusable.add(person.displayName());
                    continue;
                }
                gallery.apply(result.identityId(), result.current());
                names.add(result.displayName());
            }
            if (!unusable.isEmpty()) {
                throw new IllegalArgumentException("the gallery " + galleryDir + " has people with no usable face in any photo: "
                        + String.join(", ", unusable) + " (try 'footfall enroll --dry-run' on it to see why)");
            }
        }
        List<String> unknownNames = new ArrayList<>();
        for (VideoTruth.Person p : truth) {
            if (!p.name().isEmpty() && !names.contains(p.name())) {
                unknownNames.add("line " + p.line() + ": '" + p.name() + "'");
            }
        }
        if (!unknownNames.isEmpty()) {
            throw new IllegalArgumentException(truthFile + " names people the gallery does not have (" + String.join(", ", unknownNames)
                    + (galleryDir == null ? "); give --gallery DIR" : "); gallery names: " + names));
        }
        return gallery;
    }

    static String table(VideoScore.Total t, List<VideoScore.Clip> clips) {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-44s %6s %6s %10s %8s %5s %6s %5s %5s %8s %6s%n", "clip", "people", "visits", "per appear",
                "reported", "exact", "missed", "extra", "wrong", "required", "shared");
        out.append(header);
        for (VideoScore.Clip c : clips) {
            out.append(String.format(Locale.ROOT, "%-44s %6s %6d %10.2f %8d %5s %6d %5d %5d %8s %6d%n", shorten(c.clip(), 44),
                    c.people() + (c.maybe() > 0 ? "+" + c.maybe() : ""), c.visits(), VideoScore.fragmentation(c.visits(), c.appearances()), c.reported(),
                    c.countedExactly() ? "yes" : "NO", c.missed(),
                    c.extra(), c.wrongNames(), c.requiredNamed() + "/" + c.requiredNames(), c.sharedIds()));
        }
        out.append(String.format(Locale.ROOT, "%-44s %6s %6d %10.2f %8d %5s %6d %5d %5d %8s %6d%n", "total (" + t.clips() + " clips)",
                t.people() + (t.maybe() > 0 ? "+" + t.maybe() : ""), t.visits(), VideoScore.fragmentation(t.visits(), t.appearances()), t.reported(),
                t.countedExactly() + "/" + t.clips(), t.missed(),
                t.extra(), t.wrongNames(), t.requiredNamed() + "/" + t.requiredNames(), t.sharedIds()));
        out.append(String.format(Locale.ROOT, "%nFrames %d (%d shot cuts), faces %d: embedded %d, gated %s. %.1f s of video in %.1f s (%.2fx real time).%n",
                t.frames(), t.cuts(), t.faces(), t.embedded(), t.gated().isEmpty() ? "none" : t.gated(), t.videoSeconds(), t.seconds(),
                t.seconds() > 0 ? t.videoSeconds() / t.seconds() : 0));
        out.append("people: truth people who must be counted (+ those who may be); per appear: visits per true appearance (1.00: every\n"
                + "presence one visit; above: people split into several visits); exact: reported is within the people's range;\n"
                + "wrong: visits naming someone not in the clip; shared: visitor ids given to two people seen at once.\n");
        return out.toString();
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : "…" + s.substring(s.length() - width + 1);
    }

    /** A ratio, or null where it has no value (no appearance to divide by): JSON has no NaN. */
    private static void putRatio(ObjectNode o, String key, double value) {
        if (Double.isNaN(value)) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    static ObjectNode json(VideoScore.Total t, List<VideoScore.Clip> clips, Config config) {
        ObjectNode json = EvalCommand.JSON.createObjectNode();
        json.put("clips", t.clips());
        json.put("people", t.people());
        json.put("people_maybe", t.maybe());
        json.put("visits", t.visits());
        json.put("appearances", t.appearances());
        putRatio(json, "visits_per_appearance", VideoScore.fragmentation(t.visits(), t.appearances()));
        json.put("reported", t.reported());
        json.put("counted_exactly", t.countedExactly());
        json.put("missed", t.missed());
        json.put("extra", t.extra());
        json.put("wrong_names", t.wrongNames());
        json.put("required_names", t.requiredNames());
        json.put("required_named", t.requiredNamed());
        json.put("shared_ids", t.sharedIds());
        json.put("frames", t.frames());
        json.put("cuts", t.cuts());
        json.put("faces", t.faces());
        json.put("embedded", t.embedded());
        json.set("gated", EvalCommand.JSON.valueToTree(t.gated()));
        json.put("video_seconds", t.videoSeconds());
        json.put("seconds", t.seconds());
        json.put("fps", config.get(IngestSettings.DEFAULT_FPS));
        ArrayNode per = json.putArray("per_clip");
        for (VideoScore.Clip c : clips) {
            ObjectNode o = per.addObject();
            o.put("clip", c.clip());
            o.put("people", c.people());
            o.put("people_maybe", c.maybe());
            o.put("visits", c.visits());
            o.put("appearances", c.appearances());
            putRatio(o, "visits_per_appearance", VideoScore.fragmentation(c.visits(), c.appearances()));
            o.put("reported", c.reported());
            o.put("counted_exactly", c.countedExactly());
            o.put("missed", c.missed());
            o.put("extra", c.extra());
            o.put("wrong_names", c.wrongNames());
            o.put("required_names", c.requiredNames());
            o.put("required_named", c.requiredNamed());
            o.put("shared_ids", c.sharedIds());
            o.set("reported_subjects", EvalCommand.JSON.valueToTree(c.reportedSubjects()));
            o.set("wrong_names_given", EvalCommand.JSON.valueToTree(c.wrongNamesGiven()));
            ArrayNode visits = o.putArray("visit_list");
            for (VideoScore.Visit v : c.visitList()) {
                visits.addObject().put("track", v.trackId()).put("known", v.known()).put("subject", v.subject()).put("name", v.name())
                        .put("first_seen_ms", v.firstSeenMillis() - ClipPlayer.EPOCH_MILLIS).put("last_seen_ms", v.lastSeenMillis() - ClipPlayer.EPOCH_MILLIS)
                        .put("faces", v.faces());
            }
            o.put("frames", c.counters().frames());
            o.put("cuts", c.counters().cuts());
            o.put("faces", c.counters().faces());
            o.put("embedded", c.counters().embedded());
            o.set("gated", EvalCommand.JSON.valueToTree(c.counters().gated()));
            o.put("video_seconds", c.videoSeconds());
            o.put("seconds", c.seconds());
        }
        return json;
    }
}
