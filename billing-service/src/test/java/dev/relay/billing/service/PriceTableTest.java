package dev.relay.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);

    /** Versions 1, 2 and 5 of one model (a gap, as deleted drafts would leave), an hour apart. */
    private static final PriceTable TABLE = new PriceTable(List.of(
            version(5, T0.plus(Duration.ofHours(2))), version(1, T0), version(2, T0.plus(Duration.ofHours(1)))));

    private static PriceVersion version(int version, Instant from) {
        return new PriceVersion("m", version, version * 100L, version * 400L, 0, 0, 4096, from);
    }

    @Test
    void aHeldVersionIsHonouredUpToTheGraceAfterItsSuccessorTookEffect() {
        Instant superseded = T0.plus(Duration.ofHours(1));
        assertEquals(1, TABLE.heldVersion("m", 1, superseded.plus(GRACE), GRACE).orElseThrow().version());
        assertTrue(TABLE.heldVersion("m", 1, superseded.plus(GRACE).plusMillis(1), GRACE).isEmpty());
    }

    @Test
    void theSuccessorIsTheNextVersionInForceWhateverItsNumber() {
        // Version 2 is superseded by 5 (two hours in), not by a version 3 that never existed.
        Instant fiveTookEffect = T0.plus(Duration.ofHours(2));
        assertEquals(2, TABLE.heldVersion("m", 2, fiveTookEffect.plus(GRACE), GRACE).orElseThrow().version());
        assertTrue(TABLE.heldVersion("m", 2, fiveTookEffect.plus(GRACE).plusSeconds(1), GRACE).isEmpty());
    }

    @Test
    void theNewestVersionIsAlwaysHonoured() {
        assertEquals(5, TABLE.heldVersion("m", 5, T0.plus(Duration.ofDays(400)), GRACE).orElseThrow().version());
    }

    @Test
    void anUnknownVersionOrModelIsNotHonoured() {
        assertTrue(TABLE.heldVersion("m", 3, T0, GRACE).isEmpty());
        assertTrue(TABLE.heldVersion("other", 1, T0, GRACE).isEmpty());
        assertTrue(TABLE.heldVersion(null, 1, T0, GRACE).isEmpty());
    }
}
