#!/usr/bin/env bash
# What jnetd's drift watch costs and how fast it repairs (issue 10): a real jnetd (bin/jnetd in a
# throwaway fake host namespace) publishing 0, 1,000 and 10,000 ports; the CPU time of its watch thread
# while nothing happens (the periodic firewall check), then the time until a deleted port element and a
# flushed ruleset are back, as nft in the fake host sees them. Needs root; changes nothing outside its own
# namespaces and /run/jnet-bench-PID. Builds the project first if needed, with a JDK 25 from JAVA_HOME or
# /usr/lib/jvm.
#   bench/drift-benchmark.sh [--existing=0,1000,10000] [--window=30] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
help=false
for arg in "$@"; do
  case "$arg" in -h|--help) help=true ;; esac
done
if [ "$(id -u)" -ne 0 ] && [ "$help" = false ]; then
  echo "drift-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
if [ "$help" = false ]; then
  # iproute2 and nftables show the machine unchanged; util-linux (nsenter) runs nft inside the fake host.
  jnet_require_packages drift-benchmark iproute2 util-linux nftables
fi
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.DriftBenchmark "$@"
