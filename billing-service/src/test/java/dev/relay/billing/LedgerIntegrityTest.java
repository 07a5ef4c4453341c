package dev.relay.billing;

import static dev.relay.billing.support.Operator.topUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.Ledger;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.UsageEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerIntegrityTest {

    private static final int EVENTS = 3000;
    private static final int ACCOUNTS = 20;

    @Inject
    UsageEvents usage;

    @Inject
    Ledger ledger;

    @Test
    void balanceEqualsTheSumOfTheLedgerAfterABurst() {
        Random random = new Random(42);
        List<String> accounts = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = UsageEvents.newAccount();
            accounts.add(account);
            topUp(account, 50_000_000, "ref-" + account).statusCode(200);
            expected.put(account, 50_000_000L);
        }
        List<UsageEvent> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String account = accounts.get(random.nextInt(ACCOUNTS));
            long prompt = random.nextInt(20_000);
            long completion = random.nextInt(4_000);
            events.add(UsageEvents.event(account, "deepseek-ai/DeepSeek-V3.1", prompt, completion));
            expected.merge(account, -ExpectedCost.of(prompt, completion, 270_000, 1_100_000), Long::sum);
        }
        usage.publish(events);
        // Every fifth event delivered twice: duplicates within and across batches.
        usage.publish(events.stream().filter(e -> e.promptTokens() % 5 == 0).toList());

        await().atMost(Duration.ofSeconds(120))
                .until(() -> accounts.stream().mapToLong(ledger::entries).sum() == EVENTS + ACCOUNTS);
        for (String account : accounts) {
            assertEquals(ledger.sum(account), ledger.balanceRow(account), "sum(ledger) == balance for " + account);
            assertEquals(expected.get(account), ledger.balanceRow(account), "exact balance for " + account);
            assertEquals(ledger.entries(account), ledger.sequenceRow(account));
        }
    }

    @Test
    void ledgerRowsCannotBeChangedOrDeleted() {
        String account = UsageEvents.newAccount();
        topUp(account, 1_000, "ref-" + account).statusCode(200);

        assertThrows(SQLException.class,
                () -> ledger.update("UPDATE ledger_entries SET amount_micro = 0 WHERE account_id = '" + account + "'"));
        assertThrows(SQLException.class,
                () -> ledger.update("DELETE FROM ledger_entries WHERE account_id = '" + account + "'"));
        assertEquals(1_000, ledger.sum(account));
    }
}
