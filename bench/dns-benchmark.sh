#!/usr/bin/env bash
# Queries per second and latency percentiles of jnet's embedded resolver against aardvark-dns, serving the
# same names: dnsperf runs inside a client namespace against jnet (a real jnetd started with bin/jnetd in a
# throwaway fake host; the client asks 127.0.0.11 in its sandbox) and against aardvark-dns (started by
# netavark 1.4 with DNS enabled in another fake host; the client asks the gateway). Needs root; changes
# nothing outside its own namespaces and /run/jnet-bench-PID. Builds the project first if needed, with a
# JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/dns-benchmark.sh [--seconds=20] [--servers=jnet,aardvark] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    sed -n '2,8s/^# \{0,1\}//p' "$0"
    jnet_require_jdk
    jar="$JNET_HOME/bench/target/jnet-bench.jar"
    jnet_build_if_needed "$jar"
    exec "$JAVA" -cp "$jar" dev.jnet.bench.DnsBenchmark --help
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "dns-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
# dnsperf is the load; bind9-dnsutils (dig) checks the answers first; netavark (1.4, runs iptables) starts
# aardvark-dns; iproute2, util-linux (nsenter) and nftables show the machine unchanged.
jnet_require_packages dns-benchmark dnsperf bind9-dnsutils iproute2 util-linux nftables netavark aardvark-dns iptables
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.DnsBenchmark "$@"
