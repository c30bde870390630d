#!/usr/bin/env bash
# Multi-host overlay networking with real jnetds (bin/jnetd) on fake hosts sharing a real etcd on an
# underlay namespace: per cluster size, the convergence of a connect (from the API's answer on host A until
# a datagram from a sandbox on host B reaches the new sandbox over VXLAN, p50 and p99) and the time until a
# SIGKILLed host's endpoints are gone from the others; on the first size's cluster also the connect latency
# of an overlay beside a bridge network and one etcd round trip, and iperf3 throughput over the overlay, a
# bridge and a hand-made VXLAN. Needs root; changes nothing outside its own namespaces and
# /run/jnet-bench-PID. Builds the project first if needed, with a JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/cluster-benchmark.sh [--hosts=3,10] [--runs=100] [--connects=100] [--iperf-seconds=5] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
help=false
for arg in "$@"; do
  case "$arg" in -h|--help) help=true ;; esac
done
if [ "$(id -u)" -ne 0 ] && [ "$help" = false ]; then
  echo "cluster-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
if [ "$help" = false ]; then
  # etcd-server is the cluster store; iperf3 the throughput; iproute2 (ip, bridge, ss), util-linux (nsenter)
  # and curl make and probe the fake hosts; nftables shows the machine unchanged; libnftables1 is jnetd's.
  jnet_require_packages cluster-benchmark etcd-server iperf3 iproute2 util-linux curl nftables libnftables1
fi
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.ClusterBenchmark "$@"
