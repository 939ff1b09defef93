{{/*
Names and labels. Per-service helpers take a dict: (dict "root" $ "name" $name "svc" $svc).
*/}}

{{- define "dialoog.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dialoog.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "dialoog.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name of a service's Deployment and Service: <fullname>-<service>. */}}
{{- define "dialoog.componentName" -}}
{{- printf "%s-%s" (include "dialoog.fullname" .root | trunc 50 | trimSuffix "-") .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Service names become Python module names and environment variable prefixes. */}}
{{- define "dialoog.validateName" -}}
{{- if not (regexMatch "^[a-z][a-z0-9_]*$" .name) -}}
{{- fail (printf "services.%s: a service name must match ^[a-z][a-z0-9_]*$" .name) -}}
{{- end -}}
{{- end -}}

{{- define "dialoog.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dialoog.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component | default .name }}
{{- end -}}

{{- define "dialoog.labels" -}}
helm.sh/chart: {{ include "dialoog.chart" .root }}
{{ include "dialoog.selectorLabels" . }}
app.kubernetes.io/part-of: dialoog
app.kubernetes.io/version: {{ include "dialoog.tag" . | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{- define "dialoog.tag" -}}
{{- $svc := .svc | default dict -}}
{{- $image := $svc.image | default dict -}}
{{- $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion | toString -}}
{{- end -}}

{{- define "dialoog.image" -}}
{{- $image := .svc.image | default dict -}}
{{- $repository := $image.repository | default (printf "%s/%s" (.root.Values.image.registry | trimSuffix "/") .name) -}}
{{- printf "%s:%s" $repository (include "dialoog.tag" .) -}}
{{- end -}}

{{/* DIALOOG_<SERVICE>_ */}}
{{- define "dialoog.envPrefix" -}}
{{- printf "DIALOOG_%s_" (.name | upper) -}}
{{- end -}}

{{/*
The NATS URL of the services: nats.url with nats.user and the password from nats.existingSecret,
which Kubernetes substitutes from the variable DIALOOG_NATS_PASSWORD (dialoog.serviceEnv defines it
before the URL). Without nats.existingSecret, nats.url as it is.
*/}}
{{- define "dialoog.natsUrl" -}}
{{- $nats := .Values.nats -}}
{{- $url := required "nats.url is required" $nats.url -}}
{{- if $nats.existingSecret -}}
{{- if not (contains "://" $url) -}}
{{- fail (printf "nats.url: expected scheme://host:port, got %q" $url) -}}
{{- end -}}
{{- $parts := splitn "://" 2 $url -}}
{{- if contains "@" $parts._1 -}}
{{- fail "nats.url: leave the credentials out; the chart adds nats.user and the password from nats.existingSecret" -}}
{{- end -}}
{{- printf "%s://%s:$(DIALOOG_NATS_PASSWORD)@%s" $parts._0 (required "nats.user is required with nats.existingSecret" $nats.user) $parts._1 -}}
{{- else -}}
{{- $url -}}
{{- end -}}
{{- end -}}

{{/* A value as an environment variable. Numbers from values files are float64 in Helm: whole
ones are written without exponent (1000000, not 1e+06). */}}
{{- define "dialoog.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- int64 . | toString -}}
{{- else -}}
{{- . | toString -}}
{{- end -}}
{{- end -}}

{{/*
Where one service reaches another: services.<caller>.<target>Url when set, else the URL of this
release's Service of the target. Takes (dict "root" $ "caller" "portal" "target" "organisatie").
*/}}
{{- define "dialoog.serviceUrl" -}}
{{- $root := .root -}}
{{- $field := printf "%sUrl" .target -}}
{{- $caller := index $root.Values.services .caller | default dict -}}
{{- $given := index $caller $field | default "" -}}
{{- if $given -}}
{{- $given | trimSuffix "/" -}}
{{- else -}}
{{- $target := index $root.Values.services .target | default dict -}}
{{- if not $target.enabled -}}
{{- fail (printf "services.%s.%s is required when services.%s is not enabled" .caller $field .target) -}}
{{- end -}}
{{- printf "http://%s.%s.svc:%v" (include "dialoog.componentName" (dict "root" $root "name" .target "svc" $target)) $root.Release.Namespace $root.Values.service.port -}}
{{- end -}}
{{- end -}}

{{/*
The environment of a service container: the settings of dialoog.kit.settings.ServiceSettings and
the service's own Settings class. First the variables from Secrets, then the plain ones (values,
overridden by settings and services.<name>.settings), then extraEnv.
*/}}
{{- define "dialoog.serviceEnv" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $svc := .svc -}}
{{- $v := $root.Values -}}
{{- $p := include "dialoog.envPrefix" . -}}
{{- $secret := required (printf "services.%s.existingSecret: the Secret with %s and %s" $name $v.secretKeys.databaseUrl $v.secretKeys.secretKey) $svc.existingSecret -}}
{{- $events := $v.events | default dict -}}
{{- $env := dict
      "ENVIRONMENT" $v.environment
      "NATS_URL" (include "dialoog.natsUrl" $root)
      "OIDC_ISSUER" (required "oidc.issuer is required" $v.oidc.issuer)
      "OIDC_AUDIENCE" (required "oidc.audience is required" $v.oidc.audience)
      "OTEL_EXPORTER" ($v.otel.exporter | default "none")
      "EVENTS_DUPLICATE_WINDOW_SECONDS" (hasKey $events "duplicateWindowSeconds" | ternary $events.duplicateWindowSeconds 120)
      "RELAY_BATCH_SIZE" (hasKey $events "relayBatchSize" | ternary $events.relayBatchSize 500)
      "STREAM_REPLICAS" (hasKey $events "streamReplicas" | ternary $events.streamReplicas 1)
-}}
{{- with $v.oidc.jwksUrl }}{{ $_ := set $env "OIDC_JWKS_URL" . }}{{ end -}}
{{- with $v.otel.endpoint }}{{ $_ := set $env "OTEL_ENDPOINT" . }}{{ end -}}
{{- $keycloak := $svc.keycloak | default dict -}}
{{- $provision := and (eq $name "organisatie") (hasKey $keycloak "provision" | ternary $keycloak.provision true) -}}
{{- if eq $name "organisatie" -}}
{{- $_ := set $env "PROVISION_KEYCLOAK" $provision -}}
{{- if $provision -}}
{{- $realm := required "services.organisatie.keycloak.realm is required" $keycloak.realm -}}
{{- $adminUrl := $keycloak.adminUrl -}}
{{- if not $adminUrl -}}
{{- $suffix := printf "/realms/%s" $realm -}}
{{- if not (hasSuffix $suffix $v.oidc.issuer) -}}
{{- fail (printf "services.organisatie.keycloak.adminUrl is required: oidc.issuer does not end in %s" $suffix) -}}
{{- end -}}
{{- $adminUrl = trimSuffix $suffix $v.oidc.issuer -}}
{{- end -}}
{{- $_ := set $env "KEYCLOAK_ADMIN_URL" $adminUrl -}}
{{- $_ := set $env "KEYCLOAK_REALM" $realm -}}
{{- $_ := set $env "KEYCLOAK_CLIENT_ID" (required "services.organisatie.keycloak.clientId is required" $keycloak.clientId) -}}
{{- end -}}
{{- end -}}
{{- $portalOidc := $svc.oidc | default dict -}}
{{- if eq $name "portal" -}}
{{- $_ := set $env "PUBLIC_URL" (required "services.portal.publicUrl is required: where browsers reach the portal (https)" $svc.publicUrl | trimSuffix "/") -}}
{{- $_ := set $env "OIDC_CLIENT_ID" (required "services.portal.oidc.clientId is required" $portalOidc.clientId) -}}
{{- with $portalOidc.internalUrl }}{{ $_ := set $env "OIDC_INTERNAL_URL" (trimSuffix "/" .) }}{{ end -}}
{{- with $svc.sessionIdleMinutes }}{{ $_ := set $env "SESSION_IDLE_MINUTES" . }}{{ end -}}
{{- with $svc.cookieName }}{{ $_ := set $env "COOKIE_NAME" . }}{{ end -}}
{{- end -}}
{{- range $target := (index (include "dialoog.calls" $root | fromYaml) $name | default list) -}}
{{- $_ := set $env (printf "%s_URL" ($target | upper)) (include "dialoog.serviceUrl" (dict "root" $root "caller" $name "target" $target)) -}}
{{- end -}}
{{- if eq $name "salaris" -}}
{{- $temporal := required "temporal: the Temporal frontend for salaris (address, namespace, taskQueue)" $v.temporal -}}
{{- $_ := set $env "TEMPORAL_ADDRESS" (required "temporal.address is required (host:port of Temporal's frontend)" $temporal.address) -}}
{{- $_ := set $env "TEMPORAL_NAMESPACE" (required "temporal.namespace is required" $temporal.namespace) -}}
{{- $_ := set $env "TEMPORAL_TASK_QUEUE" (required "temporal.taskQueue is required" $temporal.taskQueue) -}}
{{- end -}}
{{- if eq (.component | default "") "feedback-worker" -}}
{{- /* The sweep's Schedule and task queue, one per release (ADR 0022). */ -}}
{{- $temporal := required "temporal: the Temporal frontend for feedback's worker (address, namespace)" $v.temporal -}}
{{- $_ := set $env "TEMPORAL_ADDRESS" (required "temporal.address is required (host:port of Temporal's frontend)" $temporal.address) -}}
{{- $_ := set $env "TEMPORAL_NAMESPACE" (required "temporal.namespace is required" $temporal.namespace) -}}
{{- $_ := set $env "TEMPORAL_TASK_QUEUE" (required "temporal.feedbackTaskQueue is required" $temporal.feedbackTaskQueue) -}}
{{- $_ := set $env "SWEEP_SCHEDULE_ID" (printf "%s-feedback-sweep" (include "dialoog.fullname" $root)) -}}
{{- end -}}
{{- if eq (.component | default "") "notificaties-worker" -}}
{{- /* The digests' Schedule and task queue, one per release (ADR 0025). */ -}}
{{- $temporal := required "temporal: the Temporal frontend for notificaties' worker (address, namespace)" $v.temporal -}}
{{- $_ := set $env "TEMPORAL_ADDRESS" (required "temporal.address is required (host:port of Temporal's frontend)" $temporal.address) -}}
{{- $_ := set $env "TEMPORAL_NAMESPACE" (required "temporal.namespace is required" $temporal.namespace) -}}
{{- $_ := set $env "TEMPORAL_TASK_QUEUE" (required "temporal.notificatiesTaskQueue is required" $temporal.notificatiesTaskQueue) -}}
{{- $_ := set $env "DIGEST_SCHEDULE_ID" (printf "%s-notificaties-digests" (include "dialoog.fullname" $root)) -}}
{{- end -}}
{{- $settings := merge (deepCopy ($svc.settings | default dict)) ($v.settings | default dict) -}}
{{- range $key, $value := $settings }}{{ $_ := set $env ($key | upper) $value }}{{ end -}}
- name: {{ $p }}DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.secretKeys.databaseUrl }}
- name: {{ $p }}SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.secretKeys.secretKey }}
{{- if $provision }}
- name: {{ $p }}KEYCLOAK_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ required "secretKeys.keycloakClientSecret is required" $v.secretKeys.keycloakClientSecret }}
{{- end }}
{{- if eq $name "portal" }}
- name: {{ $p }}OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ required "secretKeys.oidcClientSecret is required" $v.secretKeys.oidcClientSecret }}
{{- end }}
{{- with $v.nats.existingSecret }}
# Not a setting (no DIALOOG_<SERVICE>_ prefix): substituted into NATS_URL by Kubernetes.
- name: DIALOOG_NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ required "nats.passwordKey is required with nats.existingSecret" $v.nats.passwordKey }}
{{- end }}
{{- range $key, $value := $env }}
- name: {{ $p }}{{ $key }}
  value: {{ include "dialoog.envValue" $value | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The workloads of the release, as a YAML list: every enabled service, and the Temporal workers. Each
has name (the service), component, resource (the Deployment's name) and the settings of its
autoscaler. pdb.yaml, hpa.yaml and networkpolicy.yaml range over it.
*/}}
{{- define "dialoog.workloads" -}}
{{- $v := .Values -}}
{{- range $name, $svc := $v.services }}
{{- if $svc.enabled }}
- name: {{ $name }}
  component: {{ $name }}
  resource: {{ include "dialoog.componentName" (dict "root" $ "name" $name "svc" $svc) }}
  http: true
  autoscaling: {{ $svc.autoscaling | default dict | toJson }}
{{- end }}
{{- end }}
{{- range $name, $module := include "dialoog.workers" $ | fromYaml }}
{{- $svc := index $v.services $name | default dict }}
{{- $worker := $svc.worker | default dict }}
{{- if and $svc.enabled $worker.enabled }}
- name: {{ $name }}
  component: {{ $name }}-worker
  resource: {{ include "dialoog.fullname" $ | trunc 48 | trimSuffix "-" }}-{{ $name }}-worker
  http: false
  autoscaling: {{ $worker.autoscaling | default dict | toJson }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
The Temporal workers (service: the module it runs), each a Deployment `<release>-<service>-worker`
when services.<service>.worker.enabled: salaris's runs the year-end salary round (ADR 0012),
feedback's keeps the sweep's Schedule and runs the sweep (ADR 0022), notificaties' keeps the
digests' Schedule and sends them (ADR 0025). All reach Temporal; the
services themselves only where Temporal is theirs to start workflows on (dialoog.temporalUsers).
*/}}
{{- define "dialoog.workers" -}}
salaris: dialoog.salaris.workflows.worker
feedback: dialoog.feedback.workflows.worker
notificaties: dialoog.notificaties.workflows.worker
{{- end -}}

{{/* The components that reach Temporal: salaris (it starts and signals the round) and the workers. */}}
{{- define "dialoog.temporalUsers" -}}
[salaris, salaris-worker, feedback-worker, notificaties-worker]
{{- end -}}

{{/* replicas: of a Deployment, unless the autoscaler owns the count. Takes (dict "root" $ "replicas" N). */}}
{{- define "dialoog.replicas" -}}
{{- if not .root.Values.autoscaling.enabled }}
replicas: {{ if kindIs "invalid" .replicas }}1{{ else }}{{ .replicas }}{{ end }}
{{- end }}
{{- end -}}

{{/*
The affinity of a component's pods: .Values.affinity, with a pod anti-affinity that spreads the
component's pods over nodes (podAntiAffinity.type soft or hard) unless .Values.affinity has one.
Takes the per-component dict of dialoog.selectorLabels.
*/}}
{{- define "dialoog.affinity" -}}
{{- $v := .root.Values -}}
{{- $affinity := deepCopy ($v.affinity | default dict) -}}
{{- $anti := $v.podAntiAffinity | default dict -}}
{{- if not (hasKey $affinity "podAntiAffinity") -}}
{{- $type := $anti.type | default "soft" -}}
{{- $selector := dict "matchLabels" (include "dialoog.selectorLabels" . | fromYaml) -}}
{{- $host := dict "topologyKey" ($anti.topologyKey | default "kubernetes.io/hostname") "labelSelector" $selector -}}
{{- $zone := dict "weight" 50 "podAffinityTerm" (dict "topologyKey" "topology.kubernetes.io/zone" "labelSelector" $selector) -}}
{{- $rules := dict -}}
{{- if eq $type "hard" -}}
{{- $_ := set $rules "requiredDuringSchedulingIgnoredDuringExecution" (list $host) -}}
{{- if $anti.preferZones }}{{ $_ := set $rules "preferredDuringSchedulingIgnoredDuringExecution" (list $zone) }}{{ end -}}
{{- else if eq $type "soft" -}}
{{- $preferred := list (dict "weight" 100 "podAffinityTerm" $host) -}}
{{- if $anti.preferZones }}{{ $preferred = append $preferred $zone }}{{ end -}}
{{- $_ := set $rules "preferredDuringSchedulingIgnoredDuringExecution" $preferred -}}
{{- else -}}
{{- fail (printf "podAntiAffinity.type: soft or hard, not %q" $type) -}}
{{- end -}}
{{- $_ := set $affinity "podAntiAffinity" $rules -}}
{{- end -}}
affinity:
  {{- toYaml $affinity | nindent 2 }}
{{- end -}}

{{/*
Which services a service calls over HTTP (ARCHITECTURE.md: the portal is the backend-for-frontend
of organisatie, portfolio and salaris; portfolio fetches decision letters from salaris): the
settings <TARGET>_URL of the caller (dialoog.serviceEnv sets them) and the only calls the
NetworkPolicies allow inside the release. tests/deploy checks this against the services' Settings.
*/}}
{{- define "dialoog.calls" -}}
portal: [organisatie, portfolio, salaris, feedback, notificaties]
portfolio: [salaris]
{{- end -}}

{{/* Egress rules to infrastructure: (dict "root" $ "needs" (list "dns" "postgresql" ...)). */}}
{{- define "dialoog.infraEgress" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- range $need := .needs }}
{{- $target := index $np $need | default dict }}
{{- if $target.peers }}
- to:
    {{- toYaml $target.peers | nindent 4 }}
  ports:
    {{- toYaml (required (printf "networkPolicy.%s.ports is required" $need) $target.ports) | nindent 4 }}
{{- else if ne $need "otel" }}
{{- fail (printf "networkPolicy.%s.peers: who the pods may reach for %s (NetworkPolicy peers)" $need $need) }}
{{- end }}
{{- end }}
{{- end -}}
