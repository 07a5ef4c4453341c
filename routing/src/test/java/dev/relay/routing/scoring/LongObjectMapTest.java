package dev.relay.routing.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(3);
        LongObjectMap<Long> map = new LongObjectMap<>(4);
        Map<Long, Long> reference = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long key = random.nextInt(2_000) * 0x100000000L; // colliding low bits stress the probing
            if (random.nextInt(3) == 0) {
                map.remove(key);
                reference.remove(key);
            } else {
                map.put(key, (long) step);
                reference.put(key, (long) step);
            }
            long probe = random.nextInt(2_000) * 0x100000000L;
            assertEquals(reference.get(probe), map.get(probe));
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((key, value) -> assertEquals(value, map.get(key)));
    }
}
