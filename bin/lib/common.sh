# Shared by jnet's launchers: find a JDK 25 and build the project when it is missing or stale.
# Sourced, not run. Sets JNET_HOME (the checkout) and JAVA (a java 25 binary).

JNET_HOME="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

# Prints the home of a JDK whose feature version is 25 or later, or nothing.
jnet_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
                   /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -f "$candidate/release" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

jnet_require_jdk() {
  local jdk
  if ! jdk=$(jnet_find_jdk); then
    echo "jnet: needs a JDK 25 or later; none found in JAVA_HOME or /usr/lib/jvm (install Temurin 25 or openjdk-25-jdk)" >&2
    exit 1
  fi
  export JAVA_HOME="$jdk"
  JAVA="$jdk/bin/java"
}

# Builds the jars (tests skipped) when $1 is missing or older than any source or pom.
jnet_build_if_needed() {
  local jar="$1"
  if [ -f "$jar" ] && [ -z "$(find "$JNET_HOME" -path "$JNET_HOME/.git" -prune -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  echo "jnet: building (first use or sources changed); this takes a minute the first time..." >&2
  if ! (cd "$JNET_HOME" && ./mvnw -q -B -DskipTests package >&2); then
    echo "jnet: build failed; run './mvnw -DskipTests package' in $JNET_HOME to see why" >&2
    exit 1
  fi
}

# Fails with a clear message unless the Debian packages $2... are installed; $1 names the caller.
jnet_require_packages() {
  local who="$1" p missing=()
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$who: missing Debian packages: ${missing[*]}; install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}
