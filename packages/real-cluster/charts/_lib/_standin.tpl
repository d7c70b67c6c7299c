{{/*
Shared by every stand-in chart (copied into each chart's templates/ when the
chart repository is built). A stand-in chart renders the workloads the real
chart would, with the same names and labels, and no real containers: kwok
runs their pods. The values under `standin` provoke the failures the status
rules must handle:
  standin.failInstall: true   the install fails (rendering error)
  standin.failUpgrade: true   every upgrade fails (rendering error)
  standin.failTest: true      the chart has a test hook pod; kwok never finishes a pod
                              no Job owns, so `helm test` times out: a test failure
  standin.neverReady: true    the pods stay Pending (helm wait times out)
and one harmless switch, for upgrades that change the rendered manifest:
  standin.annotations: {...}  annotations on every workload (not its pods: no rollout)
*/}}
{{- define "standin.guard" -}}
{{- $s := .Values.standin | default dict -}}
{{- if and .Release.IsInstall $s.failInstall -}}
{{- fail "stand-in chart: install failure requested (values standin.failInstall)" -}}
{{- end -}}
{{- if and .Release.IsUpgrade $s.failUpgrade -}}
{{- fail "stand-in chart: upgrade failure requested (values standin.failUpgrade)" -}}
{{- end -}}
{{- end -}}

{{/*
One workload. Arguments (a dict): root (the chart's context), kind
(Deployment|StatefulSet), name, replicas, labels, podLabels (default labels),
selector (default podLabels), image, port (optional).
*/}}
{{- define "standin.workload" -}}
{{- $root := .root -}}
{{- $s := $root.Values.standin | default dict -}}
{{- $podLabels := .podLabels | default .labels -}}
{{- $selector := .selector | default $podLabels -}}
apiVersion: apps/v1
kind: {{ .kind }}
metadata:
  name: {{ .name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- toYaml .labels | nindent 4 }}
  {{- with $s.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  replicas: {{ .replicas }}
  {{- if eq .kind "StatefulSet" }}
  serviceName: {{ .name }}
  {{- end }}
  selector:
    matchLabels:
      {{- toYaml $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- toYaml $podLabels | nindent 8 }}
    spec:
      {{- if $s.neverReady }}
      # No node has this label: the pods stay Pending.
      nodeSelector:
        mlops-portal.io/no-such-node: "true"
      {{- end }}
      containers:
        - name: main
          image: {{ .image }}
          {{- if .port }}
          ports:
            - containerPort: {{ .port }}
          {{- end }}
---
{{- if .port }}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- toYaml .labels | nindent 4 }}
spec:
  selector:
    {{- toYaml $selector | nindent 4 }}
  ports:
    - port: {{ .port }}
---
{{- end }}
{{- end -}}

{{/* The chart's test hook (helm test): a pod that succeeds, or fails with standin.failTest. */}}
{{- define "standin.test" -}}
{{- $s := .Values.standin | default dict -}}
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-standin-test
  namespace: {{ .Release.Namespace }}
  annotations:
    helm.sh/hook: test
    helm.sh/hook-delete-policy: before-hook-creation
  labels:
    mlops-portal.io/standin-test: {{ ternary "fail" "pass" (default false $s.failTest) | quote }}
spec:
  restartPolicy: Never
  containers:
    - name: test
      image: busybox:1.36
      command: ["true"]
{{- end -}}

{{/* Helm's usual fullname: the release name if it contains the chart name, else release-chart. */}}
{{- define "standin.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name -}}
{{- end -}}
{{- end -}}
