package io.streamrank.contract.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** An {@link ObjectStore} in a local (or mounted) directory; keys are relative paths. Writes are atomic renames. */
public final class LocalDirectoryStore implements ObjectStore {

    private final Path root;

    public LocalDirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key; refuses keys that would leave the root ({@code ..}, absolute paths). */
    public Path file(String key) {
        Path p = root.resolve(key).normalize();
        if (key.isEmpty() || !p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("invalid object key: " + key);
        }
        return p;
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        Path f = file(key);
        try {
            return Optional.of(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(file(key));
    }

    @Override
    public void write(String key, byte[] data) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(tmp, data);
        move(tmp, target);
    }

    @Override
    public void upload(Path source, String key) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        move(tmp, target);
    }

    @Override
    public void download(String key, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(file(key), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        // Walk only the folder the prefix names, not the whole store.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && !isTemporary(k))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public List<String> folders(String prefix) throws IOException {
        Path dir = prefix.isEmpty() ? root : root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    private static boolean isTemporary(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
