package io.footfall.embedder;

/** The model gave no usable embedding: NaN or infinite values, the wrong shape, or a failed ONNX Runtime call. */
public class EmbeddingException extends RuntimeException {
    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
