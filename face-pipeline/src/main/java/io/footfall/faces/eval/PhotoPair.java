package io.footfall.faces.eval;

import java.nio.file.Path;

/**
 * Two photos to compare and whether they show the same person.
 *
 * @param line the pairs file's line number, or 0 for a pair made from identity folders
 */
public record PhotoPair(int line, Path a, Path b, boolean same) {}
