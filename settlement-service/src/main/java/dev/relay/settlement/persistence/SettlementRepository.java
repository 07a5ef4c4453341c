package dev.relay.settlement.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The settlements table. A change is one conditional statement keyed on the state it expects, so a usage event
 * delivered twice, or a round that overlaps a restart, changes nothing the second time.
 */
@ApplicationScoped
public class SettlementRepository implements PanacheRepositoryBase<Settlement, String> {

    /** Records the task's payment unless it is recorded already; true when this call recorded it. */
    @Transactional
    public boolean insertIfAbsent(Settlement s) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO settlements (task_id, account_id, worker_id, provider, amount_micro, amount_wei,
                                         task_address, status, created_at, updated_at)
                VALUES (:task, :account, :worker, :provider, :micro, :wei, :address, :status, :now, :now)
                ON CONFLICT (task_id) DO NOTHING""")
                .setParameter("task", s.taskId)
                .setParameter("account", s.accountId)
                .setParameter("worker", s.workerId)
                .setParameter("provider", s.provider)
                .setParameter("micro", s.amountMicro)
                .setParameter("wei", s.amountWei)
                .setParameter("address", s.taskAddress)
                .setParameter("status", s.status)
                .setParameter("now", s.createdAt)
                .executeUpdate() == 1;
    }

    @Transactional
    public Optional<Settlement> byTask(String taskId) {
        return findByIdOptional(taskId);
    }

    /** Payments of this worker waiting for its address become payable to {@code address}; answers how many. */
    @Transactional
    public int providerKnown(String workerId, String address) {
        return update("provider = ?1, status = ?2, updatedAt = ?3 where workerId = ?4 and status = ?5",
                address, Settlement.PENDING, Instant.now(), workerId, Settlement.AWAITING_PROVIDER);
    }

    @Transactional
    public List<Settlement> inStatus(String status, int limit) {
        return find("status = ?1 order by createdAt", status).page(0, limit).list();
    }

    @Transactional
    public List<Settlement> unpublished(int limit) {
        return find("status = ?1 and publishedAt is null order by updatedAt", Settlement.CONFIRMED)
                .page(0, limit).list();
    }

    /** Records a payment as signed, before it is sent: from here a crash finds it by its hash. */
    @Transactional
    public boolean signed(String taskId, String txHash) {
        Instant now = Instant.now();
        return update("status = ?1, txHash = ?2, sentAt = ?3, updatedAt = ?3 where taskId = ?4 and status = ?5",
                Settlement.SENT, txHash, now, taskId, Settlement.PENDING) == 1;
    }

    /** The payment's block and how deep it is now; confirmed when deep enough. */
    @Transactional
    public void mined(String taskId, String txHash, long block, int confirmations, boolean confirmed) {
        update("txHash = ?1, blockNumber = ?2, confirmations = ?3, status = ?4, updatedAt = ?5 where taskId = ?6"
                        + " and status = ?7",
                txHash, block, confirmations, confirmed ? Settlement.CONFIRMED : Settlement.SENT, Instant.now(),
                taskId, Settlement.SENT);
    }

    /** A sent payment that never reached a block: it goes back to be signed again. */
    @Transactional
    public void lost(String taskId, String txHash) {
        update("status = ?1, txHash = null, sentAt = null, updatedAt = ?2 where taskId = ?3 and status = ?4"
                + " and txHash = ?5", Settlement.PENDING, Instant.now(), taskId, Settlement.SENT, txHash);
    }

    @Transactional
    public void failed(String taskId, String reason) {
        update("status = ?1, failure = ?2, updatedAt = ?3 where taskId = ?4 and status in (?5, ?6)",
                Settlement.FAILED, reason, Instant.now(), taskId, Settlement.PENDING, Settlement.SENT);
    }

    @Transactional
    public void published(String taskId) {
        update("publishedAt = ?1 where taskId = ?2", Instant.now(), taskId);
    }
}
