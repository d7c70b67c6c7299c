#!/usr/bin/env bash
# Builds the real-cluster tier's Go programs from the Go module proxy, one Go
# module per group, and links them into .tools/real-cluster/bin:
#
#   build.sh [GROUP...]   groups: controlplane kwok flux-source flux-kustomize
#                         flux-helm flux-notification
#                         "flux" = flux-source flux-kustomize flux-helm
#                         (+ flux-notification with PORTAL_REAL_CLUSTER_NOTIFICATION=1);
#                         "default" (no argument) = what `cluster.sh up` starts:
#                         controlplane kwok flux; "all" = every group
#
# Binaries are cached outside the checkout, by content: a group's binaries
# live in $PORTAL_REAL_CLUSTER_BIN_CACHE/<group>-<hash> (default
# ~/.cache/mlops-portal/real-cluster), where the hash covers its go.mod, go.sum,
# our own .go files, the link flags and the Go version. A group whose folder is
# complete is not built again, so a clean clone on a machine that has built
# the same versions before pays nothing, and two checkouts with different
# versions do not overwrite each other. Go's own caches stay where Go puts
# them (GOMODCACHE ~/go/pkg/mod, GOCACHE ~/.cache/go-build), so a changed
# version rebuilds only what changed. PORTAL_REAL_CLUSTER_REBUILD=1 forces a build.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/scripts/env.sh"

log() { printf '\033[1m[real-cluster]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[real-cluster] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

# refused GROUP ERRFILE: when a build failed because the Go module proxy refused
# a module version (it refused helm-controller v1.7.1, v1.7.0 and v1.4.5 with
# 403 "This module version is not available"), says so plainly: which module
# version, and the proxy's own answer.
refused() {
  local lines
  lines="$(grep -E '(403 Forbidden|404 Not Found|410 Gone|not available)' "$2" || true)"
  [ -n "$lines" ] || return 0
  printf '\033[1;31m[real-cluster] %s: the Go module proxy refused a module version this group needs:\033[0m\n' "$1" >&2
  # "MODULE@VERSION: reading URL: 403 Forbidden" + "server response: ..." -> MODULE@VERSION: 403 Forbidden (...)
  printf '%s\n' "$lines" | sed -n 's#^\(go: \)\{0,1\}\([^ ]*@[^ :]*\): reading [^ ]*: \(.*\)#  \2: \3#p; s#^[[:space:]]*server response: #    #p' \
    | awk '!seen[$0]++' >&2
  printf '  (the versions are pinned in %s; docs/real-cluster.md says which ones are served)\n' "go/$1/go.mod" >&2
}

# GROUP -> "module-dir|ldflags|pkg=binary ..."
group_spec() {
  local k8s_x="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION \
-X k8s.io/component-base/version.gitMajor=$K8S_MAJOR -X k8s.io/component-base/version.gitMinor=$K8S_MINOR \
-X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION \
-X k8s.io/client-go/pkg/version.gitMajor=$K8S_MAJOR -X k8s.io/client-go/pkg/version.gitMinor=$K8S_MINOR"
  case "$1" in
    controlplane) echo "controlplane|$k8s_x|k8s.io/kubernetes/cmd/kube-apiserver=kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager=kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler=kube-scheduler" ;;
    kwok) echo "kwok||sigs.k8s.io/kwok/cmd/kwok=kwok ./cmd/kwok-stages=kwok-stages" ;;
    flux-source) echo "flux-source||github.com/fluxcd/source-controller=source-controller" ;;
    flux-kustomize) echo "flux-kustomize||github.com/fluxcd/kustomize-controller=kustomize-controller" ;;
    flux-notification) echo "flux-notification||github.com/fluxcd/notification-controller=notification-controller" ;;
    flux-helm) echo "flux-helm||github.com/fluxcd/helm-controller=helm-controller" ;;
    *) echo "unknown group $1" >&2; return 1 ;;
  esac
}

BIN_CACHE="${PORTAL_REAL_CLUSTER_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-portal/real-cluster}"

build_group() {
  local group="$1" spec mod ldflags pkgs want cached missing=0 p
  spec="$(group_spec "$group")"
  IFS='|' read -r mod ldflags pkgs <<<"$spec"
  local dir="$HERE/go/$mod"
  want="$( (cat "$dir/go.mod" "$dir/go.sum"; echo "$ldflags"; go version; \
    find "$dir" -name '*.go' -print0 | sort -z | xargs -0 -r cat) | sha256sum | cut -c1-16)"
  cached="$BIN_CACHE/$group-$want"
  mkdir -p "$REAL_CLUSTER_BIN" "$BIN_CACHE"
  # Binaries an older build.sh left in the checkout, with a matching stamp,
  # are adopted instead of rebuilt.
  if [ ! -d "$cached" ] && [ "$(cat "$REAL_CLUSTER_BIN/.$group.stamp" 2>/dev/null)" = "$want" ]; then
    local adopt="$cached.adopt.$$" ok=1
    mkdir -p "$adopt"
    for p in $pkgs; do
      if [ -f "$REAL_CLUSTER_BIN/${p#*=}" ] && [ ! -L "$REAL_CLUSTER_BIN/${p#*=}" ]; then cp "$REAL_CLUSTER_BIN/${p#*=}" "$adopt/"; else ok=0; fi
    done
    if [ $ok = 1 ]; then mv -T "$adopt" "$cached" 2>/dev/null || rm -rf "$adopt"; else rm -rf "$adopt"; fi
  fi
  for p in $pkgs; do [ -x "$cached/${p#*=}" ] || missing=1; done
  if [ "$missing" = 0 ] && [ "${PORTAL_REAL_CLUSTER_REBUILD:-0}" != 1 ]; then
    log "$group: up to date (cached in $cached)"
  else
    local started=$SECONDS tmp="$cached.tmp.$$"
    rm -rf "$tmp"; mkdir -p "$tmp"
    for p in $pkgs; do
      log "$group: go build ${p%=*}"
      # (pipefail: the pipeline fails when go build does)
      (cd "$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp/${p#*=}" "${p%=*}") 2>&1 \
        | tee "$tmp/.build.err" >&2 && continue
      refused "$group" "$tmp/.build.err"
      rm -rf "$tmp"
      die "$group: go build ${p%=*} failed (output above)"
    done
    rm -f "$tmp/.build.err"
    # Another checkout may have finished the same build meanwhile: same content.
    rm -rf "$cached.old.$$"; [ -d "$cached" ] && mv -T "$cached" "$cached.old.$$"
    mv -T "$tmp" "$cached"
    rm -rf "$cached.old.$$"
    log "$group: built in $((SECONDS - started)) s (into $cached)"
  fi
  for p in $pkgs; do ln -sfn "$cached/${p#*=}" "$REAL_CLUSTER_BIN/${p#*=}"; done
  rm -f "$REAL_CLUSTER_BIN/.$group.stamp"
}

ALL=(controlplane kwok flux-source flux-kustomize flux-helm flux-notification)
FLUX=(flux-source flux-kustomize flux-helm)
# notification-controller: no test needs it, and it is a quarter of a cold build.
[ "${PORTAL_REAL_CLUSTER_NOTIFICATION:-0}" = 1 ] && FLUX+=(flux-notification)
groups=()
for a in "${@:-default}"; do
  case "$a" in
    all) groups+=("${ALL[@]}") ;;
    default) groups+=(controlplane kwok "${FLUX[@]}") ;;
    flux) groups+=("${FLUX[@]}") ;;
    *) groups+=("$a") ;;
  esac
done
log "Go caches: GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOFLAGS=$GOFLAGS"
for g in "${groups[@]}"; do build_group "$g"; done
