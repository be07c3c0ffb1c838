package io.footfall.matcher.enrol;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of enrolment photos in the layouts people already use: {@code DIR/<name>.jpg} (one photo per person) and
 * {@code DIR/<name>/*.jpg|png} (several); WebP and BMP are read too. Both may be mixed; names that give the same identity id (e.g.
 * {@code Ada Lovelace/} and {@code ada_lovelace.jpg}) are one person. Hidden files are ignored; other files are
 * listed as skipped, with why.
 */
public final class EnrolmentFolder {

    /**
     * One person of the folder: their id, display name (the file or folder name), photos (sorted by name) and free
     * metadata (from {@code DIR/<name>/metadata.properties}, if there is one).
     */
    public record Person(String identityId, String displayName, List<Path> photos, Map<String, String> metadata) {}

    /** The optional file of a person's folder that holds their metadata (Java properties, UTF-8). */
    public static final String METADATA_FILE = "metadata.properties";

    /** The people found, by name, and the files that were not taken, with why. */
    public record Contents(List<Person> people, List<String> skipped) {
        public int photos() {
            return people.stream().mapToInt(p -> p.photos().size()).sum();
        }
    }

    private EnrolmentFolder() {}

    public static boolean isPhotoName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".webp") || name.endsWith(".bmp");
    }

    /**
     * Reads the folder.
     *
     * @throws IllegalArgumentException when {@code dir} does not exist or is not a folder
     */
    public static Contents scan(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("the folder " + dir + " does not exist; give the folder of photos: DIR/<name>.jpg (one photo "
                    + "per person) or DIR/<name>/*.jpg|png (several)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; give the folder that holds the photos (DIR/<name>.jpg "
                    + "or DIR/<name>/*.jpg|png)");
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<Path>> photos = new LinkedHashMap<>();
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Path entry : sorted(dir)) {
            String file = entry.getFileName().toString();
            if (file.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                for (Path inner : sorted(entry)) {
                    String innerName = inner.getFileName().toString();
                    if (innerName.startsWith(".")) {
                        continue;
                    }
                    String shown = file + "/" + innerName;
                    if (innerName.equals(METADATA_FILE) && Files.isRegularFile(inner)) {
                        metadata.computeIfAbsent(IdentityIds.slug(file), k -> new LinkedHashMap<>()).putAll(properties(inner));
                    } else if (Files.isDirectory(inner)) {
                        skipped.add(shown + "/: folders inside a person's folder are not read");
                    } else if (isPhotoName(inner)) {
                        add(names, photos, file, inner);
                    } else {
                        skipped.add(shown + ": not a photo (.jpg, .jpeg, .png, .webp or .bmp)");
                    }
                }
            } else if (isPhotoName(entry) && file.substring(0, file.lastIndexOf('.')).isBlank()) {
                skipped.add(file + ": the file name (the person's name) is empty");
            } else if (isPhotoName(entry)) {
                add(names, photos, file.substring(0, file.lastIndexOf('.')), entry);
            } else {
                skipped.add(file + ": not a photo (.jpg, .jpeg, .png, .webp or .bmp)");
            }
        }
        List<Person> people = new ArrayList<>();
        photos.forEach((id, list) -> {
            list.sort(Comparator.comparing(p -> dir.relativize(p).toString()));
            people.add(new Person(id, names.get(id), List.copyOf(list), Map.copyOf(metadata.getOrDefault(id, Map.of()))));
        });
        return new Contents(List.copyOf(people), List.copyOf(skipped));
    }

    private static void add(Map<String, String> names, Map<String, List<Path>> photos, String name, Path photo) {
        String id = IdentityIds.slug(name);
        names.putIfAbsent(id, name.strip());
        photos.computeIfAbsent(id, k -> new ArrayList<>()).add(photo);
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid properties file (" + e.getMessage() + ")");
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
