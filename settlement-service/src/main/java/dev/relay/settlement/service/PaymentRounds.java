package dev.relay.settlement.service;

import dev.relay.contracts.SettlementRecorded;
import dev.relay.settlement.client.OpenGpuChain;
import dev.relay.settlement.client.OpenGpuChain.Receipt;
import dev.relay.settlement.client.OpenGpuChain.SignedTransaction;
import dev.relay.settlement.config.SettlementConfig;
import dev.relay.settlement.messaging.SettlementPublisher;
import dev.relay.settlement.persistence.Settlement;
import dev.relay.settlement.persistence.SettlementRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Pays providers, one round every poll interval on one thread (the operator's nonces are taken in order):
 * <ol>
 * <li>pending payments are signed, recorded as sent under their hash, then sent; a task whose contract already
 *     exists was paid before (a crash between sending and recording) and is found by its log instead, so no provider
 *     is ever paid twice: the chain itself refuses a second contract at the task's address;</li>
 * <li>sent payments are followed to their block and its confirmations; one the node no longer knows is signed
 *     again after {@code resend-after};</li>
 * <li>confirmed payments are published on {@code relay.settlements}, at least once.</li>
 * </ol>
 */
@ApplicationScoped
public class PaymentRounds {

    private static final Logger LOG = Logger.getLogger(PaymentRounds.class);
    private static final int BATCH = 50;

    private final OpenGpuChain chain;
    private final SettlementRepository settlements;
    private final SettlementPublisher publisher;
    private final SettlementConfig.Chain config;
    private ScheduledExecutorService rounds;
    private volatile String lastProblem;
    /** The chain's head as this round last asked for it (-1: not yet): asked again only for a newer block. */
    private long head;

    public PaymentRounds(OpenGpuChain chain, SettlementRepository settlements, SettlementPublisher publisher,
            SettlementConfig config) {
        this.chain = chain;
        this.settlements = settlements;
        this.publisher = publisher;
        this.config = config.chain();
    }

    void start(@Observes StartupEvent started) {
        if (chain.book().isEmpty()) {
            LOG.warn("no operator key (relay.settlement.chain.operator-key): opengpu tasks are recorded, not paid");
            return;
        }
        rounds = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payment-rounds"));
        long every = config.pollInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::roundSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (rounds != null) {
            rounds.shutdownNow();
        }
    }

    /** Why the last round could not finish, or null when it did: readiness reports it. */
    public String lastProblem() {
        return lastProblem;
    }

    private void roundSafely() {
        try {
            round();
            lastProblem = null;
        } catch (IOException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastProblem)) {
                LOG.warnf("payment round stopped, next round retries: %s", e.getMessage());
            }
            lastProblem = String.valueOf(e.getMessage());
        }
    }

    /** One round: send what is pending, follow what is sent, publish what is confirmed. */
    public void round() throws IOException {
        chain.ensureBook();
        head = -1;
        for (Settlement s : settlements.inStatus(Settlement.PENDING, BATCH)) {
            pay(s);
        }
        for (Settlement s : settlements.inStatus(Settlement.SENT, BATCH)) {
            follow(s);
        }
        for (Settlement s : settlements.unpublished(BATCH)) {
            publisher.publish(recorded(s));
            settlements.published(s.taskId);
        }
    }

    private void pay(Settlement s) throws IOException {
        if (chain.hasCode(s.taskAddress)) {
            adoptPaymentOnChain(s.taskId);
            return;
        }
        SignedTransaction payment = chain.signPayment(s.taskId, s.provider, s.amountWei.toBigIntegerExact());
        if (!settlements.signed(s.taskId, payment.hash())) {
            return;
        }
        try {
            chain.broadcast(payment);
        } catch (IOException e) {
            // Recorded as sent: followed like any other, and signed again once the node is known not to have it.
            LOG.warnf("payment of task %s (transaction %s) not sent: %s", s.taskId, payment.hash(), e.getMessage());
        }
    }

    /** The task's contract exists: its payment happened, whoever sent it; it is recorded under its own hash. */
    private void adoptPaymentOnChain(String taskId) throws IOException {
        Receipt found = chain.findPayment(taskId).orElse(null);
        if (found == null) {
            settlements.failed(taskId, "the task's address holds a contract the book did not pay");
            return;
        }
        LOG.infof("task %s was paid already (transaction %s): recorded, not paid again", taskId, found.txHash());
        if (settlements.signed(taskId, found.txHash())) {
            record(taskId, found);
        }
    }

    private void follow(Settlement s) throws IOException {
        Receipt receipt = chain.receipt(s.txHash).orElse(null);
        if (receipt == null) {
            boolean overdue = s.sentAt.plus(config.resendAfter()).isBefore(Instant.now());
            if (overdue && !chain.knows(s.txHash)) {
                LOG.warnf("payment of task %s (transaction %s) never reached a block: signing it again", s.taskId,
                        s.txHash);
                settlements.lost(s.taskId, s.txHash);
            }
            return;
        }
        if (!receipt.ok()) {
            if (chain.hasCode(s.taskAddress)) {
                // Reverted because another transaction paid the task first: that one is the payment.
                settlements.lost(s.taskId, s.txHash);
            } else {
                settlements.failed(s.taskId, "transaction " + s.txHash + " reverted");
            }
            return;
        }
        record(s.taskId, receipt);
    }

    private void record(String taskId, Receipt receipt) throws IOException {
        if (head < receipt.blockNumber()) {
            head = chain.head(); // asked again only when the head this round knows predates the payment's block
        }
        int depth = OpenGpuChain.confirmations(head, receipt.blockNumber());
        settlements.mined(taskId, receipt.txHash(), receipt.blockNumber(), depth, depth >= config.confirmations());
    }

    private SettlementRecorded recorded(Settlement s) {
        return new SettlementRecorded(s.taskId, s.accountId, s.workerId, s.taskAddress, s.provider, s.amountMicro,
                s.amountWei.toPlainString(), chain.chainId(), s.txHash, s.blockNumber, s.confirmations,
                Instant.now());
    }
}
