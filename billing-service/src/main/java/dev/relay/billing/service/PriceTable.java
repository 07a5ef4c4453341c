package dev.relay.billing.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of every price version, answering "which price was in force for this model then?". */
public final class PriceTable {

    private final Map<String, List<PriceVersion>> byModel;

    public PriceTable(List<PriceVersion> versions) {
        Map<String, List<PriceVersion>> grouped = new HashMap<>();
        for (PriceVersion v : versions) {
            grouped.computeIfAbsent(v.model(), m -> new ArrayList<>()).add(v);
        }
        grouped.values().forEach(list -> list.sort(Comparator.comparingInt(PriceVersion::version)));
        this.byModel = Map.copyOf(grouped);
    }

    /**
     * The newest version whose {@code effectiveFrom} is not after {@code at}. Usage older than the first version
     * (clock skew, a price added after the fact) is charged the first version rather than nothing.
     */
    public Optional<PriceVersion> at(String model, Instant at) {
        List<PriceVersion> versions = model == null ? null : byModel.get(model);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        PriceVersion chosen = versions.get(0);
        for (PriceVersion v : versions) {
            if (!v.effectiveFrom().isAfter(at)) {
                chosen = v;
            }
        }
        return Optional.of(chosen);
    }

    /**
     * Version {@code version} of the model's price, if it has one and it was still in force at most {@code grace}
     * before {@code at}: a version superseded longer ago than that is no longer one a request could have been held at
     * in good faith (its gateway's price list was stale far past its refresh).
     */
    public Optional<PriceVersion> heldVersion(String model, int version, Instant at, Duration grace) {
        List<PriceVersion> versions = model == null ? null : byModel.get(model);
        if (versions == null) {
            return Optional.empty();
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version() == version) {
                boolean superseded = i + 1 < versions.size();
                if (superseded && versions.get(i + 1).effectiveFrom().plus(grace).isBefore(at)) {
                    return Optional.empty();
                }
                return Optional.of(versions.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest version of every model, sorted by model id. */
    public List<PriceVersion> current() {
        return byModel.values().stream()
                .map(list -> list.get(list.size() - 1))
                .sorted(Comparator.comparing(PriceVersion::model))
                .toList();
    }
}
