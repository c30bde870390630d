#!/usr/bin/env bash
# Times connecting 100 and 1,000 containers to a bridge network, one client and 16 at once: jnet (a real
# jnetd started with bin/jnetd in a throwaway fake host namespace) against netavark and the CNI bridge
# plugin with host-local, each in a fake host of its own; also jnetd's RSS at 1,000 endpoints and its
# restart-to-ready time with 1,000 networks. Needs root; changes nothing outside its own namespaces and
# /run/jnet-bench-PID. Builds the project first if needed, with a JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/connect-benchmark.sh [--sizes=100,1000] [--clients=16] [--methods=jnet,netavark,cni] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
if [ "$(id -u)" -ne 0 ]; then
  echo "connect-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
# netavark (1.4, runs iptables) and containernetworking-plugins (bridge, host-local) are the peers;
# iproute2 and util-linux (nsenter) check what every method built; nftables shows the machine unchanged.
jnet_require_packages connect-benchmark iproute2 util-linux nftables netavark iptables containernetworking-plugins
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.ConnectBenchmark "$@"
