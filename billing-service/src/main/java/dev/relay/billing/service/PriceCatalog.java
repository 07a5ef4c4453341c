package dev.relay.billing.service;

import dev.relay.billing.config.BillingConfig;
import dev.relay.billing.persistence.PriceRepository;
import dev.relay.billing.persistence.Transactions;
import dev.relay.contracts.internal.ModelPrice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Prices: seeded from configuration, versioned on every change, read from the database (never stale). */
@ApplicationScoped
public class PriceCatalog {

    private static final Logger LOG = Logger.getLogger(PriceCatalog.class);

    private final Transactions transactions;
    private final PriceRepository repository;
    private final BillingConfig config;

    public PriceCatalog(Transactions transactions, PriceRepository repository, BillingConfig config) {
        this.transactions = transactions;
        this.repository = repository;
        this.config = config;
    }

    /** Inserts each configured price as version 1 of a model that has none; existing prices are left alone. */
    public void seed() {
        transactions.inTransaction(connection -> {
            for (BillingConfig.PriceSeed seed : config.prices()) {
                PriceVersion price = new PriceVersion(seed.model(), 1, seed.inputPerMillionMicro(),
                        seed.outputPerMillionMicro(), seed.perImageMicro(), seed.perSecondMicro(),
                        seed.defaultMaxTokens(), Instant.EPOCH);
                if (repository.seedIfAbsent(connection, price)) {
                    LOG.infof("seeded price of %s", seed.model());
                }
            }
            return null;
        });
    }

    public PriceTable table() {
        return new PriceTable(transactions.read(repository::all));
    }

    public List<PriceVersion> current() {
        return table().current();
    }

    public Optional<PriceVersion> current(String model) {
        return table().at(model, Instant.now());
    }

    /** Creates the next version of {@code model}'s price, in force from now on; past usage keeps its price. */
    public PriceVersion change(String model, long inputPerMillionMicro, long outputPerMillionMicro, long perImageMicro,
            long perSecondMicro, int defaultMaxTokens) {
        PriceVersion draft = new PriceVersion(model, 0, inputPerMillionMicro, outputPerMillionMicro, perImageMicro,
                perSecondMicro, defaultMaxTokens, null);
        PriceVersion created = transactions.inTransaction(connection -> repository.addVersion(connection, draft));
        LOG.infof("price of %s is now version %d", model, created.version());
        return created;
    }

    /** The default price, published under {@link ModelPrice#ANY_MODEL} so that gateways can reserve it. */
    public PriceVersion defaultPrice() {
        return fallback(ModelPrice.ANY_MODEL);
    }

    /** The price charged for a model that has none: configured, version 0. */
    public PriceVersion fallback(String model) {
        BillingConfig.DefaultPrice price = config.defaultPrice();
        return new PriceVersion(model, 0, price.inputPerMillionMicro(), price.outputPerMillionMicro(),
                price.perImageMicro(), price.perSecondMicro(), 4096, Instant.EPOCH);
    }
}
