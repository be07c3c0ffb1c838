package io.footfall.detector;

/**
 * One face as MTCNN reports it, in image pixels: the box is MTCNN's integer box ({@code x, y} its 1-based left/top
 * corner as face-api.js reports it), {@code landmarks} are left eye, right eye, nose, left and right mouth corner.
 */
public record MtcnnFace(double x, double y, double width, double height, double score, double[][] landmarks) {

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }
}
