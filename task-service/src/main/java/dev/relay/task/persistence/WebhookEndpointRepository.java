package dev.relay.task.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The webhook_endpoints table; an endpoint is only ever read or deleted together with its account id. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpoint, String> {

    /** How a registration went. */
    public enum Registration { STORED, FULL, DUPLICATE }

    /**
     * Stores the endpoint unless the account already has {@code max} of them or one with its URL. The account is locked
     * for the transaction first (an advisory lock: row locks would not cover an account with no rows yet), and the
     * count, a statement of its own, sees what a registration that held the lock before committed: two at once
     * cannot both take the last place.
     */
    @Transactional
    public Registration insertWithin(WebhookEndpoint endpoint, int max) {
        getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:account))")
                .setParameter("account", "webhooks:" + endpoint.accountId)
                .getSingleResult();
        if (count("accountId = ?1 and url = ?2", endpoint.accountId, endpoint.url) > 0) {
            return Registration.DUPLICATE;
        }
        if (count("accountId", endpoint.accountId) >= max) {
            return Registration.FULL;
        }
        persist(endpoint);
        return Registration.STORED;
    }

    @Transactional
    public List<WebhookEndpoint> ofAccount(String accountId) {
        return list("accountId = ?1 order by createdAt, id", accountId);
    }

    @Transactional
    public boolean owned(String id, String accountId) {
        return count("id = ?1 and accountId = ?2", id, accountId) > 0;
    }

    /** Deletes the endpoint, and with it every delivery still owed to it; true when it existed. */
    @Transactional
    public boolean deleteOwned(String id, String accountId) {
        return delete("id = ?1 and accountId = ?2", id, accountId) > 0;
    }
}
