#!/usr/bin/env bash
# Times publishing 200 ports (issue 4): a new sandbox connects to a bridge network with 200 '-p' specs
# through a real jnetd (started with bin/jnetd in a throwaway fake host namespace), on a host that already
# publishes 0, 1,000 and 10,000 ports; the same connect without ports is the baseline. Checks the ports
# with nft in the fake host and with a TCP connection to 127.0.0.1:HOSTPORT there. Needs root; changes
# nothing outside its own namespaces and /run/jnet-bench-PID. Builds the project first if needed, with a
# JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/ports-benchmark.sh [--existing=0,1000,10000] [--ports=200] [--repetitions=15] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
help=false
for arg in "$@"; do
  case "$arg" in -h|--help) help=true ;; esac
done
if [ "$(id -u)" -ne 0 ] && [ "$help" = false ]; then
  echo "ports-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
if [ "$help" = false ]; then
  # iproute2 and nftables show the machine unchanged; util-linux (nsenter) runs nft inside the fake host.
  jnet_require_packages ports-benchmark iproute2 util-linux nftables
fi
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.PortsBenchmark "$@"
