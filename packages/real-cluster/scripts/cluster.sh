#!/usr/bin/env bash
# The real-cluster tier on one machine: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (fake nodes), then Flux's
# controllers, the local Git + chart server and the stand-in operator.
#
#   cluster.sh up [--control-plane-only]   build what is missing, start, wait until ready
#   cluster.sh down                         stop everything this script started
#   cluster.sh status                       what runs, and where
#   cluster.sh restart-apiserver            restart kube-apiserver (watch cache starts anew)
#   cluster.sh env                          shell exports for the running tier
#
# State (etcd data, certificates, tokens, logs, pids, kubeconfigs) lives in
# $PORTAL_REAL_CLUSTER_STATE (default $PORTAL_DATA_DIR/real-cluster, or
# .data/real-cluster). Ports: PORTAL_REAL_CLUSTER_PORT (API server, default
# 6650; the components use the next 20 ports) and PORTAL_REAL_CLUSTER_ETCD_PORT
# (default 2479, peer port +1). Everything binds to 127.0.0.1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/scripts/env.sh"

STATE="${PORTAL_REAL_CLUSTER_STATE:-${PORTAL_DATA_DIR:-$ROOT/.data}/real-cluster}"
case "$STATE" in /*) ;; *) STATE="$ROOT/$STATE" ;; esac
BASE="${PORTAL_REAL_CLUSTER_PORT:-6650}"
ETCD_PORT="${PORTAL_REAL_CLUSTER_ETCD_PORT:-2479}"
API_PORT=$BASE
KCM_PORT=$((BASE + 1))
SCHED_PORT=$((BASE + 2))
KWOK_PORT=$((BASE + 3))
SRC_METRICS=$((BASE + 4)) SRC_HEALTH=$((BASE + 5)) SRC_STORAGE=$((BASE + 6))
KS_METRICS=$((BASE + 7)) KS_HEALTH=$((BASE + 8))
NC_METRICS=$((BASE + 9)) NC_HEALTH=$((BASE + 10)) NC_EVENTS=$((BASE + 11)) NC_RECEIVER=$((BASE + 12))
HC_METRICS=$((BASE + 13)) HC_HEALTH=$((BASE + 14))
SOURCES_PORT=$((BASE + 15))
API="https://127.0.0.1:$API_PORT"
NODE_NAME=kwok-node-1

log() { printf '\033[1m[real-cluster]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[real-cluster] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

pidfile() { echo "$STATE/pids/$1.pid"; }
running() { local p; p="$(cat "$(pidfile "$1")" 2>/dev/null)" && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start NAME CMD...: runs CMD in its own session (so `down` can stop it and its
# children by process group), output to logs/NAME.log.
start() {
  local name="$1"; shift
  if running "$name"; then log "$name already running (pid $(cat "$(pidfile "$name")"))"; return 0; fi
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$(pidfile "$name")"
}

stop() {
  local name="$1" p
  p="$(cat "$(pidfile "$name")" 2>/dev/null || true)"
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$p" 2>/dev/null || true
    log "stopped $name"
  fi
  rm -f "$(pidfile "$name")"
}

# wait_for WHAT SECONDS CMD...: polls CMD until it succeeds; on time-out shows
# the component's log and fails.
wait_for() {
  local what="$1" secs="$2" logname="$3"; shift 3
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      [ -f "$STATE/logs/$logname.log" ] && tail -n 30 "$STATE/logs/$logname.log" >&2
      die "$what not ready within $secs s (log: $STATE/logs/$logname.log)"
    fi
    if [ -n "$logname" ] && [ -f "$(pidfile "$logname")" ] && ! running "$logname"; then
      tail -n 30 "$STATE/logs/$logname.log" >&2
      die "$logname exited (log: $STATE/logs/$logname.log)"
    fi
    sleep 0.5
  done
}

kc() { kubectl --kubeconfig "$STATE/admin.kubeconfig" "$@"; }

ensure_etcd() {
  command -v etcd >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing etcd from Debian (etcd-server, etcd-client)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client >/dev/null; }
  fi
  command -v etcd >/dev/null || die "etcd is not installed and could not be installed (apt-get install etcd-server)"
}

# Certificates and tokens, made once per state folder.
ensure_pki() {
  local pki="$STATE/pki"
  mkdir -p "$pki"
  if [ ! -f "$pki/apiserver.crt" ]; then
    log "generating the cluster CA, the API server's certificate and the service-account key"
    (
      cd "$pki"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=real-cluster-ca" \
        -keyout ca.key -out ca.crt 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' > apiserver.ext
      openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile apiserver.ext -out apiserver.crt 2>/dev/null
      openssl genrsa -out sa.key 2048 2>/dev/null
      openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
      rm -f apiserver.csr apiserver.ext
    )
  fi
  if [ ! -f "$pki/tokens.csv" ]; then
    # Static tokens for the components (the token file authenticator): the
    # admin in system:masters, the controller manager and scheduler as the
    # users their bootstrap RBAC roles are bound to.
    local t
    t() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
    {
      echo "$(t),admin,admin,system:masters"
      echo "$(t),system:kube-controller-manager,kcm,"
      echo "$(t),system:kube-scheduler,scheduler,"
      echo "$(t),flux,flux,system:masters"
    } > "$pki/tokens.csv"
    chmod 600 "$pki/tokens.csv"
  fi
}

token_of() { awk -F, -v u="$1" '$2 == u { print $1 }' "$STATE/pki/tokens.csv"; }

write_kubeconfig() { # FILE USER TOKEN
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real-cluster
  cluster:
    server: $API
    certificate-authority-data: $(base64 -w0 < "$STATE/pki/ca.crt")
users:
- name: $2
  user:
    token: $3
contexts:
- name: real-cluster
  context: { cluster: real-cluster, user: $2 }
current-context: real-cluster
EOF
  chmod 600 "$1"
}

start_apiserver() {
  start kube-apiserver "$REAL_CLUSTER_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$STATE/pki/apiserver.crt" --tls-private-key-file "$STATE/pki/apiserver.key" \
    --client-ca-file "$STATE/pki/ca.crt" --token-auth-file "$STATE/pki/tokens.csv" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$STATE/pki/sa.pub" --service-account-signing-key-file "$STATE/pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 --authorization-mode Node,RBAC --allow-privileged \
    --endpoint-reconciler-type none --cert-dir "$STATE/pki/generated" \
    ${PORTAL_REAL_CLUSTER_APISERVER_ARGS:-}
  wait_for "kube-apiserver /readyz" 120 kube-apiserver \
    curl -sf --cacert "$STATE/pki/ca.crt" -H "Authorization: Bearer $(token_of admin)" "$API/readyz"
}

up_control_plane() {
  local t0 t1
  t0=$(now_ms)
  ensure_etcd
  ensure_pki
  write_kubeconfig "$STATE/admin.kubeconfig" admin "$(token_of admin)"
  write_kubeconfig "$STATE/kcm.kubeconfig" system:kube-controller-manager "$(token_of system:kube-controller-manager)"
  write_kubeconfig "$STATE/scheduler.kubeconfig" system:kube-scheduler "$(token_of system:kube-scheduler)"
  write_kubeconfig "$STATE/flux.kubeconfig" flux "$(token_of flux)"
  mkdir -p "$STATE/etcd"
  start etcd etcd --name real-cluster --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
    --initial-cluster "real-cluster=http://127.0.0.1:$((ETCD_PORT + 1))" --quota-backend-bytes 2147483648
  wait_for "etcd" 30 etcd etcdctl --endpoints "http://127.0.0.1:$ETCD_PORT" endpoint health
  start_apiserver
  t1=$(now_ms)
  log "kube-apiserver ready after $(( (t1 - t0) )) ms"
  # --node-monitor-grace-period: kwok's node lease renewals fail now and then
  # on this etcd (resourceVersion conflicts from its stale lease cache, see
  # kwok below); with the default 50 s a few missed renewals turned the node
  # NotReady, the node controller marked every pod NotReady, and Helm's wait
  # timed out on workloads that were fine. Five minutes rides those out; no
  # test here is about node health.
  start kube-controller-manager "$REAL_CLUSTER_BIN/kube-controller-manager" \
    --node-monitor-grace-period 5m \
    --kubeconfig "$STATE/kcm.kubeconfig" --authentication-kubeconfig "$STATE/kcm.kubeconfig" \
    --authorization-kubeconfig "$STATE/kcm.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
    --service-account-private-key-file "$STATE/pki/sa.key" --root-ca-file "$STATE/pki/ca.crt" \
    --cluster-signing-cert-file "$STATE/pki/ca.crt" --cluster-signing-key-file "$STATE/pki/ca.key" \
    --use-service-account-credentials=true --controllers '*'
  start kube-scheduler "$REAL_CLUSTER_BIN/kube-scheduler" \
    --kubeconfig "$STATE/scheduler.kubeconfig" --authentication-kubeconfig "$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false
  "$REAL_CLUSTER_BIN/kwok-stages" > "$STATE/kwok-stages.yaml"
  # Debian's etcd 3.4.23 has no reliable progress notify, so the API server
  # refuses watch-list requests. The env switch asks client-go for plain
  # list+watch; kwok v0.8.0 still tries watch-lists (its log shows them), and
  # its lease updates then conflict now and then (docs/real-cluster.md).
  start kwok env KUBE_FEATURE_WatchListClient=false "$REAL_CLUSTER_BIN/kwok" --kubeconfig "$STATE/admin.kubeconfig" \
    --config "$STATE/kwok-stages.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds 40 --server-address "127.0.0.1:$KWOK_PORT" \
    --cidr 127.16.0.1/16 --node-ip 127.0.0.1
  # The fake node: kwok makes it Ready and keeps its lease; pods the
  # scheduler binds to it turn Running/Ready without a container runtime.
  kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NODE_NAME
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: $NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: { cpu: "64", memory: 256Gi, pods: "1000" }
  capacity: { cpu: "64", memory: 256Gi, pods: "1000" }
EOF
  wait_for "node $NODE_NAME Ready" 90 kwok \
    bash -c "kubectl --kubeconfig '$STATE/admin.kubeconfig' get node $NODE_NAME -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  wait_for "service account 'default'" 60 kube-controller-manager kc get serviceaccount default -n default
  log "control plane ready after $(( $(now_ms) - t0 )) ms (node $NODE_NAME Ready)"
}

write_service_accounts() {
  # The portal's identities on the real tier: a read-write one (what the
  # portal runs with) and a restricted one (reads Flux objects only) for the
  # RBAC tests. Tokens come from the TokenRequest API.
  kc apply -f "$HERE/manifests/portal-rbac.yaml" >/dev/null
  local sa
  for sa in portal portal-restricted; do
    kc create token "$sa" -n mlops-portal --duration 24h > "$STATE/$sa.token"
    chmod 600 "$STATE/$sa.token"
    write_kubeconfig "$STATE/$sa.kubeconfig" "$sa" "$(cat "$STATE/$sa.token")"
  done
}

cmd_up() {
  local cp_only=0
  for a in "$@"; do
    case "$a" in
      --control-plane-only) cp_only=1 ;;
      *) die "unknown option $a" ;;
    esac
  done
  mkdir -p "$STATE/logs" "$STATE/pids"
  local groups=(controlplane kwok)
  [ $cp_only = 1 ] || groups+=(flux)
  "$HERE/scripts/build.sh" "${groups[@]}"
  up_control_plane
  write_service_accounts
  if [ $cp_only = 0 ]; then
    # shellcheck source=flux.sh
    . "$HERE/scripts/flux.sh"
    up_flux
  fi
  cmd_env > "$STATE/env.sh"
  log "ready: KUBECONFIG=$STATE/admin.kubeconfig (portal: $STATE/portal.kubeconfig)"
}

cmd_down() {
  local c
  for c in standin-operator helm-controller notification-controller kustomize-controller source-controller sources \
    kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    stop "$c"
  done
  if [ "${1:-}" = "--purge" ]; then rm -rf "$STATE"; log "removed $STATE"; fi
}

# Restarts kube-apiserver on the same etcd: its watch cache starts again from
# etcd's current revision, so clients resuming from an older resourceVersion
# get 410 Expired, as after an API server rollout (the 410 tests use this).
cmd_restart_apiserver() {
  stop kube-apiserver
  start_apiserver
}

cmd_status() {
  local c any=0
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok sources source-controller \
    kustomize-controller notification-controller helm-controller standin-operator; do
    if running "$c"; then printf '  %-24s running (pid %s)\n' "$c" "$(cat "$(pidfile "$c")")"; any=1
    elif [ -f "$(pidfile "$c")" ]; then printf '  %-24s DEAD (log %s)\n' "$c" "$STATE/logs/$c.log"
    fi
  done
  [ $any = 1 ] || { echo "  not running (state: $STATE)"; return 3; }
  echo "  API server: $API   kubeconfig: $STATE/admin.kubeconfig"
}

cmd_env() {
  cat <<EOF
export REAL_CLUSTER_STATE='$STATE'
export REAL_CLUSTER_URL='$API'
export REAL_CLUSTER_KUBECONFIG='$STATE/admin.kubeconfig'
export REAL_CLUSTER_PORTAL_KUBECONFIG='$STATE/portal.kubeconfig'
export REAL_CLUSTER_RESTRICTED_KUBECONFIG='$STATE/portal-restricted.kubeconfig'
export REAL_CLUSTER_ETCD='http://127.0.0.1:$ETCD_PORT'
export REAL_CLUSTER_SOURCES_URL='http://127.0.0.1:$SOURCES_PORT'
EOF
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  restart-apiserver) cmd_restart_apiserver ;;
  env) cmd_env ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
