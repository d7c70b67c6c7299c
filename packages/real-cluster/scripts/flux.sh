# Flux on the real-cluster tier (sourced by cluster.sh, not run): Flux's CRDs,
# the local Git + chart server, source-, kustomize- and helm-controller,
# notification-controller only with PORTAL_REAL_CLUSTER_NOTIFICATION=1 (no test
# needs it; it costs a quarter of a cold build), the policy that
# points the platform's sources at the local server, the stand-in operator,
# then the platform's bootstrap objects from gitops/.

# helm-controller v1.4.0, built by build.sh (group flux-helm) from the Go module
# proxy, the only version of it the proxy serves here (v1.7.1, v1.7.0 and
# v1.4.5 are refused). PORTAL_REAL_CLUSTER_HELM_CONTROLLER=/path/to/bin runs
# another binary instead; a path that does not exist runs none (HelmReleases
# then get no status and the HelmRelease tests say so and skip).
HELM_CONTROLLER_BIN="${PORTAL_REAL_CLUSTER_HELM_CONTROLLER:-$REAL_CLUSTER_BIN/helm-controller}"
NOTIFICATION="${PORTAL_REAL_CLUSTER_NOTIFICATION:-0}"

module_dir() { # GROUP MODULE: where the Go module cache holds MODULE's source
  (cd "$HERE/go/$1" && go list -m -f '{{.Dir}}' "$2")
}

apply_flux_crds() {
  local d specs=("flux-source github.com/fluxcd/source-controller" "flux-kustomize github.com/fluxcd/kustomize-controller"
    "flux-helm github.com/fluxcd/helm-controller")
  [ "$NOTIFICATION" = 1 ] && specs+=("flux-notification github.com/fluxcd/notification-controller")
  for spec in "${specs[@]}"; do
    # shellcheck disable=SC2086
    d="$(module_dir $spec)"
    kc apply --server-side --force-conflicts -f "$d/config/crd/bases" >/dev/null
  done
  # (HelmRelease's CRD is helm-controller v1.4.0's own, from the module it is
  # built from: the schema the running controller was generated with.)
  # The operators' CRDs (the stand-in charts' crds/ folders) up front, so the
  # stand-in operator and the tests have them even where no helm-controller
  # installs the charts; Helm's CreateReplace takes them over when it runs.
  local crds
  for crds in "$HERE"/charts/*/crds; do
    kc apply --server-side --force-conflicts -f "$crds" >/dev/null
  done
  kc wait --for condition=Established --timeout 60s crd --all >/dev/null
}

# The platform repository the portal's software templates push to (the same
# bare repository `scripts/portal start` seeds from gitops/), served to
# source-controller over HTTP.
ensure_gitops_remote() {
  GITOPS_REMOTE="${PORTAL_REAL_CLUSTER_GITOPS_REMOTE:-${PORTAL_DATA_DIR:-$ROOT/.data}/gitops-remote.git}"
  case "$GITOPS_REMOTE" in /*) ;; *) GITOPS_REMOTE="$ROOT/$GITOPS_REMOTE" ;; esac
  if [ ! -d "$GITOPS_REMOTE" ]; then seed_gitops_remote; fi
  ensure_gitops_checkout
}

# The portal's catalog provider reads a folder, by default the checkout's own
# gitops/ (app-config.yaml), which a merge in the local repository never
# changes. On this tier it reads <remote without .git>-main/gitops instead
# (app-config.real-cluster.yaml): main of the same repository Flux
# reconciles, checked out again by a post-receive hook on every push to
# main, so a merged component reaches the catalog as it reaches the cluster.
ensure_gitops_checkout() {
  local checkout="${GITOPS_REMOTE%.git}-main" hook="$GITOPS_REMOTE/hooks/post-receive"
  mkdir -p "$checkout"
  cat > "$hook" <<HOOK
#!/bin/sh
# real-cluster tier (packages/real-cluster/scripts/flux.sh): main checked out for the portal's catalog.
while read -r old new ref; do
  [ "\$ref" = refs/heads/main ] && git --work-tree="$checkout" reset -q --hard main
done
exit 0
HOOK
  chmod +x "$hook"
  git --git-dir="$GITOPS_REMOTE" --work-tree="$checkout" reset -q --hard main
}

seed_gitops_remote() {
  log "seeding $GITOPS_REMOTE from gitops/"
  local work
  work="$(mktemp -d)"
  git init --quiet --bare --initial-branch=main "$GITOPS_REMOTE"
  git -C "$work" init --quiet --initial-branch=main
  cp -r "$ROOT/gitops" "$work/gitops"
  git -C "$work" add -A
  git -C "$work" -c user.name="MLOps Portal" -c user.email=portal@mlops-portal.invalid commit --quiet -m "Reference platform from the portal repository"
  git -C "$work" push --quiet "$GITOPS_REMOTE" main
  rm -rf "$work"
}

# A second repository for the real-tier tests (Kustomizations whose states
# they provoke), seeded with one harmless ConfigMap under apps/demo.
ensure_test_repo() {
  TEST_REPO="$STATE/test-repo.git"
  [ -d "$TEST_REPO" ] && return 0
  local work
  work="$(mktemp -d)"
  git init --quiet --bare --initial-branch=main "$TEST_REPO"
  git -C "$work" init --quiet --initial-branch=main
  mkdir -p "$work/apps/demo"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  version: "1"\n' > "$work/apps/demo/configmap.yaml"
  git -C "$work" add -A
  git -C "$work" -c user.name="MLOps Portal" -c user.email=portal@mlops-portal.invalid commit --quiet -m "Test repository"
  git -C "$work" push --quiet "$TEST_REPO" main
  rm -rf "$work"
}


up_flux() {
  local t0
  t0=$(now_ms)
  local node="${PORTAL_NODE:-node}"
  ensure_gitops_remote
  ensure_test_repo
  kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
EOF
  apply_flux_crds
  start sources "$node" "$HERE/bin/real-cluster.mjs" sources --port "$SOURCES_PORT" \
    --repo "mlops-platform=$GITOPS_REMOTE" --repo "test-repo=$TEST_REPO" --charts "$HERE/charts" --charts-out "$STATE/charts"
  wait_for "sources server" 60 sources curl -sf "http://127.0.0.1:$SOURCES_PORT/healthz"
  # Points the platform's sources at the local server, whoever creates them
  # (Flux from gitops/, or a template's new component): the repository URL in
  # gitops/ and every chart repository (HTTP or OCI) become the local ones.
  sed -e "s#@SOURCES_URL@#http://127.0.0.1:$SOURCES_PORT#g" "$HERE/manifests/local-sources-policy.yaml" | kc apply -f - >/dev/null
  # The API server loads a new policy asynchronously; a GitRepository created
  # before it is in force keeps its GitHub URL (seen here: the bootstrap came
  # about a second too early once the controllers started faster). A
  # server-side dry run goes through admission: wait until it is rewritten.
  wait_for "local sources policy in force" 60 "" bash -c "kubectl --kubeconfig '$STATE/admin.kubeconfig' create --dry-run=server -o jsonpath='{.spec.url}' -f - <<'PROBE' | grep -qx 'http://127.0.0.1:$SOURCES_PORT/git/mlops-platform.git'
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: policy-probe
  namespace: flux-system
spec:
  interval: 1h
  url: https://github.com/mlops-portal/mlops-platform
PROBE"
  # Without notification-controller the controllers post no events to it;
  # their Kubernetes Events are written all the same.
  local events=()
  mkdir -p "$STATE/flux-storage"
  if [ "$NOTIFICATION" = 1 ]; then
    events=(--events-addr "http://127.0.0.1:$NC_EVENTS/")
    start notification-controller env KUBECONFIG="$STATE/flux.kubeconfig" RUNTIME_NAMESPACE=flux-system KUBE_FEATURE_WatchListClient=false "$REAL_CLUSTER_BIN/notification-controller" \
      --metrics-addr "127.0.0.1:$NC_METRICS" --health-addr "127.0.0.1:$NC_HEALTH" \
      --events-addr "127.0.0.1:$NC_EVENTS" --receiverAddr "127.0.0.1:$NC_RECEIVER" \
      --enable-leader-election=false --log-level info
  else
    log "notification-controller: not started (PORTAL_REAL_CLUSTER_NOTIFICATION=1 builds and starts it)"
  fi
  start source-controller env KUBECONFIG="$STATE/flux.kubeconfig" RUNTIME_NAMESPACE=flux-system KUBE_FEATURE_WatchListClient=false "$REAL_CLUSTER_BIN/source-controller" \
    --metrics-addr "127.0.0.1:$SRC_METRICS" --health-addr "127.0.0.1:$SRC_HEALTH" \
    --storage-addr "127.0.0.1:$SRC_STORAGE" --storage-adv-addr "127.0.0.1:$SRC_STORAGE" \
    --storage-path "$STATE/flux-storage" "${events[@]}" \
    --enable-leader-election=false --log-level info
  start kustomize-controller env KUBECONFIG="$STATE/flux.kubeconfig" RUNTIME_NAMESPACE=flux-system KUBE_FEATURE_WatchListClient=false "$REAL_CLUSTER_BIN/kustomize-controller" \
    --metrics-addr "127.0.0.1:$KS_METRICS" --health-addr "127.0.0.1:$KS_HEALTH" \
    "${events[@]}" --enable-leader-election=false --log-level info
  if [ -x "$HELM_CONTROLLER_BIN" ]; then
    start helm-controller env KUBECONFIG="$STATE/flux.kubeconfig" RUNTIME_NAMESPACE=flux-system KUBE_FEATURE_WatchListClient=false "$HELM_CONTROLLER_BIN" \
      --metrics-addr "127.0.0.1:$HC_METRICS" --health-addr "127.0.0.1:$HC_HEALTH" \
      "${events[@]}" --enable-leader-election=false --log-level info
  else
    log "helm-controller: no binary at $HELM_CONTROLLER_BIN (PORTAL_REAL_CLUSTER_HELM_CONTROLLER): HelmReleases get no status"
  fi
  start standin-operator "$node" "$HERE/bin/real-cluster.mjs" operator --kubeconfig "$STATE/flux.kubeconfig"
  local c ready=("source-controller $SRC_HEALTH" "kustomize-controller $KS_HEALTH")
  [ "$NOTIFICATION" = 1 ] && ready+=("notification-controller $NC_HEALTH")
  [ -x "$HELM_CONTROLLER_BIN" ] && ready+=("helm-controller $HC_HEALTH")
  for c in "${ready[@]}"; do
    set -- $c
    wait_for "$1 /readyz" 60 "$1" curl -sf "http://127.0.0.1:$2/readyz"
  done
  # Bootstrap, as `flux bootstrap` would: the platform repository and the root
  # Kustomization, from gitops/ itself; Flux applies the rest.
  kc apply -f "$ROOT/gitops/clusters/mlops/mlops-infrastructure.yaml" -f "$ROOT/gitops/clusters/mlops/mlops-platform.yaml" >/dev/null
  wait_for "GitRepository mlops-infrastructure Ready" 120 source-controller \
    bash -c "kubectl --kubeconfig '$STATE/admin.kubeconfig' get gitrepository -n flux-system mlops-infrastructure -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  wait_for "Kustomization mlops-platform Ready" 120 kustomize-controller \
    bash -c "kubectl --kubeconfig '$STATE/admin.kubeconfig' get kustomization -n flux-system mlops-platform -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  log "Flux ready after $(( $(now_ms) - t0 )) ms (root Kustomization mlops-platform applied)"
}
