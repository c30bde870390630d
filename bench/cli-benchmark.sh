#!/usr/bin/env bash
# Times jnet's CLI end to end against a running jnetd (bin/jnet network ls and network connect, launcher
# and JVM included) beside the stock docker client (/usr/local/bin/docker, when there) against jnetd's
# Docker API socket, in one run. jnetd runs in a throwaway fake host namespace. Needs root; changes
# nothing outside its own namespaces and /run/jnet-bench-PID.
#   bench/cli-benchmark.sh [--runs=30] [--warm-up=3] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
if [ "$(id -u)" -ne 0 ]; then
  echo "cli-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
# iproute2, util-linux (nsenter) and nftables show the machine unchanged; libnftables1 is jnetd's.
jnet_require_packages cli-benchmark iproute2 util-linux nftables libnftables1
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.CliBenchmark "$@"
