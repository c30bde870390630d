# Shared by jnet's launchers: find a JDK 25 and build the project when it is missing or stale.
# Sourced, not run. Sets JNET_HOME (the checkout) and JAVA (a java 25 binary).

# Launchers start every jnet command, so this file forks as little as it can (docs/operations.md, "A CLI
# that starts fast"): one readlink here, one find in jnet_build_if_needed.
JNET_HOME="$(readlink -f "${BASH_SOURCE[0]}")"
JNET_HOME="${JNET_HOME%/bin/lib/*}"

# The feature version in a JDK's release file (JAVA_VERSION="25.0.3" gives 25), or nothing.
jnet_jdk_version() {
  local line
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]}"
      return 0
    fi
  done < "$1/release"
}

# Sets JDK to the home of a JDK whose feature version is 25 or later; fails if there is none.
jnet_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
                   /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -f "$candidate/release" ] || continue
    version=$(jnet_jdk_version "$candidate" </dev/null) || true
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      JDK="$candidate"
      return 0
    fi
  done
  return 1
}

jnet_require_jdk() {
  local JDK
  if ! jnet_find_jdk; then
    echo "jnet: needs a JDK 25 or later; none found in JAVA_HOME or /usr/lib/jvm (install Temurin 25 or openjdk-25-jdk)" >&2
    exit 1
  fi
  export JAVA_HOME="$JDK"
  JAVA="$JDK/bin/java"
}

# Builds the jars (tests skipped) when $1 is missing or older than any source or pom, saying why and
# showing each module as Maven reaches it (on standard error, so a command's output stays clean).
jnet_build_if_needed() {
  local jar="$1" changed log
  changed=$(jnet_changed_since "$jar")
  [ -z "$changed" ] && return 0
  # One build at a time (two commands after a git pull would share target/): the second waits, then finds
  # the jar fresh.
  exec 9>"${TMPDIR:-/tmp}/jnet-build-$(id -u).lock"
  flock 9 || true
  changed=$(jnet_changed_since "$jar")
  [ -z "$changed" ] && { exec 9>&-; return 0; }
  if [ "$changed" = "(no jar)" ]; then
    echo "jnet: first use: building jnet (the first build also fetches Maven and the libraries)" >&2
  else
    echo "jnet: ${changed#"$JNET_HOME"/} changed since the last build: rebuilding" >&2
  fi
  log=$(mktemp "${TMPDIR:-/tmp}/jnet-build.XXXXXX")
  if ! (cd "$JNET_HOME" && ./mvnw -B -DskipTests package 2>&1) | tee "$log" | jnet_build_progress >&2; then
    tail -n 40 "$log" >&2
    echo "jnet: build failed (whole log: $log); run './mvnw -DskipTests package' in $JNET_HOME to see why" >&2
    exit 1
  fi
  rm -f "$log"
  exec 9>&-
}

# Prints a source or pom newer than the jar $1 (the first found), "(no jar)" if there is none, or nothing.
jnet_changed_since() {
  if [ ! -f "$1" ]; then
    echo "(no jar)"
    return 0
  fi
  find "$JNET_HOME" \( -path "$JNET_HOME/.git" -o -name target -o -name node_modules \) -prune -o \
    -type f \( -path '*/src/main/*' -o -name pom.xml \) -newer "$1" -print -quit 2>/dev/null || true
}

# Turns Maven's output on standard input into one line per module with the time since the start.
jnet_build_progress() {
  local line start=$EPOCHREALTIME fetching= module='^\[INFO\] Building ([^ ]+) [^ ]+ +\[([0-9]+/[0-9]+)\]$'
  while IFS= read -r line; do
    if [[ $line =~ $module ]]; then
      printf 'jnet: %5s s  building %s (%s)\n' "$(jnet_seconds_since "$start")" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    elif [[ -z $fetching && $line == *"Downloading from"* ]]; then
      fetching=yes
      printf 'jnet: %5s s  fetching libraries from Maven Central\n' "$(jnet_seconds_since "$start")"
    elif [[ $line == "[INFO] BUILD SUCCESS" ]]; then
      printf 'jnet: %5s s  built\n' "$(jnet_seconds_since "$start")"
    fi
  done
}

# Seconds (with a fraction) since $1, an EPOCHREALTIME reading (its decimal mark is the locale's: only
# the digits are kept, 10#: never read as octal).
jnet_seconds_since() {
  local now=${EPOCHREALTIME//[!0-9]/} then=${1//[!0-9]/}
  echo "$(( (10#$now - 10#$then) / 1000 ))" | LC_ALL=C awk '{ printf "%.1f", $1 / 1000 }'
}

# Makes what bin/jnet starts faster with, in the directory $1 for the CLI jar $2, the JVM options and
# class path $3... following: picocli's jar with its class files re-emitted (ClassFileUpgrade), then an AOT
# cache (JEP 483) recorded by one run of 'jnet network ls' with no jnetd to answer it; should the JDK
# fail to write that cache, a dynamic class archive instead. Output, exit status and any crash report
# of these runs stay in $1; each file is written aside and moved into place, so that a concurrent command
# never maps half a file. Where $1 cannot be written (another user's checkout) this quietly does nothing
# and commands run without a cache. The file $1/built marks the jar this was done for.
jnet_make_cli_cache() {
  local dir="$1" jar="$2" picocli
  shift 2
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  picocli=("$JNET_HOME"/jnet-cli/target/lib/picocli-*.jar)
  (
    cd "$dir" || exit 0
    "$JAVA" -cp "$jar" dev.jnet.cli.startup.ClassFileUpgrade "${picocli[0]}" picocli.jar
    rm -f jnet-cli.aot jnet-cli.jsa hs_err_pid*.log
    "$JAVA" -XX:AOTCacheOutput="jnet-cli.aot.$$" "$@" --socket /nonexistent/jnet.sock network ls
    if [ -s "jnet-cli.aot.$$" ]; then
      mv -f "jnet-cli.aot.$$" jnet-cli.aot
    else
      "$JAVA" -XX:ArchiveClassesAtExit="jnet-cli.jsa.$$" "$@" --socket /nonexistent/jnet.sock network ls
      [ -s "jnet-cli.jsa.$$" ] && mv -f "jnet-cli.jsa.$$" jnet-cli.jsa
    fi
    rm -f jnet-cli.*.$$ jnet-cli.aot.$$.config
    touch built
  ) >"$dir/cache.log" 2>&1 </dev/null || true
}

# Prints those of the Debian packages $@ that are not installed, space-separated; nothing where there is no
# dpkg (another distribution: the launcher cannot tell, and the program says what it misses itself).
jnet_missing_packages() {
  local p missing=()
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[*]}"
}

# Fails with a clear message unless the Debian packages $2... are installed; $1 names the caller.
jnet_require_packages() {
  local who="$1" missing
  shift
  missing=$(jnet_missing_packages "$@")
  if [ -n "$missing" ]; then
    echo "$who: missing Debian packages: $missing; install them with: apt-get install -y $missing" >&2
    exit 1
  fi
}

# Installs those of the Debian packages $2... that are missing, saying which; $1 names the caller. As
# root it runs apt-get; otherwise it fails with the command to run.
jnet_install_packages() {
  local who="$1" missing
  shift
  missing=$(jnet_missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "$who: missing Debian packages: $missing; run as root or: sudo apt-get install -y $missing" >&2
    exit 1
  fi
  echo "$who: installing the Debian packages it needs: $missing" >&2
  # shellcheck disable=SC2086 # the list is space-separated package names
  if ! apt-get update -qq >&2 || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2; then
    echo "$who: could not install $missing with apt-get; install them and start again" >&2
    exit 1
  fi
}
