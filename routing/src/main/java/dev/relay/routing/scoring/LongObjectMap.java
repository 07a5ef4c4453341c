package dev.relay.routing.scoring;

/**
 * A map from primitive long to non-null values: open addressing, linear probing, backward-shift deletion. The
 * prefix index holds up to about a million block hashes and touches dozens per pick; boxed {@code HashMap<Long, V>}
 * spent most of that time on allocation and pointer chasing. Not thread-safe.
 */
final class LongObjectMap<V> {

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    LongObjectMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) value;
            }
        }
    }

    void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if ((size + 1) * 2 > values.length) {
            resize();
        }
        int i = home(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(long key) {
        int hole = home(key);
        while (true) {
            if (values[hole] == null) {
                return;
            }
            if (keys[hole] == key) {
                break;
            }
            hole = (hole + 1) & mask;
        }
        values[hole] = null;
        size--;
        // Shift later entries of the probe run back into the hole unless their home lies cyclically in (hole, j].
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = home(keys[j]);
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
    }

    private void resize() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldValues.length * 2);
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked")
                V value = (V) oldValues[i];
                put(oldKeys[i], value);
            }
        }
    }
}
