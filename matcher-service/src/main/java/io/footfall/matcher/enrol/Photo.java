package io.footfall.matcher.enrol;

import io.footfall.faces.PhotoFaces.PhotoException;
import io.footfall.faces.PhotoRejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One enrolment photo: where it came from (a file name, an upload's name) and how to get its bytes. */
public interface Photo {

    /** Largest photo read from a file, as {@code PhotoFaces} accepts. */
    long MAX_FILE_BYTES = 20L << 20;

    /** The file or upload name, recorded in the template (never the photo itself). */
    String source();

    byte[] read() throws PhotoException;

    static Photo of(String source, byte[] bytes) {
        return new Photo() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public byte[] read() {
                return bytes;
            }
        };
    }

    /** A photo file, read only when it is processed; {@code source} is how it is named in reports and templates. */
    static Photo of(Path file, String source) {
        return new Photo() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public byte[] read() throws PhotoException {
                try {
                    long size = Files.size(file);
                    if (size > MAX_FILE_BYTES) {
                        throw new PhotoException(PhotoRejection.TOO_LARGE, "the file is " + size + " bytes, over the limit of " + MAX_FILE_BYTES);
                    }
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new PhotoException(PhotoRejection.UNREADABLE, "cannot read the file: " + e.getMessage());
                }
            }
        };
    }
}
