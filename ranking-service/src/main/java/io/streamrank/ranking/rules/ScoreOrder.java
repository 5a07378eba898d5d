package io.streamrank.ranking.rules;

/**
 * Candidate positions popped best first: highest score, ties in retrieval order (lower position first), NaN first as
 * {@link Double#compare} orders it. A binary max-heap over primitive positions: a page needs the best ~10 of ~500, so
 * building the heap (O(n)) and popping k (O(k log n)) is cheaper than sorting all of them as boxed integers, which was
 * ~4 % of the service's CPU in a profile.
 */
final class ScoreOrder {

    private final double[] scores;
    private final int[] heap;
    private int size;

    ScoreOrder(double[] scores) {
        this.scores = scores;
        this.size = scores.length;
        this.heap = new int[size];
        for (int i = 0; i < size; i++) {
            heap[i] = i;
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The best remaining position. */
    int pop() {
        int top = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
        return top;
    }

    /** Whether position {@code a} ranks before position {@code b}. */
    boolean before(int a, int b) {
        int c = Double.compare(scores[a], scores[b]);
        return c != 0 ? c > 0 : a < b;
    }

    private void siftDown(int i) {
        int item = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], item)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }
}
