package dev.relay.gateway.dialect.anthropic;

import dev.relay.gateway.service.ApiFailure;
import java.util.List;

/**
 * One page of Anthropic's model list ({@code limit}, {@code after_id}, {@code before_id}), as its SDK pages through
 * it: {@code has_more} says whether the SDK should ask for the next page. An id the list does not hold gives an
 * empty page.
 */
public record ModelPage(List<String> names, boolean hasMore) {

    /** Anthropic's default and largest page. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    public static ModelPage of(List<String> all, int size, String afterId, String beforeId) {
        if (afterId != null) {
            int at = all.indexOf(afterId);
            if (at < 0) {
                return new ModelPage(List.of(), false);
            }
            int end = Math.min(all.size(), at + 1 + size);
            return new ModelPage(all.subList(at + 1, end), end < all.size());
        }
        if (beforeId != null) {
            int at = all.indexOf(beforeId);
            if (at < 0) {
                return new ModelPage(List.of(), false);
            }
            int start = Math.max(0, at - size);
            return new ModelPage(all.subList(start, at), start > 0);
        }
        int end = Math.min(all.size(), size);
        return new ModelPage(all.subList(0, end), end < all.size());
    }

    /** The page size a {@code limit} parameter asks for. @throws ApiFailure unless 1 to 1000 */
    public static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiFailure.invalidRequest("limit: Input should be an integer from 1 to " + MAX_LIMIT, "limit");
    }
}
