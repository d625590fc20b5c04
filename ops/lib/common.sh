# Shared by the ops scripts: find a JDK 25 and make sure the tools the tests need are installed.
# Sourced, not run.

# Chooses a JDK 25 or newer: $JAVA_HOME if it is one, else the first one under /usr/lib/jvm.
amana_select_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local v
    v=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "Amana needs a JDK 25 or newer and none was found (looked at \$JAVA_HOME and /usr/lib/jvm)." >&2
  echo "Install one (for example Temurin 25) and run this again, or set JAVA_HOME to it." >&2
  return 1
}

# Installs Debian packages when what they provide is missing. Each argument is PACKAGE or
# PACKAGE:COMMAND (the package counts as present when COMMAND is on the PATH, however installed).
amana_apt_install() {
  local missing=()
  local spec p cmd
  for spec in "$@"; do
    p=${spec%%:*}
    cmd=${spec#*:}
    if [ "$cmd" != "$spec" ]; then
      command -v "$cmd" >/dev/null 2>&1 || missing+=("$p")
    else
      dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  if ! "${sudo[@]}" apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    echo "Could not install ${missing[*]}. Install them by hand (apt-get install ${missing[*]}) and run this again." >&2
    return 1
  fi
}

# Maven, quietly and in batch mode.
amana_mvn() {
  mvn -B -q "$@"
}
