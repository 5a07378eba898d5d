package io.streamrank.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository under test (Maven passes its root as {@code streamrank.repoRoot}). */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("streamrank.repoRoot");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the Streamrank repository root: " + root.toAbsolutePath());
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under {@code dir} whose name ends with one of {@code suffixes}, sorted. */
    public static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> suffixes.length == 0 || Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x)))
                    .filter(p -> !p.toString().contains("/.terraform/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
