package dev.relay.deploy;

import static dev.relay.deploy.RenderedChart.RELEASE;
import static dev.relay.deploy.RenderedChart.SERVICES;
import static dev.relay.deploy.RenderedChart.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.relay.contracts.Topics;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HelmChartTest {

    @Test
    void chartPassesHelmLintInStrictMode() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }

    @Test
    void everyServiceGetsADeploymentServiceAutoscalerAndDisruptionBudget() {
        RenderedChart chart = RenderedChart.render();

        for (String service : SERVICES) {
            String name = RELEASE + "-" + service;
            chart.named("Deployment", name);
            chart.named("Service", name);
            chart.named("ConfigMap", name);
            if (!service.equals("settlement")) { // one payer on chain: a single replica, nothing to scale or budget
                assertEquals(name, chart.named("HorizontalPodAutoscaler", name).at("/spec/scaleTargetRef/name").asText());
                chart.named("PodDisruptionBudget", name);
            }
        }
        assertEquals(SERVICES.size(), chart.ofKind("Deployment").size());
    }

    @Test
    void aJobCreatesEveryTopicTheServicesUseBeforeEachInstallAndUpgrade() throws Exception {
        JsonNode job = RenderedChart.renderWithHooks(Map.of()).named("Job", RELEASE + "-topics");

        assertTrue(Files.readString(RenderedChart.CHART.resolve("templates/topics.yaml"))
                .contains("helm.sh/hook: pre-install,pre-upgrade"), "the Job runs before the services start or roll");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        Set<String> created = new TreeSet<>(List.of(env(container, "TOPICS").path("value").asText().split(" ")));
        Set<String> used = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String topic = (String) field.get(null);
                used.add(topic + "=" + (topic.equals(Topics.USAGE) || topic.equals(Topics.TASKS_REQUESTED) ? 12 : 3));
            }
        }
        assertEquals(used, created);
        assertEquals("3", env(container, "REPLICATION_FACTOR").path("value").asText());
        assertEquals("kafka:9092", env(container, "BOOTSTRAP_SERVERS").path("value").asText());
        assertTrue(job.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
    }

    @Test
    void topicsLeftToTheOperatorRenderNoJob() throws IOException {
        assertTrue(RenderedChart.renderWithHooks(Map.of("kafka.topics.create", "false")).ofKind("Job").isEmpty());
    }

    @Test
    void settlementRunsOneReplicaThatIsNeverDoubledByARollout() {
        JsonNode settlement = RenderedChart.render().named("Deployment", RELEASE + "-settlement").path("spec");

        assertEquals(1, settlement.path("replicas").asInt());
        assertEquals("Recreate", settlement.at("/strategy/type").asText());
    }

    @Test
    void aDisabledServiceRendersNothing() {
        RenderedChart chart = RenderedChart.render(Map.of("services.settlement.enabled", "false"));

        assertTrue(chart.objects.stream()
                .noneMatch(o -> o.at("/metadata/name").asText().equals(RELEASE + "-settlement")));
        Set<String> others = SERVICES.stream().filter(service -> !service.equals("settlement"))
                .map(service -> RELEASE + "-" + service).collect(Collectors.toSet());
        assertEquals(others, chart.ofKind("Deployment").stream().map(d -> d.at("/metadata/name").asText())
                .collect(Collectors.toSet()), "every other service still renders");
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyRootFilesystemWithResourceRequests() {
        RenderedChart chart = RenderedChart.render();

        for (JsonNode deployment : chart.ofKind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), deployment.toString());
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
            assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText());
            assertFalse(container.at("/resources/requests/cpu").asText().isEmpty());
            assertFalse(container.at("/resources/requests/memory").asText().isEmpty());
            assertTrue(volumeMountPaths(container).contains("/tmp"), "the JVM needs a writable /tmp");
        }
    }

    @Test
    void probesAskQuarkusHealthEndpointsOnTheServicePort() {
        RenderedChart chart = RenderedChart.render();

        for (String service : SERVICES) {
            JsonNode container = chart.container(service);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
            assertEquals("http", container.at("/readinessProbe/httpGet/port").asText());
        }
    }

    @Test
    void onlyTheGatewayTakesTrafficFromOutsideTheRelease() {
        RenderedChart chart = RenderedChart.render();

        JsonNode internal = chart.named("NetworkPolicy", RELEASE + "-internal").path("spec");
        assertEquals("gateway-service", internal.at("/podSelector/matchExpressions/0/values/0").asText());
        assertEquals("NotIn", internal.at("/podSelector/matchExpressions/0/operator").asText());
        assertEquals("relay", internal.at("/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1part-of").asText());
        assertEquals(1, internal.at("/ingress/0/from").size(), "no source outside the release by default");

        JsonNode gateway = chart.named("NetworkPolicy", RELEASE + "-gateway").path("spec");
        assertEquals("gateway-service", gateway.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText());
        assertTrue(gateway.at("/ingress/0/from").isMissingNode(), "the gateway accepts any source");
        assertEquals("http", gateway.at("/ingress/0/ports/0/port").asText());
    }

    @Test
    void theIngressServesHttpsWithTheNamedSecretAndSendsThePublicApiAloneToTheGateway() {
        RenderedChart chart = RenderedChart.render(Map.of("ingress.enabled", "true", "ingress.host", "api.example.org",
                "ingress.tls.secretName", "api-cert"));

        JsonNode ingress = chart.named("Ingress", RELEASE + "-gateway").path("spec");
        assertEquals("api-cert", ingress.at("/tls/0/secretName").asText());
        assertEquals("api.example.org", ingress.at("/tls/0/hosts/0").asText());
        JsonNode paths = ingress.at("/rules/0/http/paths");
        assertEquals(List.of("/v1", "/v2"), List.of(paths.get(0).path("path").asText(), paths.get(1).path("path").asText()));
        assertEquals(2, paths.size(), "the gateway's /q/ (health, metrics) is not published");
        assertEquals(RELEASE + "-gateway", paths.get(1).at("/backend/service/name").asText());
        assertEquals("off", chart.named("Ingress", RELEASE + "-gateway")
                .at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-buffering").asText(), "streams unbuffered");
    }

    @Test
    void theGatewayTakesTheClientsAddressFromTheForwardedHeaderOfNamedProxiesOnly() {
        JsonNode direct = RenderedChart.render(Map.of("ingress.enabled", "true")).container("gateway");
        JsonNode proxied = RenderedChart.render(Map.of("ingress.enabled", "true",
                "services.gateway.trustedProxies", "10.42.0.0/16")).container("gateway");

        assertTrue(env(direct, "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").isMissingNode(),
                "without named proxies any caller could choose its own address, and its own rate window");
        assertEquals("true", env(proxied, "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").path("value").asText());
        assertEquals("true", env(proxied, "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED").path("value").asText());
        assertEquals("10.42.0.0/16", env(proxied, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").path("value").asText());
    }

    @Test
    void theGatewayServesTlsItselfFromAMountedCertificateSecret() {
        RenderedChart chart = RenderedChart.render(Map.of("services.gateway.tls.secretName", "gateway-pem"));

        JsonNode container = chart.container("gateway");
        assertEquals("/etc/relay/tls/tls.crt", env(container, "RELAY_TLS_CERT").path("value").asText());
        assertEquals("/etc/relay/tls/tls.key", env(container, "RELAY_TLS_KEY").path("value").asText());
        assertTrue(volumeMountPaths(container).contains("/etc/relay/tls"));
        JsonNode pod = chart.named("Deployment", RELEASE + "-gateway").at("/spec/template/spec");
        assertTrue(pod.path("volumes").findValuesAsText("secretName").contains("gateway-pem"));
        assertEquals(8443, chart.named("Service", RELEASE + "-gateway").at("/spec/ports/1/port").asInt());
    }

    @Test
    void secretsAreReferencedByNameAndNeverWrittenIntoTheRelease() {
        RenderedChart chart = RenderedChart.render(Map.of("postgres.passwordSecret.name", "pg",
                "operatorTokenSecret.name", "ops", "redis.urlSecret.name", "redis-url"));

        assertTrue(chart.ofKind("Secret").isEmpty());
        JsonNode billing = chart.container("billing");
        assertEquals("pg", env(billing, "RELAY_PG_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("ops", env(billing, "RELAY_OPERATOR_TOKEN").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("redis-url", env(billing, "RELAY_REDIS_URL").at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(env(billing, "RELAY_REDIS_URL").path("value").isMissingNode());
    }

    @Test
    void withoutSecretsNamedNoPasswordOrTokenVariableIsSet() {
        JsonNode auth = RenderedChart.render().container("auth");

        assertTrue(env(auth, "RELAY_PG_PASSWORD").isMissingNode());
        assertTrue(env(auth, "RELAY_OPERATOR_TOKEN").isMissingNode());
    }

    @Test
    void opengpuSettlementPaysFromTheOperatorsKeySecretAndGatewaysNameTheOperator() {
        RenderedChart chart = RenderedChart.render(Map.of("opengpu.chainUrl", "https://rpc.opengpu.example",
                "opengpu.operatorAddress", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                "opengpu.operatorKeySecret.name", "opengpu-operator"));

        JsonNode settlement = chart.container("settlement");
        assertEquals("https://rpc.opengpu.example", env(settlement, "RELAY_CHAIN_URL").path("value").asText());
        assertEquals("1071", env(settlement, "RELAY_CHAIN_ID").path("value").asText());
        assertEquals("opengpu-operator",
                env(settlement, "RELAY_SETTLEMENT_OPERATOR_KEY").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
                env(chart.container("gateway"), "RELAY_OPENGPU_OPERATOR").path("value").asText());
        assertTrue(env(chart.container("gateway"), "RELAY_SETTLEMENT_OPERATOR_KEY").isMissingNode());
    }

    @Test
    void theGatewayFindsItsPeersAtTheirServicesNamesAndPorts() {
        RenderedChart chart = RenderedChart.render();

        JsonNode gateway = chart.container("gateway");
        for (String peer : List.of("auth", "billing", "router", "task")) {
            JsonNode service = chart.named("Service", RELEASE + "-" + peer);
            String expected = "http://" + RELEASE + "-" + peer + ":" + service.at("/spec/ports/0/port").asInt();
            assertEquals(expected, env(gateway, "RELAY_" + peer.toUpperCase() + "_URL").path("value").asText());
        }
    }

    @Test
    void routerStaticWorkersBecomeItsWorkerProperties() {
        String properties = routerPropertiesWithWorker("vllm-0", "64", "Qwen/Qwen3-Coder", "gpt-oss:20b");

        assertTrue(properties.contains("relay.router.workers.\"vllm-0\".base-url=http://vllm-0.gpu:8000\n"), properties);
        assertTrue(properties.contains("relay.router.workers.\"vllm-0\".models=Qwen/Qwen3-Coder,gpt-oss:20b\n"));
        assertTrue(properties.contains("relay.router.workers.\"vllm-0\".capacity=64\n"));
        assertTrue(properties.contains("relay.router.workers.\"vllm-0\".protocol=vllm\n"), "vllm unless said");
    }

    @Test
    void wholeNumbersFromAValuesFileAreWrittenAsIntegersNotInFloatNotation() throws IOException {
        RenderedChart chart = RenderedChart.renderWithValuesFile("    config: {}\n    # A PEM certificate",
                "    config:\n      relay.gateway.max-body-bytes: 8388608\n    # A PEM certificate");

        assertEquals("relay.gateway.max-body-bytes=8388608", chart.named("ConfigMap", RELEASE + "-gateway")
                .at("/data/application.properties").asText().strip());
    }

    @Test
    void aRouterWorkerIdWithDotsStaysOneMapKey() {
        String properties = routerPropertiesWithWorker("vllm.a100-0", "2000000", "Qwen/Qwen3-Coder");

        assertTrue(properties.contains("relay.router.workers.\"vllm.a100-0\".base-url=http://vllm-0.gpu:8000\n"), properties);
        assertTrue(properties.contains("relay.router.workers.\"vllm.a100-0\".capacity=2000000\n"), properties);
    }

    @Test
    void aPodLeavesItsEndpointsThenLetsRequestsInFlightFinishWithinItsGracePeriod() {
        JsonNode pod = RenderedChart.render().named("Deployment", RELEASE + "-gateway").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");

        int drain = container.at("/lifecycle/preStop/exec/command/1").asInt();
        String inFlight = env(container, "QUARKUS_SHUTDOWN_TIMEOUT").path("value").asText();
        assertEquals("sleep", container.at("/lifecycle/preStop/exec/command/0").asText());
        assertTrue(inFlight.endsWith("s"), inFlight);
        assertTrue(drain + Integer.parseInt(inFlight.replace("s", "")) < pod.path("terminationGracePeriodSeconds").asInt());
    }

    @Test
    void theGatewaysWaitForRequestsWhoseClientLeftFitsInItsGracePeriodToo() {
        JsonNode pod = RenderedChart.render().named("Deployment", RELEASE + "-gateway").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");

        int drain = container.at("/lifecycle/preStop/exec/command/1").asInt();
        int inFlight = Integer.parseInt(env(container, "QUARKUS_SHUTDOWN_TIMEOUT").path("value").asText().replace("s", ""));
        int unbilled = Integer.parseInt(env(container, "RELAY_GATEWAY_SHUTDOWN_WAIT").path("value").asText()
                .replace("s", ""));
        assertTrue(unbilled > 0);
        assertTrue(drain + inFlight + unbilled < pod.path("terminationGracePeriodSeconds").asInt());
        assertTrue(env(RenderedChart.render().container("auth"), "RELAY_GATEWAY_SHUTDOWN_WAIT").isMissingNode());
    }

    @Test
    void onlyTheGatewayIsToldWhereToSendTraces() {
        RenderedChart chart = RenderedChart.render(Map.of("otel.endpoint", "http://otel:4317"));

        assertEquals("http://otel:4317", env(chart.container("gateway"), "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").path("value").asText());
        for (String service : List.of("auth", "billing", "router", "task", "settlement")) {
            assertTrue(env(chart.container(service), "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").isMissingNode(), service);
        }
    }

    @Test
    void aServicesConfigValuesBecomeItsApplicationPropertiesAndRollItsPods() {
        RenderedChart before = RenderedChart.render();
        RenderedChart after = RenderedChart.render(Map.of("services.billing.config.relay\\.billing\\.reservations\\.horizon", "2h"));

        assertEquals("relay.billing.reservations.horizon=2h", after.named("ConfigMap", RELEASE + "-billing")
                .at("/data/application.properties").asText().strip());
        String checksum = "/spec/template/metadata/annotations/checksum~1config";
        assertFalse(before.named("Deployment", RELEASE + "-billing").at(checksum).asText()
                .equals(after.named("Deployment", RELEASE + "-billing").at(checksum).asText()));
    }

    /** A gateway storing media past what task-service keeps would have them refused after running the task. */
    @Test
    void theGatewayAndTaskServiceGetOneMediaLimitWithTaskServicesBodyLimitAboveIt() {
        RenderedChart chart = RenderedChart.render();

        assertEquals("67108864", env(chart.container("gateway"), "RELAY_TASK_MEDIA_MAX_BYTES").path("value").asText());
        assertEquals("67108864", env(chart.container("task"), "RELAY_TASK_MEDIA_MAX_BYTES").path("value").asText());
        assertTrue(Long.parseLong(env(chart.container("task"), "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE").path("value")
                .asText()) > 67108864L);
    }

    @Test
    void aChangedMediaLimitReachesBothServicesAndTaskServicesBodyLimit() {
        RenderedChart chart = RenderedChart.render(Map.of("media.maxBytes", "134217728"));

        assertEquals("134217728", env(chart.container("gateway"), "RELAY_TASK_MEDIA_MAX_BYTES").path("value").asText());
        assertEquals("134217728", env(chart.container("task"), "RELAY_TASK_MEDIA_MAX_BYTES").path("value").asText());
        assertTrue(Long.parseLong(env(chart.container("task"), "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE").path("value")
                .asText()) > 134217728L);
    }

    /** A misspelt variable would be ignored silently by the service: each one set must be one its code reads. */
    @Test
    void everyRelayVariableTheChartSetsIsOneItsServiceReads() throws IOException {
        RenderedChart chart = RenderedChart.render(Map.of("postgres.passwordSecret.name", "pg",
                "operatorTokenSecret.name", "ops", "otel.endpoint", "http://otel:4317",
                "services.gateway.tls.secretName", "gateway-pem"));

        List<String> unread = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> read = variablesRead(service);
            for (JsonNode variable : chart.container(service).path("env")) {
                String name = variable.path("name").asText();
                if ((name.startsWith("RELAY_") || name.startsWith("KAFKA_")) && !read.contains(name)) {
                    unread.add(service + ": " + name);
                }
            }
        }
        assertTrue(unread.isEmpty(), "set but never read: " + unread);
        assertFalse(env(chart.container("auth"), "RELAY_PG_HOST").isMissingNode(), "the check saw the variables");
    }

    private static Set<String> variablesRead(String service) throws IOException {
        Path properties = RenderedChart.CHART.resolve("../../../" + service + "-service/src/main/resources/application.properties")
                .normalize();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Files.readString(properties));
        Set<String> names = new TreeSet<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The router's rendered properties with one static worker at http://vllm-0.gpu:8000. */
    private static String routerPropertiesWithWorker(String id, String capacity, String... models) {
        Map<String, String> values = new HashMap<>(Map.of("services.router.workers[0].id", id,
                "services.router.workers[0].baseUrl", "http://vllm-0.gpu:8000",
                "services.router.workers[0].capacity", capacity));
        for (int i = 0; i < models.length; i++) {
            values.put("services.router.workers[0].models[" + i + "]", models[i]);
        }
        return RenderedChart.render(values).named("ConfigMap", RELEASE + "-router").at("/data/application.properties")
                .asText();
    }

    private static List<String> volumeMountPaths(JsonNode container) {
        return container.path("volumeMounts").findValuesAsText("mountPath");
    }
}
