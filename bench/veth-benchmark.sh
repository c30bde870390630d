#!/usr/bin/env bash
# Times 1,000 veth pairs with an address and both ends up, in throwaway network namespaces: jnet's
# kernel layer against one `ip` process per operation and against `ip -batch`. Needs root.
# Builds the project first if needed, with a JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/veth-benchmark.sh [PAIRS [REPETITIONS]] [--methods=jnet,per-process,batch]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
if [ "$(id -u)" -ne 0 ]; then
  echo "veth-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
jnet_require_packages veth-benchmark iproute2 util-linux
jnet_require_jdk
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar" jnet-kernel bench
exec "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
