package io.footfall.faces.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Labelled photos as face datasets lay them out: {@code DIR/<identity>/<image>}, one folder per person. Hidden files are
 * ignored; photos directly in {@code DIR} and files that are not images are listed as skipped.
 */
public final class LabelledFolder {

    /** One person: the folder name and their photos, sorted by name. */
    public record Identity(String name, List<Path> photos) {}

    /** The people of one or more folders, and what was skipped. */
    public record Contents(List<Identity> identities, List<String> skipped) {
        public int photos() {
            return identities.stream().mapToInt(i -> i.photos().size()).sum();
        }
    }

    private LabelledFolder() {}

    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".webp") || name.endsWith(".bmp");
    }

    /**
     * Reads one or more folders. With several, identities are named {@code <folder>/<identity>} and never merged across
     * folders (two data sets are taken to show different people).
     *
     * @throws IllegalArgumentException when a folder does not exist or holds no identity folder with a photo
     */
    public static Contents scan(List<Path> dirs) throws IOException {
        List<Identity> identities = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("the folder " + dir + " does not exist or is not a folder; give DIR/<identity>/<image> folders");
            }
            String prefix = dirs.size() > 1 ? dir.getFileName() + "/" : "";
            int before = identities.size();
            for (Path entry : sorted(dir)) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isDirectory(entry)) {
                    if (isImageName(entry)) {
                        skipped.add(prefix + name + ": a photo outside an identity folder (expected DIR/<identity>/<image>)");
                    }
                    continue;
                }
                List<Path> photos = new ArrayList<>();
                for (Path inner : sorted(entry)) {
                    String innerName = inner.getFileName().toString();
                    if (innerName.startsWith(".")) {
                        continue;
                    }
                    if (Files.isRegularFile(inner) && isImageName(inner)) {
                        photos.add(inner);
                    } else {
                        skipped.add(prefix + name + "/" + innerName + (Files.isDirectory(inner) ? ": folders inside an identity folder are not read"
                                : ": not a .jpg, .jpeg, .png, .webp or .bmp file"));
                    }
                }
                if (!photos.isEmpty()) {
                    identities.add(new Identity(prefix + name, List.copyOf(photos)));
                }
            }
            if (identities.size() == before) {
                throw new IllegalArgumentException("no identity folder with photos in " + dir + "; expected DIR/<identity>/<image>");
            }
        }
        return new Contents(List.copyOf(identities), List.copyOf(skipped));
    }

    /**
     * Every same-person pair and every different-person pair of the identities, in a fixed shuffled order (seed 5), so
     * consecutive cross-validation folds each hold both kinds.
     */
    public static List<PhotoPair> allPairs(List<Identity> identities) {
        List<PhotoPair> all = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            List<Path> a = identities.get(i).photos();
            for (int x = 0; x < a.size(); x++) {
                for (int y = x + 1; y < a.size(); y++) {
                    all.add(new PhotoPair(0, a.get(x), a.get(y), true));
                }
                for (int j = i + 1; j < identities.size(); j++) {
                    for (Path other : identities.get(j).photos()) {
                        all.add(new PhotoPair(0, a.get(x), other, false));
                    }
                }
            }
        }
        Collections.shuffle(all, new Random(5));
        return List.copyOf(all);
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
