{{/*
What each service needs from outside, fixed by its code (the RELAY_* variables its application.properties reads).
otel: only the gateway exports traces; the others build with `quarkus.otel.traces.exporter=none`, fixed at build time.
opengpuOperator: names opengpu tasks' addresses on chain (the gateway); chain: pays providers on it (settlement).
media: holds the media store's limit, which must be the same wherever it is (the gateway, task-service).
*/}}
{{- define "relay.wiring" -}}
gateway: {postgres: false, redis: true, operatorToken: false, otel: true, opengpuOperator: true, media: true, peers: [auth, billing, router, task]}
auth: {postgres: true, redis: false, operatorToken: true, otel: false, peers: []}
billing: {postgres: true, redis: true, operatorToken: true, otel: false, peers: [auth]}
router: {postgres: false, redis: false, operatorToken: false, otel: false, peers: []}
task: {postgres: true, redis: false, operatorToken: false, otel: false, media: true, peers: []}
settlement: {postgres: true, redis: false, operatorToken: false, otel: false, chain: true, peers: []}
{{- end -}}

{{/* Every topic the services use (contracts' Topics), as topic=partitions pairs for the topics Job. */}}
{{- define "relay.topicPartitions" -}}
{{- $topics := .Values.kafka.topics -}}
{{- $pairs := list -}}
{{- range $topic := list "relay.usage" "relay.keys" "relay.balances" "relay.tasks.requested" "relay.tasks.status" "relay.workers" "relay.settlements" -}}
{{- $pairs = append $pairs (printf "%s=%s" $topic (include "relay.propertyValue" (get $topics.partitionsOf $topic | default $topics.partitions))) -}}
{{- end -}}
{{- join " " $pairs -}}
{{- end -}}

{{- define "relay.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "relay.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}-service
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "relay.labels" -}}
{{ include "relay.selectorLabels" . }}
app.kubernetes.io/part-of: relay
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* "true" when this service is the gateway serving TLS itself from services.gateway.tls.secretName, else empty. */}}
{{- define "relay.servesTls" -}}
{{- if and (eq .name "gateway") .svc.tls.secretName }}true{{ end -}}
{{- end -}}

{{- define "relay.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s%s-service:%s" $image.registry $image.prefix .name (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* A secret's key as an environment variable; nothing when no secret is named. */}}
{{- define "relay.secretEnv" -}}
{{- if .secret.name }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret.name }}
      key: {{ .secret.key }}
{{- end }}
{{- end -}}

{{/*
A value as a properties file needs it: Helm reads every number in a values file as a float, and 8388608 would
otherwise be written 8.388608e+06, which no service parses.
*/}}
{{- define "relay.propertyValue" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) -}}
{{- int64 . -}}
{{- else -}}
{{- . -}}
{{- end -}}
{{- end -}}
