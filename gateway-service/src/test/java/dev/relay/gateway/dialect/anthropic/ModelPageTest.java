package dev.relay.gateway.dialect.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.service.ApiFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anthropic's model list pages as its SDK walks them: limit, after_id, before_id and has_more. */
class ModelPageTest {

    private static final List<String> ALL = List.of("a", "b", "c", "d", "e");

    @Test
    void theFirstPageHoldsLimitNamesAndSaysThereIsMore() {
        ModelPage page = ModelPage.of(ALL, 2, null, null);

        assertEquals(List.of("a", "b"), page.names());
        assertTrue(page.hasMore());
    }

    @Test
    void afterIdContinuesWhereThePreviousPageEnded() {
        assertEquals(new ModelPage(List.of("c", "d"), true), ModelPage.of(ALL, 2, "b", null));
        assertEquals(new ModelPage(List.of("e"), false), ModelPage.of(ALL, 2, "d", null));
    }

    @Test
    void beforeIdGivesThePageBeforeIt() {
        assertEquals(new ModelPage(List.of("b", "c"), true), ModelPage.of(ALL, 2, null, "d"));
        assertEquals(new ModelPage(List.of("a"), false), ModelPage.of(ALL, 2, null, "b"));
    }

    @Test
    void anIdTheListDoesNotHoldGivesAnEmptyPage() {
        ModelPage page = ModelPage.of(ALL, 2, "zzz", null);

        assertTrue(page.names().isEmpty());
        assertFalse(page.hasMore());
    }

    @Test
    void theLimitIsTwentyUnlessAskedAndOneToAThousand() {
        assertEquals(20, ModelPage.limit(null));
        assertEquals(1000, ModelPage.limit("1000"));
        for (String bad : new String[] {"0", "1001", "ten", "-3"}) {
            assertEquals("limit", assertThrows(ApiFailure.class, () -> ModelPage.limit(bad)).param(), bad);
        }
    }
}
