package dev.relay.auth.service;

import dev.relay.contracts.internal.ApiError;

import dev.relay.auth.messaging.KeyEventOutbox;
import dev.relay.auth.persistence.Account;
import dev.relay.auth.persistence.AccountRepository;
import dev.relay.auth.persistence.ApiKey;
import dev.relay.auth.persistence.ApiKeyRepository;
import dev.relay.contracts.KeyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final AccountRepository accounts;
    private final ApiKeyRepository keys;
    private final KeyEventOutbox events;
    private final TierCatalog tiers;

    public AccountService(AccountRepository accounts, ApiKeyRepository keys, KeyEventOutbox events, TierCatalog tiers) {
        this.accounts = accounts;
        this.keys = keys;
        this.events = events;
        this.tiers = tiers;
    }

    @Transactional
    public Account create(String name, String tier) {
        Account account = new Account(RandomTokens.accountId(), name, tiers.accountTier(tier), KeyService.now());
        accounts.insert(account);
        LOG.infof("created account %s on tier %s", account.id(), account.tier());
        return account;
    }

    public Account get(String id) {
        return accounts.find(id).orElseThrow(() -> ApiError.notFound("No such account"));
    }

    /** Every live key of the account is announced UPDATED, so gateways drop identities cached with the old tier. */
    @Transactional
    public Account changeTier(String id, String tier) {
        String newTier = tiers.accountTier(tier);
        if (!accounts.updateTier(id, newTier)) {
            throw ApiError.notFound("No such account");
        }
        Instant now = KeyService.now();
        for (ApiKey key : keys.listLive(id)) {
            events.announce(KeyEvent.Type.UPDATED, key, now);
        }
        LOG.infof("account %s moved to tier %s", id, newTier);
        return get(id);
    }
}
