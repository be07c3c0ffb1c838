package io.footfall.models;

/**
 * Five-point alignment templates (left eye, right eye, nose tip, left and right mouth corner, image left/right)
 * in pixels of the aligned crop.
 */
public final class AlignmentTemplates {

    private AlignmentTemplates() {}

    // dlib's mean face shape (interpolation.h, get_face_chip_details), 68-point landmarks 17..67 in [0,1]
    private static final double[] MEAN_X = {0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483,
        0.799124, 0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217,
        0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516,
        0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689};
    private static final double[] MEAN_Y = {0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
        0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
        0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423,
        0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
        0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182};

    /**
     * dlib's face chip geometry for MTCNN's five points: eye centres are the means of 68-point landmarks 36–41 and
     * 42–47, the nose tip is 30, the mouth corners 48 and 54, placed as dlib places them ({@code (padding + m) /
     * (1 + 2·padding) · size}). dlib's face_recognition_resnet_model_v1 was trained on 150×150 chips with 0.25.
     */
    public static double[][] dlibChip(int size, double padding) {
        double[][] p = {
            mean(36, 41), mean(42, 47), point(30), point(48), point(54)
        };
        for (double[] xy : p) {
            xy[0] = (padding + xy[0]) / (1 + 2 * padding) * size;
            xy[1] = (padding + xy[1]) / (1 + 2 * padding) * size;
        }
        return p;
    }

    /**
     * Where MTCNN's five points fall on dlib's own 150×150 face chips, for the bundled dlib ResNet: the mean O-Net
     * landmarks over the 51 chips of dlib's {@code examples/johns} whose face MTCNN finds, made left-right symmetric
     * about their mean x ({@code footfall eval template}, docs/ACCURACY.md). Warping MTCNN's points onto these
     * reproduces dlib's chip geometry better than {@link #dlibChip} (which places them on dlib's 68-point mean face:
     * MTCNN's eye points sit about 5 px higher and its points spread about 8 % wider): same-person vs different-person
     * separation d' 4.4 → 5.1 on the deepface test set, and the re-aligned johns chips embed at cosine 0.990 to the
     * original chips instead of 0.984.
     */
    public static double[][] dlibChipMtcnn150() {
        return new double[][] {
            {46.92, 41.29}, {104.04, 41.29}, {75.48, 74.08}, {49.61, 101.01}, {101.34, 101.01}
        };
    }

    /** The standard InsightFace/ArcFace 112×112 template. */
    public static double[][] arcface112() {
        return new double[][] {
            {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {41.5493, 92.3655}, {70.7299, 92.2041}
        };
    }

    /** The ArcFace template scaled to a 160×160 crop, a common choice for FaceNet (InceptionResNetV1) exports. */
    public static double[][] facenet160() {
        double[][] p = arcface112();
        for (double[] xy : p) {
            xy[0] *= 160.0 / 112;
            xy[1] *= 160.0 / 112;
        }
        return p;
    }

    /**
     * Where dlib's mean face puts 68-point landmark {@code landmark68} (17..67), in [0,1] of the unpadded face (dlib's
     * {@code mean_face_shape_x/y} in {@code dlib/image_transforms/interpolation.h}, Boost Software License 1.0).
     */
    public static double[] dlibMeanFace(int landmark68) {
        if (landmark68 < 17 || landmark68 > 67) {
            throw new IllegalArgumentException("dlib's mean face has landmarks 17..67, not " + landmark68);
        }
        return point(landmark68);
    }

    private static double[] point(int landmark68) {
        return new double[] {MEAN_X[landmark68 - 17], MEAN_Y[landmark68 - 17]};
    }

    private static double[] mean(int from68, int to68) {
        double x = 0, y = 0;
        for (int i = from68; i <= to68; i++) {
            x += MEAN_X[i - 17];
            y += MEAN_Y[i - 17];
        }
        int n = to68 - from68 + 1;
        return new double[] {x / n, y / n};
    }
}
