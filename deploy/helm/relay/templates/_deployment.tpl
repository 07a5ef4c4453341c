{{- define "relay.deployment" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $wiring := .wiring -}}
{{- $servesTls := include "relay.servesTls" . -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "relay.fullname" . }}
  labels:
    {{- include "relay.labels" . | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  {{- with $svc.strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "relay.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "relay.labels" . | nindent 8 }}
      annotations:
        # A changed configuration rolls the pods.
        checksum/config: {{ include "relay.configMap" . | sha256sum }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # The pod leaves its Service's endpoints during the preStop pause, then Quarkus stops taking requests and
      # waits for those in flight (streams included) up to QUARKUS_SHUTDOWN_TIMEOUT; the gateway then gives requests
      # whose client left up to shutdown.unbilledSeconds to finish and be billed; all of it within the grace period,
      # with 20 s more for the last usage events to leave (the producer's close takes up to 15 s).
      terminationGracePeriodSeconds: {{ add $root.Values.shutdown.drainSeconds $root.Values.shutdown.inFlightSeconds $root.Values.shutdown.unbilledSeconds 20 }}
      containers:
        - name: {{ .name }}
          image: {{ include "relay.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $svc.port }}
            {{- if $servesTls }}
            - name: https
              containerPort: {{ $svc.tls.tlsPort }}
            {{- end }}
          env:
            - name: {{ printf "RELAY_%s_PORT" (upper .name) }}
              value: {{ $svc.port | quote }}
            - name: KAFKA_BOOTSTRAP_SERVERS
              value: {{ $root.Values.kafka.bootstrapServers | quote }}
            - name: JAVA_OPTS_APPEND
              value: {{ $svc.javaOpts | quote }}
            - name: QUARKUS_SHUTDOWN_TIMEOUT
              value: {{ printf "%vs" $root.Values.shutdown.inFlightSeconds | quote }}
            {{- range $peer := $wiring.peers }}
            - name: {{ printf "RELAY_%s_URL" (upper $peer) }}
              value: {{ printf "http://%s:%v" (include "relay.fullname" (dict "root" $root "name" $peer)) (index $root.Values.services $peer).port | quote }}
            {{- end }}
            {{- if $wiring.postgres }}
            - name: RELAY_PG_HOST
              value: {{ $root.Values.postgres.host | quote }}
            - name: RELAY_PG_PORT
              value: {{ $root.Values.postgres.port | quote }}
            - name: RELAY_PG_USER
              value: {{ $root.Values.postgres.user | quote }}
            {{- include "relay.secretEnv" (dict "env" "RELAY_PG_PASSWORD" "secret" $root.Values.postgres.passwordSecret) | nindent 12 }}
            {{- end }}
            {{- if $wiring.redis }}
            {{- if $root.Values.redis.urlSecret.name }}
            {{- include "relay.secretEnv" (dict "env" "RELAY_REDIS_URL" "secret" $root.Values.redis.urlSecret) | nindent 12 }}
            {{- else }}
            - name: RELAY_REDIS_URL
              value: {{ $root.Values.redis.url | quote }}
            {{- end }}
            {{- end }}
            {{- if and $wiring.opengpuOperator $root.Values.opengpu.operatorAddress }}
            - name: RELAY_OPENGPU_OPERATOR
              value: {{ $root.Values.opengpu.operatorAddress | quote }}
            {{- end }}
            {{- if $wiring.chain }}
            {{- with $root.Values.opengpu.chainUrl }}
            - name: RELAY_CHAIN_URL
              value: {{ . | quote }}
            {{- end }}
            - name: RELAY_CHAIN_ID
              value: {{ include "relay.propertyValue" $root.Values.opengpu.chainId | quote }}
            {{- include "relay.secretEnv" (dict "env" "RELAY_SETTLEMENT_OPERATOR_KEY" "secret" $root.Values.opengpu.operatorKeySecret) | nindent 12 }}
            {{- end }}
            {{- if $wiring.operatorToken }}
            {{- include "relay.secretEnv" (dict "env" "RELAY_OPERATOR_TOKEN" "secret" $root.Values.operatorTokenSecret) | nindent 12 }}
            {{- end }}
            {{- if and $wiring.otel $root.Values.otel.endpoint }}
            - name: RELAY_OTEL_DISABLED
              value: "false"
            - name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
              value: {{ $root.Values.otel.endpoint | quote }}
            {{- end }}
            {{- if $wiring.media }}
            {{- $mediaMaxBytes := int64 $root.Values.media.maxBytes }}
            {{- if or (lt $mediaMaxBytes 1) (gt $mediaMaxBytes 2147483647) }}
            {{- fail "media.maxBytes must be 1 to 2147483647" }}
            {{- end }}
            - name: RELAY_TASK_MEDIA_MAX_BYTES
              value: {{ $mediaMaxBytes | quote }}
            {{- if eq .name "task" }}
            # Above the media limit, so that an upload past it is refused by task-service, in JSON (checked at start).
            - name: QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE
              value: {{ add $mediaMaxBytes 1048576 | quote }}
            {{- end }}
            {{- end }}
            {{- if eq .name "gateway" }}
            - name: RELAY_GATEWAY_SHUTDOWN_WAIT
              value: {{ printf "%vs" $root.Values.shutdown.unbilledSeconds | quote }}
            {{- end }}
            {{- if and (eq .name "gateway") $svc.trustedProxies }}
            - name: QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING
              value: "true"
            - name: QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED
              value: "true"
            - name: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES
              value: {{ $svc.trustedProxies | quote }}
            {{- end }}
            {{- if $servesTls }}
            - name: RELAY_GATEWAY_TLS_PORT
              value: {{ $svc.tls.tlsPort | quote }}
            - name: RELAY_TLS_CERT
              value: /etc/relay/tls/tls.crt
            - name: RELAY_TLS_KEY
              value: /etc/relay/tls/tls.key
            {{- end }}
          {{- with $svc.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", {{ $root.Values.shutdown.drainSeconds | quote }}]
          startupProbe:
            httpGet: {path: /q/health/started, port: http}
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /q/health/live, port: http}
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /q/health/ready, port: http}
            periodSeconds: 5
            failureThreshold: 2
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /deployments/config
              readOnly: true
            {{- if $servesTls }}
            - name: tls
              mountPath: /etc/relay/tls
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        - name: config
          configMap:
            name: {{ include "relay.fullname" . }}
        {{- if $servesTls }}
        - name: tls
          secret:
            secretName: {{ $svc.tls.secretName }}
        {{- end }}
{{- end -}}
