package dev.relay.router.service;

import dev.relay.contracts.internal.CatalogModel;
import dev.relay.router.config.RouterConfig;
import dev.relay.routing.registry.Worker;
import dev.relay.routing.registry.WorkerDescriptor;
import dev.relay.routing.registry.WorkerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live catalog, derived from the registry on every call: one entry per (mode, source, model) that any
 * registered worker serves, with how many of those workers can take a request now.
 */
@ApplicationScoped
public class ModelCatalog {

    /** Vendors of well-known ids without a {@code vendor/} prefix; configuration overrides. */
    static final Map<String, String> DEFAULT_OWNERS = Map.of("gpt-oss", "openai");

    private final WorkerRegistry registry;
    private final RouterConfig config;

    public ModelCatalog(WorkerRegistry registry, RouterConfig config) {
        this.registry = registry;
        this.config = config;
    }

    public List<CatalogModel> models() {
        Map<String, Entry> entries = new TreeMap<>();
        for (Worker worker : registry.all()) {
            WorkerDescriptor d = worker.descriptor();
            for (String model : d.models()) {
                String id = d.mode() + "." + d.protocol() + "." + model;
                Entry entry = entries.computeIfAbsent(id, k -> new Entry(d.mode(), d.protocol(), model));
                if (worker.eligible()) {
                    entry.healthy++;
                }
                Integer reported = worker.contextWindows().get(model);
                if (reported != null && reported > entry.contextWindow) {
                    entry.contextWindow = reported;
                }
            }
        }
        List<CatalogModel> out = new ArrayList<>(entries.size());
        entries.forEach((id, e) -> out.add(new CatalogModel(id, e.mode, e.source, e.model, ownedBy(e.model),
                e.contextWindow > 0 ? e.contextWindow : configuredWindow(e.model), e.healthy)));
        return out;
    }

    int configuredWindow(String model) {
        return config.contextWindows().getOrDefault(model, config.defaultContextWindow());
    }

    String ownedBy(String model) {
        String configured = config.ownedBy().get(model);
        if (configured != null) {
            return configured;
        }
        int slash = model.indexOf('/');
        if (slash > 0) {
            return model.substring(0, slash).toLowerCase(Locale.ROOT);
        }
        for (Map.Entry<String, String> owner : DEFAULT_OWNERS.entrySet()) {
            if (model.startsWith(owner.getKey())) {
                return owner.getValue();
            }
        }
        return "relay";
    }

    private static final class Entry {
        final String mode;
        final String source;
        final String model;
        int healthy;
        int contextWindow;

        Entry(String mode, String source, String model) {
            this.mode = mode;
            this.source = source;
            this.model = model;
        }
    }
}
