#!/usr/bin/env bash
# Times connecting 100 and 1,000 containers to a bridge network, one client and 16 at once: jnet (a real
# jnetd started with bin/jnetd in a throwaway fake host namespace) against netavark and the CNI bridge
# plugin with host-local, each in a fake host of its own; and to a macvlan network (its parent a veth in
# the fake host), jnet against netavark's macvlan driver; also jnetd's RSS at 1,000 endpoints and its
# restart-to-ready time with 1,000 networks. The memory part measures jnetd's RSS idle, at 50 and at 1,000
# endpoints beside dockerd 20.10's idle and with 50 containers (dockerd in a fake host and a private mount
# namespace); the scale part connects 10,000 endpoints on one host. Needs root; changes nothing outside
# its own namespaces, /run/jnet-bench-PID and the cgroups its containers get (removed at the end).
# Builds the project first if needed, with a JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/connect-benchmark.sh [--parts=connect,memory,scale] [--sizes=100,1000]
#                              [--methods=jnet,netavark,cni,jnet-macvlan,netavark-macvlan] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
if [ "$(id -u)" -ne 0 ]; then
  echo "connect-benchmark: needs root (it creates network namespaces of its own)" >&2
  exit 1
fi
# netavark (1.4, runs iptables) and containernetworking-plugins (bridge, host-local) are the peers;
# docker.io (dockerd 20.10, containerd, runc; runs iptables) and busybox-static (its one image) the
# memory part's; iproute2 and util-linux (nsenter, unshare, mount) check what every method built and
# make dockerd's private mounts; tar packs the image; nftables shows the machine unchanged.
jnet_require_packages connect-benchmark iproute2 util-linux mount tar nftables netavark iptables \
  containernetworking-plugins docker.io busybox-static
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.ConnectBenchmark "$@"
