package io.footfall.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A stand-in npm client: {@code npm pack} "downloads" a tarball the test prepared, or fails. */
final class FakeNpm {

    private FakeNpm() {}

    /** An executable that copies {@code tarball} into {@code --pack-destination} and prints its name, as npm does. */
    static NpmPack serving(Path dir, Path tarball) throws IOException {
        return script(dir, """
                #!/bin/sh
                while [ "$1" != "--pack-destination" ]; do shift; done
                cp '%s' "$2/served.tgz"
                echo served.tgz
                """.formatted(tarball));
    }

    /** An executable that fails the way npm does offline. */
    static NpmPack failing(Path dir) throws IOException {
        return script(dir, """
                #!/bin/sh
                echo 'npm error code ENOTFOUND' >&2
                exit 1
                """);
    }

    private static NpmPack script(Path dir, String body) throws IOException {
        Path npm = dir.resolve("fake-npm");
        Files.writeString(npm, body);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new NpmPack(npm.toString());
    }
}
