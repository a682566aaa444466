package io.faasfed.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.SecretKind;

/**
 * The file {@code faasfed bootstrap} writes the generated admin key to ({@code --admin-key-file}), since a Docker secret
 * cannot be read back: created with mode 0600, never overwritten. A file that is already there and holds a well-formed
 * key is used as it is (the key becomes the secret's value: a bootstrap interrupted between writing the file and
 * creating the secret, or a key the user made); a file with anything else in it is refused.
 */
final class AdminKeyFile {

    private final Path path;

    AdminKeyFile(Path path) {
        this.path = requireNonNull(path, "path");
    }

    Path path() {
        return path;
    }

    /**
     * The key the file holds; empty when there is no file.
     *
     * @throws SetupException INVALID_INPUT when the file is there but holds no well-formed key, or cannot be read
     */
    Optional<String> existingKey() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The admin key file " + path + " exists and cannot be read: "
                    + e.getMessage(), "Give another path with --admin-key-file.", e);
        }
        if (!SecretKind.wellFormedKey(text)) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The admin key file " + path + " exists and does not hold "
                    + "a faasfed key (ffk_<id>_<secret>); it is not overwritten.",
                    "Move it away, or give another path with --admin-key-file.");
        }
        return Optional.of(text);
    }

    /**
     * Writes {@code key} to a new file readable by its owner only.
     *
     * @throws SetupException INVALID_INPUT when the file cannot be created (its folder is missing, or it appeared)
     */
    void write(String key) {
        try {
            Path absolute = path.toAbsolutePath();
            if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "The admin key file's folder " + absolute.getParent()
                        + " does not exist.", "Create it, or give another path with --admin-key-file.");
            }
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(path);
            }
            Files.writeString(path, key + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The admin key file " + path + " appeared while bootstrap "
                    + "ran; it is not overwritten.", "Run bootstrap again.", e);
        } catch (IOException e) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The admin key file " + path + " cannot be written: "
                    + e.getMessage(), "Give a writable path with --admin-key-file.", e);
        }
    }
}
