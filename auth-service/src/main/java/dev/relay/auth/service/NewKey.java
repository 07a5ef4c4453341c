package dev.relay.auth.service;

import java.util.List;

/**
 * A validated request for a key: {@code rpmLimit} between 1 and the configured maximum, or null when not given;
 * {@code allowedModels} empty = every model (or, for a key made by a restricted key, that key's models).
 */
public record NewKey(String name, Integer rpmLimit, List<String> allowedModels) {
}
