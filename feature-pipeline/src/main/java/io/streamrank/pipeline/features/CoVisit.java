package io.streamrank.pipeline.features;

/** Item {@link #neighbour} was interacted with close to {@link #item} in one user's session. A Flink POJO. */
public class CoVisit {

    public long item;
    public long neighbour;
    /** Event time of the later of the two interactions. */
    public long timestamp;

    public CoVisit() {
    }

    public CoVisit(long item, long neighbour, long timestamp) {
        this.item = item;
        this.neighbour = neighbour;
        this.timestamp = timestamp;
    }

    @Override
    public String toString() {
        return item + "~" + neighbour + "@" + timestamp;
    }
}
