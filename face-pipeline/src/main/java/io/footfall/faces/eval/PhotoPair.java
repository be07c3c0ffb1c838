package io.footfall.faces.eval;

import java.nio.file.Path;

/**
 * Two photos to compare and whether they show the same person.
 *
 * @param line the pairs file's line number, or 0 for a pair made from identity folders
 * @param fold the pair's cross-validation fold when the pairs file gives one, else null
 */
public record PhotoPair(int line, Path a, Path b, boolean same, Integer fold) {

    public PhotoPair(int line, Path a, Path b, boolean same) {
        this(line, a, b, same, null);
    }
}
