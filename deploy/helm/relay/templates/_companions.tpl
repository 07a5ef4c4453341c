{{- define "relay.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "relay.fullname" . }}
  labels:
    {{- include "relay.labels" . | nindent 4 }}
spec:
  type: {{ if eq .name "gateway" }}{{ .svc.service.type }}{{ else }}ClusterIP{{ end }}
  selector:
    {{- include "relay.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
    {{- if include "relay.servesTls" . }}
    - name: https
      port: {{ .svc.tls.tlsPort }}
      targetPort: https
    {{- end }}
{{- end -}}

{{- define "relay.autoscaler" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "relay.fullname" . }}
  labels:
    {{- include "relay.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "relay.fullname" . }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}

{{- define "relay.disruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "relay.fullname" . }}
  labels:
    {{- include "relay.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .svc.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "relay.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* The service's config/application.properties: its `config` values, and for the router its static workers. */}}
{{- define "relay.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "relay.fullname" . }}
  labels:
    {{- include "relay.labels" . | nindent 4 }}
data:
  application.properties: |
    {{- range $key, $value := .svc.config }}
    {{ $key }}={{ include "relay.propertyValue" $value }}
    {{- end }}
    {{- if eq .name "router" }}
    {{- range $worker := .svc.workers }}
    {{- /* Quoted: a worker id may hold dots. */}}
    {{- $prefix := printf "relay.router.workers.\"%s\"" (required "every router worker needs an id" $worker.id) }}
    {{ $prefix }}.base-url={{ required "every router worker needs a baseUrl" $worker.baseUrl }}
    {{ $prefix }}.protocol={{ default "vllm" $worker.protocol }}
    {{ $prefix }}.models={{ join "," (required "every router worker needs models" $worker.models) }}
    {{- with $worker.capacity }}
    {{ $prefix }}.capacity={{ include "relay.propertyValue" . }}
    {{- end }}
    {{- with $worker.mode }}
    {{ $prefix }}.mode={{ . }}
    {{- end }}
    {{- with $worker.region }}
    {{ $prefix }}.region={{ . }}
    {{- end }}
    {{- with $worker.priceClass }}
    {{ $prefix }}.price-class={{ . }}
    {{- end }}
    {{- range $label, $value := $worker.labels }}
    {{ $prefix }}.labels."{{ $label }}"={{ $value }}
    {{- end }}
    {{- end }}
    {{- end }}
{{- end -}}
