package dev.relay.auth.service;

import java.util.List;

/** A validated request for a key: 1 <= rpmLimit <= the configured maximum, allowedModels empty = every model. */
public record NewKey(String name, int rpmLimit, List<String> allowedModels) {
}
