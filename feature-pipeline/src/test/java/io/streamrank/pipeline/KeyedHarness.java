package io.streamrank.pipeline;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Keyed operator test harnesses on a chosen state backend, and what the tests ask their keyed state: the keys that
 * hold a state (so "cleared" means cleared on RocksDB too, where the harness cannot count entries), a key's value and
 * a key's map entries.
 */
public final class KeyedHarness {

    /** The state backends the job runs on: heap ({@code hashmap}, the default) and RocksDB (production). */
    public enum Backend {
        HEAP, ROCKSDB;

        StateBackend create() {
            return this == HEAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend();
        }
    }

    private KeyedHarness() {
    }

    /** An open harness for {@code function}, empty or restored from {@code snapshot} (null: none). */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<Long, I, O> open(
            KeyedProcessFunction<Long, I, O> function, KeySelector<I, Long> key, Backend backend,
            OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Long, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), key, Types.LONG);
        h.setStateBackend(backend.create());
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    /** How many keys hold any of the named states (a map state counts once per key, whatever its entries). */
    public static long keysWithState(KeyedOneInputStreamOperatorTestHarness<Long, ?, ?> h, String... states) {
        KeyedStateBackend<Long> backend = backend(h);
        long keys = 0;
        for (String state : states) {
            try (Stream<Long> k = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                keys += k.count();
            }
        }
        return keys;
    }

    /** The entries of {@code key}'s map state (registered with {@code descriptor}, its TTL included). */
    public static <U, V> Map<U, V> mapEntries(KeyedOneInputStreamOperatorTestHarness<Long, ?, ?> h,
                                              MapStateDescriptor<U, V> descriptor, long key) throws Exception {
        KeyedStateBackend<Long> backend = backend(h);
        backend.setCurrentKey(key);
        MapState<U, V> map = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                descriptor);
        Map<U, V> out = new java.util.HashMap<>();
        for (Map.Entry<U, V> e : map.entries()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** {@code key}'s value state (registered with {@code descriptor}, its TTL included), or null. */
    public static <V> V value(KeyedOneInputStreamOperatorTestHarness<Long, ?, ?> h, ValueStateDescriptor<V> descriptor,
                              long key) throws Exception {
        KeyedStateBackend<Long> backend = backend(h);
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor)
                .value();
    }

    private static KeyedStateBackend<Long> backend(KeyedOneInputStreamOperatorTestHarness<Long, ?, ?> h) {
        return ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
    }
}
