package io.streamrank.ranking.model;

import io.streamrank.contract.registry.ModelRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prunes the local copies of model versions. Every version ever served stayed in the cache folder, 20-30 MB each: with
 * a daily version a pod's {@code /tmp} (an emptyDir of 1 GiB in deploy/) filled in five or six weeks and the kubelet
 * evicted it, every pod at about the same time. The versions some role holds are kept, and the most recently fetched
 * few others (a version retired a moment ago may still have its item index read by the ANN thread, and a rollback
 * then needs no download).
 */
final class CachedVersions {

    private CachedVersions() {
    }

    /**
     * Deletes the version folders under {@code root} that are not {@code held}, except the {@code keepOthers} most
     * recently fetched of them; folders being fetched (hidden, {@code .…tmp}) are left alone.
     *
     * @return the versions deleted
     */
    static List<String> prune(Path root, Set<String> held, int keepOthers) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> others = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !held.contains(p.getFileName().toString()))
                    .forEach(others::add);
        }
        others.sort(Comparator.comparing(CachedVersions::modified).reversed());
        List<String> deleted = new ArrayList<>();
        for (Path p : others.subList(Math.min(keepOthers, others.size()), others.size())) {
            ModelRepository.deleteTree(p);
            deleted.add(p.getFileName().toString());
        }
        return deleted;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
