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

{{/* The environment of a service container: the settings of dialoog.kit.settings.ServiceSettings. */}}
{{- define "dialoog.serviceEnv" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $svc := .svc -}}
{{- $p := include "dialoog.envPrefix" . -}}
{{- $secret := required (printf "services.%s.existingSecret: the Secret with %s and %s" $name $root.Values.secretKeys.databaseUrl $root.Values.secretKeys.secretKey) $svc.existingSecret -}}
- name: {{ $p }}ENVIRONMENT
  value: {{ $root.Values.environment | quote }}
- name: {{ $p }}DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $root.Values.secretKeys.databaseUrl }}
- name: {{ $p }}SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $root.Values.secretKeys.secretKey }}
- name: {{ $p }}NATS_URL
  value: {{ required "nats.url is required" $root.Values.nats.url | quote }}
- name: {{ $p }}OIDC_ISSUER
  value: {{ required "oidc.issuer is required" $root.Values.oidc.issuer | quote }}
- name: {{ $p }}OIDC_AUDIENCE
  value: {{ required "oidc.audience is required" $root.Values.oidc.audience | quote }}
{{- with $root.Values.oidc.jwksUrl }}
- name: {{ $p }}OIDC_JWKS_URL
  value: {{ . | quote }}
{{- end }}
- name: {{ $p }}OTEL_EXPORTER
  value: {{ $root.Values.otel.exporter | default "none" | quote }}
{{- with $root.Values.otel.endpoint }}
- name: {{ $p }}OTEL_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- $settings := merge (deepCopy ($svc.settings | default dict)) ($root.Values.settings | default dict) }}
{{- range $key, $value := $settings }}
- name: {{ $p }}{{ $key | upper }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
