package dev.relay.task.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The webhook_endpoints table; an endpoint is only ever read or deleted together with its account id. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpoint, String> {

    /**
     * Stores the endpoint unless the account already has {@code max} of them; true when stored. The account is locked
     * for the transaction first (an advisory lock: row locks would not cover an account with no rows yet), and the
     * count, a statement of its own, sees what a registration that held the lock before committed: two at once
     * cannot both take the last place.
     */
    @Transactional
    public boolean insertWithin(WebhookEndpoint endpoint, int max) {
        getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:account))")
                .setParameter("account", "webhooks:" + endpoint.accountId)
                .getSingleResult();
        if (count("accountId", endpoint.accountId) >= max) {
            return false;
        }
        persist(endpoint);
        return true;
    }

    @Transactional
    public List<WebhookEndpoint> ofAccount(String accountId) {
        return list("accountId = ?1 order by createdAt, id", accountId);
    }

    @Transactional
    public Optional<WebhookEndpoint> findOwned(String id, String accountId) {
        return find("id = ?1 and accountId = ?2", id, accountId).firstResultOptional();
    }

    /** Deletes the endpoint, and with it every delivery still owed to it; true when it existed. */
    @Transactional
    public boolean deleteOwned(String id, String accountId) {
        return delete("id = ?1 and accountId = ?2", id, accountId) > 0;
    }
}
