package io.footfall.detector;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds, gates and aligns the faces in a BGR image; {@link Detector} is the real one. */
@FunctionalInterface
public interface FaceFinder {
    List<DetectedFaceResult> detect(Mat bgr);
}
