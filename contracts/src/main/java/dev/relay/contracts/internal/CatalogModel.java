package dev.relay.contracts.internal;

/**
 * One entry of the live model catalog, named {@code mode.source.model}.
 */
public record CatalogModel(
        String id,
        String mode,
        String source,
        String model,
        String ownedBy,
        int contextWindow,
        int healthyWorkers) {
}
