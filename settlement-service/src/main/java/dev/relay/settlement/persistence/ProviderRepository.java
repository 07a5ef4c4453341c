package dev.relay.settlement.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The providers table: the address each opengpu worker is paid at, as its latest heartbeat named it. */
@ApplicationScoped
public class ProviderRepository {

    private final EntityManager em;

    public ProviderRepository(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public void record(String workerId, String payoutAddress) {
        em.createNativeQuery("""
                INSERT INTO providers (worker_id, payout_address, updated_at) VALUES (:worker, :address, :now)
                ON CONFLICT (worker_id) DO UPDATE SET payout_address = :address, updated_at = :now""")
                .setParameter("worker", workerId)
                .setParameter("address", payoutAddress)
                .setParameter("now", Instant.now())
                .executeUpdate();
    }

    @Transactional
    public Optional<String> payoutAddress(String workerId) {
        @SuppressWarnings("unchecked")
        List<String> found = em.createNativeQuery("SELECT payout_address FROM providers WHERE worker_id = :worker")
                .setParameter("worker", workerId).getResultList();
        return found.stream().findFirst();
    }
}
