package dev.relay.billing.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.billing.service.BalanceSnapshot;
import dev.relay.contracts.BalanceEvent;
import dev.relay.contracts.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes settled balances on relay.balances (key = account id). Informational: Redis is what the gateways
 * check, and every restart pushes all balances there again, so a lost event costs nothing but a stale cache.
 */
@ApplicationScoped
public class BalanceEvents {

    private static final Logger LOG = Logger.getLogger(BalanceEvents.class);

    private final ObjectMapper json;
    private final KafkaProducer<String, String> producer;

    public BalanceEvents(ObjectMapper json, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.json = json;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "billing-service-balances");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public void publish(BalanceSnapshot balance) {
        BalanceEvent event = new BalanceEvent(UUID.randomUUID().toString(), balance.accountId(), balance.balanceMicro(),
                balance.ledgerSequence(), Instant.now());
        try {
            producer.send(new ProducerRecord<>(Topics.BALANCES, balance.accountId(), json.writeValueAsString(event)),
                    (metadata, failure) -> {
                        if (failure != null) {
                            LOG.warnf("balance event for %s not published: %s", balance.accountId(), failure.getMessage());
                        }
                    });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
