# Shared settings of the real-cluster scripts (sourced, not run).
# Versions are the ones the Go module proxy serves that build with this
# machine's Go; changing one means changing the matching go.mod too.
K8S_VERSION=v1.37.2
K8S_MAJOR=1
K8S_MINOR=37
: "${ROOT:?}"
REAL_CLUSTER_HOME="${PORTAL_REAL_CLUSTER_HOME:-$ROOT/.tools/real-cluster}"
REAL_CLUSTER_BIN="$REAL_CLUSTER_HOME/bin"
# Two cores: one compile at a time leaves the other core to the rest of the machine.
case " ${GOFLAGS:-} " in *" -p="*) ;; *) export GOFLAGS="${GOFLAGS:-} -p=${PORTAL_GO_PARALLEL:-2}" ;; esac
# Go as these machines install it (/usr/local/go), also when the caller's PATH
# leaves it out (CI runs the test command under `env -i` with a minimal PATH).
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then PATH="/usr/local/go/bin:$PATH"; export PATH; fi
# The Node processes (sources server, stand-in operator) need the portal's Node 24.
if [ -x "$ROOT/.tools/node-24/bin/node" ]; then PATH="$ROOT/.tools/node-24/bin:$PATH"; fi
