package io.footfall.cli;

import io.footfall.embedder.attributes.AttributeEstimator;
import io.footfall.embedder.attributes.AttributeSettings;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.eval.LabelledFolder;
import io.footfall.faces.eval.Progress;
import io.footfall.runtime.config.Config;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code footfall eval attributes}: gender accuracy and age error of the attribute estimates on labelled people. */
@Command(name = "attributes", mixinStandardHelpOptions = true,
        description = {"Gender accuracy and age error of the age/gender estimates on labelled people",
                "",
                "Each photo of DIR/<name>/ of every labelled person goes through the live detector, quality gates, "
                        + "alignment and the attribute nets; the face nearest the photo's centre is the person's (LFW's "
                        + "convention). Reports gender accuracy (all faces and per labelled gender), age mean absolute error, "
                        + "bias and median where a birth year is known (age = --reference-year minus birth year), how often "
                        + "each expression came top, and the nets' time per face.",
                "",
                "  footfall eval attributes --labels people.csv DIR",
                "      people.csv: name,gender,birth_year lines (a header first; gender male or female; birth_year may be "
                        + "empty); name is the folder under DIR",
                "",
                "Exit code: 0 measured, 1 no labelled face found, 2 bad input (a labels file's problems are listed by "
                        + "line number).",
                ""})
final class AttributeEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoTools.Options options;

    @Mixin
    EvalOutput output;

    @Option(names = "--labels", required = true, paramLabel = "CSV", description = "name,gender,birth_year of the people in DIR")
    Path labelsFile;

    @Option(names = "--reference-year", defaultValue = "2003", paramLabel = "YEAR",
            description = "The year the photos were taken, for age = YEAR - birth_year (default: ${DEFAULT-VALUE}, LFW's news photos of 2002-2004)")
    int referenceYear;

    @Parameters(arity = "1", paramLabel = "DIR", description = "DIR/<name>/<photo> folders")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<AttributeEvaluation.Label> labels;
        try {
            labels = AttributeEvaluation.read(labelsFile);
        } catch (AttributeEvaluation.BadLabels e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), dir + " is not a folder (expected DIR/<name>/<photo>)");
        }
        List<Work> work = new ArrayList<>();
        int people = 0;
        for (AttributeEvaluation.Label label : labels) {
            Path folder = dir.resolve(label.name());
            if (!Files.isDirectory(folder)) {
                err.println("skipped " + label.name() + " (line " + label.line() + "): no folder " + folder);
                continue;
            }
            people++;
            try (var files = Files.list(folder)) {
                files.filter(LabelledFolder::isImageName).sorted().forEach(p -> work.add(new Work(label, p)));
            }
        }
        Config config = options.load();
        if (!config.get(AttributeSettings.ENABLED)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "attributes.enabled is false in your settings; this measures those "
                    + "attributes (drop the setting or pass --set attributes.enabled=true)");
        }
        try (PhotoFaces faces = PhotoTools.open(config, err); AttributeEstimator estimator = AttributeSettings.estimator(config)) {
            PhotoAttributes analyser = new PhotoAttributes(faces, estimator);
            faces.warmUp();
            Progress progress = new Progress(err, "photos", work.size(), output.progress());
            List<PhotoAttributes.Analysis> results = analyse(analyser, work, progress);
            List<AttributeEvaluation.Measured> measured = new ArrayList<>();
            int noFace = 0, estimated = 0;
            double millis = 0;
            for (int i = 0; i < work.size(); i++) {
                PhotoAttributes.Analysis a = results.get(i);
                estimated += a.faces().size();
                millis += a.attributeMillis();
                PhotoAttributes.Face centre = centre(a);
                if (centre == null) {
                    noFace++;
                    continue;
                }
                measured.add(new AttributeEvaluation.Measured(dir.relativize(work.get(i).photo()).toString(), work.get(i).label(), centre.attributes()));
            }
            AttributeEvaluation.Report report = AttributeEvaluation.evaluate(labelsFile + " (photos in " + dir + ")", labels.size(), people,
                    work.size(), measured, noFace, millis, estimated, referenceYear, estimator.chipCrop());
            output.print(spec.commandLine().getOut(), AttributeEvaluation.table(report), AttributeEvaluation.json(report, measured, EvalCommand.JSON));
            return measured.isEmpty() ? 1 : 0;
        }
    }

    private record Work(AttributeEvaluation.Label label, Path photo) {}

    private List<PhotoAttributes.Analysis> analyse(PhotoAttributes analyser, List<Work> work, Progress progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(output.jobs());
        try {
            List<Future<PhotoAttributes.Analysis>> futures = new ArrayList<>();
            for (Work w : work) {
                futures.add(pool.submit(() -> {
                    PhotoAttributes.Analysis a = analyser.analyse(w.photo());
                    progress.step();
                    return a;
                }));
            }
            List<PhotoAttributes.Analysis> results = new ArrayList<>();
            for (Future<PhotoAttributes.Analysis> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The estimated face nearest the photo's centre, or null. */
    private static PhotoAttributes.Face centre(PhotoAttributes.Analysis a) {
        double cx = a.width() / 2.0, cy = a.height() / 2.0;
        return a.faces().stream().min(Comparator.comparingDouble(f -> Math.hypot(f.box().x() + f.box().width() / 2 - cx,
                f.box().y() + f.box().height() / 2 - cy))).orElse(null);
    }
}
