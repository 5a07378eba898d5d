package io.streamrank.ranking.catalog;

import io.streamrank.contract.catalog.CatalogItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses catalog CSV: a header {@code itemId,categoryId,createdAt,available,price,title}, then one item per line.
 * {@code createdAt} is epoch milliseconds or an ISO-8601 instant; {@code available} is true/false/1/0 (empty = true);
 * price and title may be empty; fields may be double-quoted (RFC 4180) so titles can hold commas. Rows are held to the
 * REST upsert's limits ({@link CatalogLimits}). A bad row is reported with its line number and skipped; the good rows
 * go to the caller in batches as the file is read, so a large file is never held in memory.
 */
final class CatalogCsv {

    static final String HEADER = "itemId,categoryId,createdAt,available,price,title";
    /** Bad rows whose messages are kept; the rest are only counted. */
    static final int KEPT_ERRORS = 20;

    /** Receives each batch of good rows; may throw to stop the parse (e.g. the store is down). */
    @FunctionalInterface
    interface Batches {
        void accept(List<CatalogItem> batch);
    }

    /**
     * @param items    good rows handed over
     * @param rejected bad rows
     * @param errors   the first {@value #KEPT_ERRORS} bad rows' messages, with their line numbers
     */
    record Result(int items, int rejected, List<String> errors) {
    }

    private CatalogCsv() {
    }

    /** What {@link #open} reads an invalid byte as: a noncharacter, never in text, unlike U+FFFD itself. */
    static final char NOT_UTF8 = '\uFFFF';

    /**
     * The file as UTF-8 text, each invalid byte read as {@link #NOT_UTF8}, which {@link #parse} refuses as a bad row: a
     * strict reader threw on the first such byte (a title exported as Windows-1252, say) and failed the start-up.
     */
    static BufferedReader open(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(String.valueOf(NOT_UTF8));
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8));
    }

    /**
     * Reads the file, handing good rows over in batches of {@code batchSize} (the last one smaller).
     *
     * @param now server time in epoch milliseconds, for the limit on future listing times
     */
    static Result parse(BufferedReader in, long now, int batchSize, Batches out) throws IOException {
        String header = in.readLine();
        if (header == null || !header.strip().replace("\uFEFF", "").equalsIgnoreCase(HEADER)) {
            throw new IOException("catalog CSV must start with the header line: " + HEADER);
        }
        List<CatalogItem> batch = new ArrayList<>(batchSize);
        List<String> errors = new ArrayList<>();
        int items = 0;
        int rejected = 0;
        String line;
        int n = 1;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                if (line.indexOf(NOT_UTF8) >= 0) {
                    throw new IllegalArgumentException("not valid UTF-8 (the file must be UTF-8 text)");
                }
                batch.add(row(split(line), now));
            } catch (IllegalArgumentException e) {
                rejected++;
                if (errors.size() < KEPT_ERRORS) {
                    errors.add("line " + n + ": " + e.getMessage());
                }
                continue;
            }
            if (batch.size() == batchSize) {
                out.accept(List.copyOf(batch));
                items += batch.size();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            out.accept(List.copyOf(batch));
            items += batch.size();
        }
        return new Result(items, rejected, List.copyOf(errors));
    }

    private static CatalogItem row(List<String> f, long now) {
        if (f.size() < 4 || f.size() > 6) {
            throw new IllegalArgumentException("expected 4 to 6 fields, got " + f.size());
        }
        long itemId = positive(f.get(0), "itemId");
        long categoryId = positive(f.get(1), "categoryId");
        long createdAt = instant(f.get(2));
        String problem = CatalogLimits.createdAtProblem(createdAt, now);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        boolean available = switch (f.get(3).strip().toLowerCase(Locale.ROOT)) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("available must be true, false, 1 or 0");
        };
        BigDecimal price = null;
        if (f.size() > 4 && !f.get(4).isBlank()) {
            try {
                price = new BigDecimal(f.get(4).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("price is not a number");
            }
            problem = CatalogLimits.priceProblem(price);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        String title = f.size() > 5 ? f.get(5) : null;
        String titleProblem = title == null ? null : CatalogLimits.titleProblem(title);
        if (titleProblem != null) {
            throw new IllegalArgumentException(titleProblem);
        }
        return new CatalogItem(itemId, categoryId, createdAt, available, price, title);
    }

    private static long positive(String s, String name) {
        try {
            long v = Long.parseLong(s.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer > 0");
    }

    private static long instant(String s) {
        String v = s.strip();
        try {
            return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Long.parseLong(v)
                    : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: an ISO instant that parses but is out of epoch milliseconds' range
            throw new IllegalArgumentException("createdAt must be epoch milliseconds or an ISO-8601 instant");
        }
    }

    /** Splits one line into fields, honouring double quotes ("" inside quotes is a quote). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        out.add(field.toString());
        return out;
    }
}
