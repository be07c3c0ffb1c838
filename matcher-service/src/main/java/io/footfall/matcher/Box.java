package io.footfall.matcher;

/** A face box in frame pixels. */
public record Box(float x, float y, float width, float height) {

    /** Intersection over union, 0 when the boxes do not overlap. */
    public float iou(Box other) {
        float ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        float iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        float intersection = ix * iy;
        float union = width * height + other.width * other.height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** Distance between centres in units of this box's width: how far a face moved between frames. */
    public float centreShift(Box other) {
        float dx = (x + width / 2) - (other.x + other.width / 2);
        float dy = (y + height / 2) - (other.y + other.height / 2);
        return (float) Math.sqrt(dx * dx + dy * dy) / Math.max(1f, width);
    }
}
