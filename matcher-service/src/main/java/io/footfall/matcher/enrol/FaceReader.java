package io.footfall.matcher.enrol;

import io.footfall.faces.FacePolicy;
import io.footfall.faces.PhotoFaces;
import io.footfall.faces.PhotoResult;

/** Photo bytes to a face embedding: the live pipeline's {@link PhotoFaces}, or a stand-in in unit tests. */
public interface FaceReader {

    /** The embedding model whose vectors this reader makes. */
    String modelId();

    PhotoResult embed(byte[] photo, FacePolicy policy);

    static FaceReader of(PhotoFaces faces) {
        return new FaceReader() {
            @Override
            public String modelId() {
                return faces.modelId();
            }

            @Override
            public PhotoResult embed(byte[] photo, FacePolicy policy) {
                return faces.embed(photo, policy);
            }
        };
    }
}
