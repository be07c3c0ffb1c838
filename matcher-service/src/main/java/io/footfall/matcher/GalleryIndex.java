package io.footfall.matcher;

import java.util.List;

/** Cosine top-k over the gallery's templates, one hit per owner, best first. */
public interface GalleryIndex extends AutoCloseable {

    /** One search result: the template's owner and its cosine similarity to the query. */
    record Hit(String owner, float similarity) {}

    /** Replaces every template of {@code owner} (each L2-normalised). */
    void put(String owner, List<float[]> templates);

    void remove(String owner);

    List<Hit> search(float[] query, int k);

    /** Templates held. */
    int size();

    @Override
    default void close() {}
}
