package dev.relay.simulator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.contracts.Topics;
import dev.relay.contracts.WorkerHeartbeat;
import dev.relay.simulator.config.SimulatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Announces the worker on {@value Topics#WORKERS} (key = worker id): on start, every heartbeat interval, and with
 * {@code LEAVING} on a clean stop. The producer only exists when {@code relay.simulator.register=true}, so a
 * standalone simulator never tries to reach Kafka.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final SimulatorConfig config;
    private final ObjectMapper json;
    private final String bootstrapServers;
    private static final long TICK_MS = 50;

    private final Instance<HttpServer> httpServer;
    private volatile KafkaProducer<String, String> producer;
    private volatile String boundUrl;
    private ScheduledExecutorService timer;

    public HeartbeatPublisher(SimulatorConfig config, ObjectMapper json, Instance<HttpServer> httpServer,
                              @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.httpServer = httpServer;
        this.json = json;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (!config.register()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sim-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        // The producer is built on the heartbeat thread: its class loading would otherwise slow the start.
        timer.execute(() -> producer = new KafkaProducer<>(producerProperties()));
        // Ticks often only until the HTTP port is bound, so that the first heartbeat leaves at once; then one wake-up
        // per interval (a timer ticking all day costs every process on a shared machine a little of its latency).
        timer.execute(this::firstBeat);
    }

    private void firstBeat() {
        if (baseUrl() == null) {
            timer.schedule(this::firstBeat, TICK_MS, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.infof("registering %s at %s on %s every %s", config.workerId(), baseUrl(), Topics.WORKERS,
                config.heartbeatInterval());
        long every = config.heartbeatInterval().toMillis();
        timer.scheduleAtFixedRate(() -> publish(WorkerHeartbeat.State.UP), 0, every, TimeUnit.MILLISECONDS);
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "worker-simulator-" + config.workerId());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        // A heartbeat is worth little once late: never block a caller (or shutdown) long on an absent broker.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return props;
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer == null) {
            return;
        }
        try {
            publish(WorkerHeartbeat.State.LEAVING).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("could not announce that %s is leaving: %s", config.workerId(), e.getMessage());
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }

    java.util.concurrent.Future<?> publish(WorkerHeartbeat.State state) {
        try {
            String value = json.writeValueAsString(heartbeat(state));
            return producer.send(new ProducerRecord<>(Topics.WORKERS, config.workerId(), value), (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("heartbeat of %s not sent: %s", config.workerId(), error.getMessage());
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("heartbeat of %s not sent: %s", config.workerId(), e.getMessage());
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    WorkerHeartbeat heartbeat(WorkerHeartbeat.State state) {
        return new WorkerHeartbeat(config.workerId(), baseUrl(), config.protocol(), config.mode(), config.models(),
                config.capacity(), config.region(), config.priceClass(), config.labels(), state, Instant.now());
    }

    /** The configured URL, else this process's bound port (kept once known); null until the port is bound. */
    String baseUrl() {
        if (config.baseUrl().isPresent()) {
            return config.baseUrl().get();
        }
        if (boundUrl == null) {
            int port = httpServer.get().getPort();
            boundUrl = port > 0 ? "http://127.0.0.1:" + port : null;
        }
        return boundUrl;
    }
}
