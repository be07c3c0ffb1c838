package io.footfall.embedder;

import io.footfall.schema.AlignedCrop;
import io.footfall.schema.BoundingBox;
import io.footfall.schema.CropEncoding;
import io.footfall.schema.DetectedFace;
import io.footfall.schema.FrameFaces;
import io.footfall.schema.Point;
import io.footfall.schema.QualityVerdict;
import io.footfall.schema.RejectReason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;

/** {@code faces} records as the detector writes them, for tests. */
final class Faces {

    static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

    private Faces() {}

    static FrameFaces frame(String camera, long sequence, DetectedFace... faces) {
        Instant at = START.plusMillis(sequence * 200L);
        return FrameFaces.newBuilder().setCameraId(camera).setFrameSequence(sequence).setCapturedAt(at).setFrameWidth(640).setFrameHeight(480)
                .setDetectedAt(at).setDetectionMicros(5_000).setFaces(List.of(faces)).build();
    }

    static DetectedFace passed(int index, AlignedCrop crop) {
        return new DetectedFace(index, box(index), 0.99f, landmarks(), new QualityVerdict(true, null, 120f), crop);
    }

    static DetectedFace failed(int index, RejectReason reason) {
        return new DetectedFace(index, box(index), 0.8f, landmarks(), new QualityVerdict(false, reason, 3f), null);
    }

    static AlignedCrop rgb(int size, int seed) {
        return new AlignedCrop(size, size, CropEncoding.RGB24, ByteBuffer.wrap(ToyModels.crop(size, size, seed).rgb()), ToyModels.TEMPLATE);
    }

    static AlignedCrop png(int size, int seed) throws IOException {
        FaceCrop crop = ToyModels.crop(size, size, seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < size * size; i++) {
            byte[] p = crop.rgb();
            image.setRGB(i % size, i / size, (p[3 * i] & 0xff) << 16 | (p[3 * i + 1] & 0xff) << 8 | (p[3 * i + 2] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return new AlignedCrop(size, size, CropEncoding.PNG, ByteBuffer.wrap(out.toByteArray()), ToyModels.TEMPLATE);
    }

    static BoundingBox box(int index) {
        return new BoundingBox(100f + index * 200, 100f, 80f, 80f);
    }

    static List<Point> landmarks() {
        return List.of(new Point(120f, 130f), new Point(160f, 130f), new Point(140f, 150f), new Point(125f, 165f), new Point(155f, 165f));
    }
}
