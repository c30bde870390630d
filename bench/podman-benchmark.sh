#!/usr/bin/env bash
# Times a container start with podman end to end, 'podman run --rm --network NET --rootfs ROOTFS /bin/true'
# (podman 4.3, conmon, runc; a busybox root file system), with jnet's CNI plugin (a real jnetd started with
# bin/jnetd) against podman's own netavark backend with aardvark-dns, the two taking turns in one run. Each
# side runs in a throwaway fake host and a private mount namespace of its own (/run and /var/lib fresh,
# the benchmark's configuration over /etc/containers), and every podman command enters those. Needs root;
# changes nothing outside its own namespaces, /run/jnet-bench-PID and the cgroups its containers get
# (removed at the end). Builds the project first if needed, with a JDK 25 from JAVA_HOME or /usr/lib/jvm.
#   bench/podman-benchmark.sh [--runs=30] [--warm-up=3] [--help]
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/../bin/lib/common.sh"
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    sed -n '2,9s/^# \{0,1\}//p' "$0"
    jnet_require_jdk
    jar="$JNET_HOME/bench/target/jnet-bench.jar"
    jnet_build_if_needed "$jar"
    exec "$JAVA" -cp "$jar" dev.jnet.bench.PodmanBenchmark --help
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "podman-benchmark: needs root (it creates network and mount namespaces of its own)" >&2
  exit 1
fi
# podman, conmon and runc start the containers; netavark (1.4, runs iptables) and aardvark-dns are the peer;
# curl runs inside jnet's plugin; busybox-static is the root file system; iproute2, util-linux (nsenter,
# unshare, mount) and nftables make the namespaces and show the machine unchanged; libnftables1 is jnetd's.
jnet_require_packages podman-benchmark podman conmon runc netavark aardvark-dns iptables curl busybox-static \
  iproute2 util-linux mount nftables libnftables1
jnet_require_jdk
jnet_build_if_needed "$JNET_HOME/jnet-daemon/target/jnet-daemon.jar"
jar="$JNET_HOME/bench/target/jnet-bench.jar"
jnet_build_if_needed "$jar"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Djnet.home="$JNET_HOME" -cp "$jar" dev.jnet.bench.PodmanBenchmark "$@"
