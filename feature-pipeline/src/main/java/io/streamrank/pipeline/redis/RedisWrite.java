package io.streamrank.pipeline.redis;

/**
 * One idempotent Redis write: an absolute value, never an increment, so replaying after a restore converges to the
 * same final state. A Flink POJO.
 */
public class RedisWrite {

    /** What to do with {@link #key}. */
    public enum Op {
        /** {@code SET key value PX ttl}. */
        SET,
        /** {@code ZADD key score member} then {@code PEXPIRE key ttl}; see {@link #ownedBy} for owned sets. */
        ZADD,
        /** {@code ZREM key member}; see {@link #ownedBy} for owned sets. */
        ZREM,
        /**
         * Replace the whole sorted set with {@link #members} scored {@link #scores}, with a TTL, atomically (one Lua
         * script on the key: readers never see it half-written). The absolute value of a top-N list.
         */
        ZREPLACE
    }

    public Op op;
    public String key;
    /** SET: the value. ZADD/ZREM: the member. */
    public String value;
    public double score;
    public long ttlMs;
    /** ZREPLACE: the set's members and their scores. */
    public String[] members;
    public double[] scores;
    /** ZADD/ZREM of an owned sorted set: the key naming the job run that wrote the set last, else null. */
    public String owner;
    /** ZADD/ZREM of an owned sorted set: the job run this write belongs to. */
    public long run;
    /**
     * ZADD/ZREM of an owned sorted set: how long (ms) the members of another run that wrote the set last stay after
     * this run claims it.
     */
    public long takeoverMs;
    /**
     * Event time of the oldest event this write makes visible, or 0 when the write only re-evaluates a sliding
     * window. The sink measures the event-time to Redis-write lag from it.
     */
    public long eventTime;

    public RedisWrite() {
    }

    private RedisWrite(Op op, String key, String value, double score, long ttlMs) {
        this.op = op;
        this.key = key;
        this.value = value;
        this.score = score;
        this.ttlMs = ttlMs;
    }

    public static RedisWrite set(String key, String value, long ttlMs) {
        return new RedisWrite(Op.SET, key, value, 0d, ttlMs);
    }

    public static RedisWrite zadd(String key, String member, double score, long ttlMs) {
        return new RedisWrite(Op.ZADD, key, member, score, ttlMs);
    }

    public static RedisWrite zrem(String key, String member) {
        return new RedisWrite(Op.ZREM, key, member, 0d, 0L);
    }

    public static RedisWrite zreplace(String key, String[] members, double[] scores, long ttlMs) {
        RedisWrite w = new RedisWrite(Op.ZREPLACE, key, null, 0d, ttlMs);
        w.members = members;
        w.scores = scores;
        return w;
    }

    /**
     * This sorted-set write as one of job run {@code run}, for a set that only that run's state fills (the popularity
     * sets). A set that another run wrote last (a job started again without its state) is taken over gradually: its
     * members stay for {@code takeoverMs} after this run's first write to it, then only the members this run has
     * written since are kept, so members of the earlier run do not stay behind for good, while the set does not shrink
     * to what the new run has seen so far (see {@code SortedSetChanges.OWNED_CHANGES}). {@code owner} is the key that
     * names the set's run; it must hash to the set's Redis Cluster slot. Returns this.
     */
    public RedisWrite ownedBy(String owner, long run, long takeoverMs) {
        if (op != Op.ZADD && op != Op.ZREM) {
            throw new IllegalArgumentException("only ZADD and ZREM write owned sets: " + this);
        }
        if (op == Op.ZADD && ttlMs <= 0) {
            // The owner key expires with the set: without a TTL neither would.
            throw new IllegalArgumentException("an owned sorted set needs a TTL: " + this);
        }
        if (takeoverMs < 0) {
            throw new IllegalArgumentException("a takeover span cannot be negative: " + takeoverMs);
        }
        this.owner = owner;
        this.run = run;
        this.takeoverMs = takeoverMs;
        return this;
    }

    /** This write with {@link #eventTime} set; returns this. */
    public RedisWrite at(long eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    @Override
    public String toString() {
        if (op == Op.ZREPLACE) {
            StringBuilder sb = new StringBuilder("ZREPLACE ").append(key);
            for (int i = 0; i < members.length; i++) {
                sb.append(' ').append(members[i]).append('=').append(scores[i]);
            }
            return sb.toString();
        }
        return op + " " + key + " " + value + (op == Op.ZADD ? " " + score : "");
    }
}
