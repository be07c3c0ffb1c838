package io.footfall.matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Age bands for the footfall counts, from a setting such as {@code 0-17,18-24,25-34,35-44,45-54,55-64,65+}: each band an
 * inclusive range of whole years, the last open-ended; the bands must start at 0, follow one another without gaps and
 * end with an open band, so that every estimate falls in exactly one. An estimate is rounded down to whole years.
 */
public final class AgeBands {

    public static final String DEFAULT = "0-17,18-24,25-34,35-44,45-54,55-64,65+";
    /** The count key of visits without an estimate. */
    public static final String UNKNOWN = "unknown";

    private final List<String> labels = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();

    private AgeBands() {}

    /** @throws IllegalArgumentException saying what is wrong with the list and how it should look */
    public static AgeBands parse(String spec) {
        AgeBands bands = new AgeBands();
        String[] parts = spec.split(",", -1);
        int next = 0;
        for (int i = 0; i < parts.length; i++) {
            String band = parts[i].strip();
            boolean last = i == parts.length - 1;
            int start;
            int end;
            try {
                if (band.endsWith("+")) {
                    start = Integer.parseInt(band.substring(0, band.length() - 1).strip());
                    end = Integer.MAX_VALUE;
                } else {
                    String[] range = band.split("-", -1);
                    if (range.length != 2) {
                        throw new NumberFormatException();
                    }
                    start = Integer.parseInt(range[0].strip());
                    end = Integer.parseInt(range[1].strip());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("age band '" + band + "' is not FROM-TO or FROM+ (e.g. " + DEFAULT + ")");
            }
            if (start != next) {
                throw new IllegalArgumentException("age band '" + band + "' should start at " + next + " (bands start at 0 and follow one "
                        + "another without gaps, e.g. " + DEFAULT + ")");
            }
            if (end < start) {
                throw new IllegalArgumentException("age band '" + band + "' ends before it starts");
            }
            if (last != (end == Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(last ? "the last age band should be open-ended, like '65+'" : "only the last age band may be open-ended ('"
                        + band + "')");
            }
            bands.labels.add(end == Integer.MAX_VALUE ? start + "+" : start + "-" + end);
            bands.starts.add(start);
            next = end == Integer.MAX_VALUE ? next : end + 1;
        }
        return bands;
    }

    /** The band of an estimated age (a negative estimate counts as 0). */
    public String band(float age) {
        int years = (int) Math.floor(Math.max(0, age));
        for (int i = starts.size() - 1; i >= 0; i--) {
            if (years >= starts.get(i)) {
                return labels.get(i);
            }
        }
        return labels.get(0);
    }

    /** The bands as a setting writes them, e.g. {@code 0-17,18-24,65+}. */
    @Override
    public String toString() {
        return String.join(",", labels);
    }

    /** The bands' labels, youngest first. */
    public List<String> labels() {
        return List.copyOf(labels);
    }
}
