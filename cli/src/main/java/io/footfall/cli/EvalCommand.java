package io.footfall.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.eval.AlignmentTemplateFit;
import io.footfall.faces.eval.IdentifyEvaluation;
import io.footfall.faces.eval.LabelledFolder;
import io.footfall.faces.eval.PairsFile;
import io.footfall.faces.eval.PhotoEmbeddings;
import io.footfall.faces.eval.PhotoPair;
import io.footfall.faces.eval.Progress;
import io.footfall.faces.eval.VerifyEvaluation;
import io.footfall.matcher.ModelSettings;
import io.footfall.runtime.config.Config;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall eval}: accuracy of the detector + embedder on labelled photos (docs/ACCURACY.md). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure accuracy on labelled photos and ground-truthed video (docs/ACCURACY.md)", ""},
        subcommands = {EvalCommand.Verify.class, EvalCommand.Identify.class, EvalCommand.Cluster.class, VideoEvalCommand.class,
                EvalCommand.Template.class, AttributeEvalCommand.class})
final class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Reports as JSON, indented. */
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verification accuracy over labelled pairs of photos",
                    "",
                    "ROC AUC, accuracy at the best threshold with 10-fold cross-validation (LFW",
                    "protocol), TAR at FAR 1e-2 and 1e-3, EER, error rates at the matcher's",
                    "thresholds, and the photos whose face was not found (their pairs are",
                    "skipped). Each photo's largest face goes once through the live detector,",
                    "quality gates, alignment and embedder.",
                    "",
                    "  footfall eval verify --pairs PAIRS IMAGES_DIR",
                    "      PAIRS: path_a,path_b,same[,fold] CSV lines (a header names the columns; a fold column sets the "
                            + "cross-validation folds), or LFW's own pairs.txt; paths relative to IMAGES_DIR",
                    "  footfall eval verify --all-pairs DIR...",
                    "      every pair of photos of DIR/<identity>/<image>",
                    "",
                    "Exit code: 0 measured, 1 too few pairs left to measure, 2 bad input (a",
                    "pairs file's problems are listed by line number).",
                    ""})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PhotoTools.Options options;

        @Mixin
        EvalOutput output;

        @Option(names = "--pairs", paramLabel = "PAIRS",
                description = "CSV of path_a,path_b,same[,fold] (1 same person, 0 different), or LFW's pairs.txt")
        Path pairsFile;

        @Option(names = "--face", paramLabel = "centre|largest",
                description = "Which face of a photo with several is the pair's: the one nearest the centre (LFW's convention; "
                        + "the default with --pairs) or the largest (the default with --all-pairs)")
        String face;

        @Option(names = "--all-pairs", description = "Compare every two photos of DIR/<identity>/<image> folders instead of a pairs file")
        boolean allPairs;

        @Parameters(arity = "1..*", paramLabel = "IMAGES_DIR", description = "The folder the pairs' paths are relative to (--all-pairs: one or more identity folders)")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            if ((pairsFile == null) == !allPairs) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either --pairs PAIRS.csv IMAGES_DIR or --all-pairs DIR...");
            }
            if (pairsFile != null && dirs.size() != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pairs takes one IMAGES_DIR, got " + dirs.size());
            }
            Config config = options.load();
            List<PhotoPair> pairs = new ArrayList<>();
            String source;
            Function<Path, String> names;
            if (pairsFile != null) {
                Path root = dirs.get(0);
                for (PairsFile.LabelledPair p : PairsFile.read(pairsFile, root)) {
                    pairs.add(new PhotoPair(p.line(), root.resolve(p.pathA()).normalize(), root.resolve(p.pathB()).normalize(), p.same(), p.fold()));
                }
                source = pairsFile + " (photos in " + root + ")";
                Path absolute = root.toAbsolutePath().normalize();
                names = p -> relative(absolute, p);
            } else {
                LabelledFolder.Contents contents = LabelledFolder.scan(dirs);
                contents.skipped().forEach(s -> spec.commandLine().getErr().println("skipped " + s));
                pairs.addAll(LabelledFolder.allPairs(contents.identities()));
                source = "all pairs of " + String.join(", ", dirs.stream().map(Path::toString).toList()) + " (" + contents.identities().size()
                        + " identities, " + contents.photos() + " photos)";
                names = folderNames(dirs);
            }
            List<Path> photos = new ArrayList<>();
            for (PhotoPair p : pairs) {
                photos.add(p.a());
                photos.add(p.b());
            }
            PrintWriter err = spec.commandLine().getErr();
            try (PhotoFaces faces = PhotoTools.open(config, err)) {
                List<Path> distinct = photos.stream().distinct().toList();
                Progress progress = new Progress(err, "photos", distinct.size(), output.progress());
                // LFW's convention: each photo is centred on its labelled person
                PhotoEmbeddings.Results results = PhotoEmbeddings.of(faces, distinct, policy(), output.jobs(), progress);
                Map<String, Double> thresholds = new LinkedHashMap<>();
                thresholds.put("known", ModelSettings.known(config));
                thresholds.put("unknown", ModelSettings.unknown(config));
                VerifyEvaluation.Report report = VerifyEvaluation.evaluate(source, faces.modelId(), pairs, results, names, thresholds);
                ObjectNode json = VerifyEvaluation.json(report, JSON);
                json.putObject("thresholds").put("known", ModelSettings.known(config)).put("unknown", ModelSettings.unknown(config))
                        .put("visitor", ModelSettings.visitor(config));
                output.print(spec.commandLine().getOut(), VerifyEvaluation.table(report), json);
                return report.measured() ? 0 : 1;
            }
        }

        private FacePolicy policy() {
            if (face == null) {
                return allPairs ? FacePolicy.LARGEST_FACE : FacePolicy.CENTRE_FACE;
            }
            return switch (face) {
                case "centre", "center" -> FacePolicy.CENTRE_FACE;
                case "largest" -> FacePolicy.LARGEST_FACE;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--face is '" + face + "'; use centre or largest");
            };
        }
    }

    @Command(name = "identify", mixinStandardHelpOptions = true,
            description = {"Identification accuracy, leave-one-out, on DIR/<identity>/<image>",
                    "",
                    "Closed-set rank-1, and open set (each person left out of the gallery in",
                    "turn): unknown-rejection rate, false accepts, false rejects and",
                    "misidentifications at the matcher's known and unknown thresholds (and",
                    "--threshold). Exit code: 0 measured, 1 nothing measured, 2 bad input.",
                    ""})
    static final class Identify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PhotoTools.Options options;

        @Mixin
        EvalOutput output;

        @Option(names = "--threshold", paramLabel = "T", description = "Also report the open set at this cosine similarity")
        Double threshold;

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of DIR/<identity>/<image>; several are taken to show different people")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            Config config = options.load();
            PrintWriter err = spec.commandLine().getErr();
            LabelledFolder.Contents contents = LabelledFolder.scan(dirs);
            contents.skipped().forEach(s -> err.println("skipped " + s));
            try (PhotoFaces faces = PhotoTools.open(config, err)) {
                List<Path> photos = contents.identities().stream().flatMap(i -> i.photos().stream()).toList();
                Progress progress = new Progress(err, "photos", photos.size(), output.progress());
                PhotoEmbeddings.Results results = PhotoEmbeddings.of(faces, photos, output.jobs(), progress);
                IdentifyEvaluation.Gallery gallery = IdentifyEvaluation.gallery(contents.identities(), results, folderNames(dirs));
                Map<String, Double> thresholds = new LinkedHashMap<>();
                if (threshold != null) {
                    thresholds.put("chosen", threshold);
                }
                thresholds.put("known", ModelSettings.known(config));
                thresholds.put("unknown", ModelSettings.unknown(config));
                String source = String.join(", ", dirs.stream().map(Path::toString).toList());
                IdentifyEvaluation.Report report = IdentifyEvaluation.evaluate(source, faces.modelId(), gallery.people(), photos.size(),
                        gallery.notFound(), thresholds, results.seconds());
                output.print(spec.commandLine().getOut(), IdentifyEvaluation.table(report), IdentifyEvaluation.json(report, JSON));
                return report.closedProbes() > 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true,
            description = {"The matcher's anonymous-visitor clustering on DIR/<identity>/<image>",
                    "",
                    "Every photo's largest face is embedded; the photos are fed, in a fixed",
                    "shuffled order, as tracks (--track-photos per track, default 1) to the",
                    "visitor logic the matcher runs. Reports B-cubed precision (different",
                    "people never share a visitor id) and recall (one person keeps one id),",
                    "and visitors against people, at matcher.visitor-threshold and at each",
                    "--sweep threshold.",
                    "",
                    "  footfall eval cluster lfw-view1/",
                    "  footfall eval cluster --sweep 0.90:0.97:0.01 --track-photos 3 lfw-view1/",
                    "",
                    "Exit code: 0 measured, 1 no face found, 2 bad input.",
                    ""})
    static final class Cluster implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PhotoTools.Options options;

        @Mixin
        EvalOutput output;

        @Option(names = "--threshold", paramLabel = "T", description = "Visitor threshold to report (default: matcher.visitor-threshold)")
        Double threshold;

        @Option(names = "--sweep", paramLabel = "FROM:TO:STEP", description = "Also report every threshold from FROM to TO by STEP (the curve)")
        String sweep;

        @Option(names = "--track-photos", defaultValue = "1", paramLabel = "N", description = "Photos of one person per track (default: ${DEFAULT-VALUE})")
        int trackPhotos;

        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the order the tracks arrive in (default: ${DEFAULT-VALUE})")
        long seed;

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of DIR/<identity>/<image>; several are taken to show different people")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            if (trackPhotos < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--track-photos must be at least 1, got " + trackPhotos);
            }
            List<Double> sweepValues;
            try {
                sweepValues = sweep == null ? List.of() : ClusterEvaluation.sweep(sweep);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Config config = options.load();
            double chosen = threshold != null ? threshold : ModelSettings.visitor(config);
            PrintWriter err = spec.commandLine().getErr();
            LabelledFolder.Contents contents = LabelledFolder.scan(dirs);
            contents.skipped().forEach(s -> err.println("skipped " + s));
            try (PhotoFaces faces = PhotoTools.open(config, err)) {
                List<Path> photos = contents.identities().stream().flatMap(i -> i.photos().stream()).toList();
                Progress progress = new Progress(err, "photos", photos.size(), output.progress());
                PhotoEmbeddings.Results results = PhotoEmbeddings.of(faces, photos, output.jobs(), progress);
                ClusterEvaluation.Photos embedded = ClusterEvaluation.photos(contents.identities(), results);
                if (embedded.people().isEmpty()) {
                    err.println("footfall eval cluster: no face found in any of " + photos.size() + " photos");
                    return 1;
                }
                String source = String.join(", ", dirs.stream().map(Path::toString).toList());
                ClusterEvaluation.Report report = ClusterEvaluation.evaluate(source, faces.modelId(), photos.size(), embedded, chosen, sweepValues,
                        trackPhotos, seed);
                output.print(spec.commandLine().getOut(), ClusterEvaluation.table(report, threshold == null), ClusterEvaluation.json(report, JSON));
                return 0;
            }
        }
    }

    @Command(name = "template", mixinStandardHelpOptions = true,
            description = {"Fit a five-point alignment template to an embedder's own face chips",
                    "",
                    "The mean MTCNN landmarks over chips that the model's own pipeline aligned",
                    "(e.g. dlib's 150x150 chips), in chip pixels, and the same made left-right",
                    "symmetric: aligning MTCNN's points onto it reproduces the chips' geometry",
                    "(docs/ACCURACY.md).",
                    ""})
    static final class Template implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        PhotoTools.Options options;

        @Parameters(arity = "1..*", paramLabel = "DIR", description = "Folders of chips (searched recursively), all of one size")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            Config config = options.load();
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            List<Path> chips = AlignmentTemplateFit.chips(dirs);
            Optional<AlignmentTemplateFit.Template> template;
            try (PhotoFaces faces = PhotoTools.open(config, err)) {
                template = AlignmentTemplateFit.fit(faces, chips, skipped -> err.println("skipped " + skipped));
            }
            if (template.isEmpty()) {
                err.println("footfall eval template: no face found in any chip");
                return 1;
            }
            out.print(template.get().table());
            out.flush();
            return 0;
        }
    }

    /** Photos shown relative to their folder, prefixed with the folder's name when there are several. */
    static Function<Path, String> folderNames(List<Path> dirs) {
        List<Path> roots = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
        return p -> {
            Path abs = p.toAbsolutePath().normalize();
            for (Path root : roots) {
                if (abs.startsWith(root)) {
                    return (roots.size() > 1 ? root.getFileName() + "/" : "") + root.relativize(abs);
                }
            }
            return p.toString();
        };
    }

    private static String relative(Path root, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : p.toString();
    }
}
