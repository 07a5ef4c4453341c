package dev.relay.settlement.service;

import dev.relay.contracts.UsageEvent;
import dev.relay.opengpu.TaskBook;
import dev.relay.settlement.client.OpenGpuChain;
import dev.relay.settlement.persistence.ProviderRepository;
import dev.relay.settlement.persistence.Settlement;
import dev.relay.settlement.persistence.SettlementRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns what the fleet reports into payments to make: an opengpu task's usage becomes one settlement (its task id
 * is the key, so a redelivered event adds nothing), payable once its worker has named a payout address.
 */
@ApplicationScoped
public class SettlementIntake {

    private static final Logger LOG = Logger.getLogger(SettlementIntake.class);

    private final SettlementRepository settlements;
    private final ProviderRepository providers;
    private final ProviderPay pay;
    private final OpenGpuChain chain;
    /** Addresses already stored, so that a heartbeat every few seconds is not a write every few seconds. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();

    public SettlementIntake(SettlementRepository settlements, ProviderRepository providers, ProviderPay pay,
            OpenGpuChain chain) {
        this.settlements = settlements;
        this.providers = providers;
        this.pay = pay;
        this.chain = chain;
    }

    /** Whether this usage is a provider's work to pay: an opengpu task that got as far as a worker's tokens. */
    public static boolean payable(UsageEvent usage) {
        return "opengpu".equals(usage.mode()) && usage.taskId() != null && usage.taskId().startsWith("opengpu:")
                && usage.workerId() != null && usage.promptTokens() + usage.completionTokens() > 0;
    }

    public void usage(UsageEvent usage) {
        if (!payable(usage)) {
            return;
        }
        long micro = pay.micro(usage);
        if (micro == 0) {
            // Less than a micro-dollar earned (a request cut short after a few prompt tokens): a transaction would
            // cost the operator more in gas than it pays, so nothing is settled.
            return;
        }
        Settlement s = new Settlement();
        s.taskId = usage.taskId();
        s.accountId = usage.accountId();
        s.workerId = usage.workerId();
        s.provider = providers.payoutAddress(usage.workerId()).orElse(null);
        s.status = s.provider == null ? Settlement.AWAITING_PROVIDER : Settlement.PENDING;
        s.amountMicro = micro;
        s.amountWei = new BigDecimal(pay.wei(s.amountMicro));
        s.taskAddress = chain.book().map(book -> book.taskAddress(usage.taskId())).orElse(null);
        s.createdAt = Instant.now();
        if (settlements.insertIfAbsent(s) && s.provider == null) {
            // Asked again after the row exists: a heartbeat stored between the first look and the insert released
            // no row, and would never release this one. One of the two looks sees the other's write.
            providers.payoutAddress(usage.workerId()).ifPresentOrElse(
                    address -> settlements.providerKnown(usage.workerId(), address),
                    () -> LOG.infof("task %s waits for worker %s to name its payout address", s.taskId, s.workerId));
        }
    }

    /** A worker named its payout address: stored, and its waiting payments become payable. */
    public void providerAnnounced(String workerId, String address) {
        if (!TaskBook.isAddress(address)) {
            LOG.warnf("worker %s names a payout address that is not one; ignored", workerId);
            return;
        }
        if (address.equalsIgnoreCase(stored.get(workerId))) {
            return;
        }
        providers.record(workerId, address);
        stored.put(workerId, address);
        int released = settlements.providerKnown(workerId, address);
        if (released > 0) {
            LOG.infof("%d payments of worker %s are payable now", released, workerId);
        }
    }
}
