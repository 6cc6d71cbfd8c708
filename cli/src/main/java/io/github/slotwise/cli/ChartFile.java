package io.github.slotwise.cli;

import io.github.slotwise.simulation.format.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where {@code --chart} writes, and in which format: PNG or SVG by the file's extension. Checked
 * before anything is simulated, so a long run is not lost to a typo.
 *
 * @param path the file as given
 * @param format its format
 */
record ChartFile(Path path, Format format) {
    /** The formats, by extension. */
    enum Format {
        PNG,
        SVG
    }

    ChartFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }

    /**
     * Checks a {@code --chart} value: a known extension, and a directory that exists and is
     * writable.
     *
     * @throws InputException naming the option and the file
     */
    static ChartFile of(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Format format =
                switch (extension) {
                    case "png" -> Format.PNG;
                    case "svg" -> Format.SVG;
                    default -> throw new InputException("--chart " + path + ": "
                            + (extension.isEmpty() ? "no file extension" : "unknown chart format '." + extension + "'")
                            + "; use a file name ending in .png or .svg");
                };
        if (Files.isDirectory(path)) {
            throw new InputException("--chart " + path + ": is a directory, not a file");
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException("--chart " + path + ": cannot write: directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir) || (Files.exists(path) && !Files.isWritable(path))) {
            throw new InputException("--chart " + path + ": cannot write: permission denied");
        }
        return new ChartFile(path, format);
    }
}
