package io.streamrank.ranking.retrieval;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * An immutable list of item ids held as one {@code long[]}: the form the retrieval-list cache keeps its values in.
 * The lists live about two seconds, so every cached list outlives a young collection or two and is copied each
 * time; as boxed {@code Long}s a 50-id list was 51 objects and ~1.2 KB to copy, as one array it is one object of
 * 416 bytes (ADR 35). Reads box again, in the request, as garbage that dies young.
 */
final class IdList extends AbstractList<Long> implements RandomAccess {

    static final IdList EMPTY = new IdList(new long[0], 0);

    private final long[] ids;

    private IdList(long[] ids, int size) {
        this.ids = size == ids.length ? ids : Arrays.copyOf(ids, size);
    }

    /** The first {@code size} ids of the array (copied when the array is longer; the caller keeps no reference). */
    static IdList of(long[] ids, int size) {
        return size == 0 ? EMPTY : new IdList(ids, size);
    }

    @Override
    public Long get(int index) {
        return ids[index];
    }

    @Override
    public int size() {
        return ids.length;
    }

    /** As {@link java.util.List#equals}, without boxing when the other list is an {@code IdList} too. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdList other ? Arrays.equals(ids, other.ids) : super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
