package io.streamrank.contract.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SHA-256 of every artifact of a version, as {@code checksums.sha256} in {@code sha256sum} format
 * ({@code <64 hex>  <relative path>}, sorted by path), so {@code sha256sum -c checksums.sha256} also checks a copy.
 *
 * @param files relative path → lower-case hex SHA-256
 */
public record Checksums(Map<String, String> files) {

    public static final String FILE_NAME = "checksums.sha256";

    /**
     * The version's signature over the exact bytes of {@link #FILE_NAME} (ADR 79, {@link VersionSigner}); not an
     * artifact, so never listed in the checksums it signs.
     */
    public static final String SIGNATURE_FILE_NAME = FILE_NAME + ".sig";

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S.*)");

    public Checksums {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** Checksums of every regular file under {@code dir} except a checksums file itself and its signature. */
    public static Checksums of(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (!rel.equals(FILE_NAME) && !rel.equals(SIGNATURE_FILE_NAME)) {
                    try (InputStream in = Files.newInputStream(f)) {
                        out.put(rel, sha256(in));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Checksums(out);
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        files.forEach((path, hex) -> sb.append(hex).append("  ").append(path).append('\n'));
        return sb.toString();
    }

    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IOException when a line is not {@code <hex>  <path>} or a path is unsafe */
    public static Checksums parse(byte[] content) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IOException("malformed checksums line: " + line);
            }
            String path = m.group(2);
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IOException("unsafe path in checksums: " + path);
            }
            out.put(path, m.group(1));
        }
        if (out.isEmpty()) {
            throw new IOException("empty checksums file");
        }
        return new Checksums(out);
    }

    /** Lower-case hex SHA-256 of the stream's remaining bytes. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Checks every file of this list under {@code dir}.
     *
     * @throws ChecksumMismatchException naming the first file that is missing or differs
     */
    public void verify(String version, Path dir) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new ChecksumMismatchException("model version " + version + " refused: artifact " + e.getKey()
                        + " listed in " + FILE_NAME + " is missing");
            }
            String actual;
            try (InputStream in = Files.newInputStream(f)) {
                actual = sha256(in);
            }
            mustMatch(version, e.getKey(), e.getValue(), actual);
        }
    }

    static void mustMatch(String version, String path, String expected, String actual)
            throws ChecksumMismatchException {
        if (!expected.equals(actual)) {
            throw new ChecksumMismatchException("model version " + version + " refused: checksum mismatch for "
                    + path + " (expected sha256 " + expected + ", found " + actual + "); the artifact was changed "
                    + "or corrupted after export and will not be served");
        }
    }
}
