# Builds the gateway when its sources changed, then runs GatewayMain with the given arguments.
# Sourced by ops/run and ops/gateway, after common.sh.
amana_gateway() {
  local root jar newest
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  jar=$(ls "$root"/gateway/target/amana-gateway-*.jar 2>/dev/null | grep -v tests | head -n 1 || true)
  newest=$(find "$root/crypto/src/main" "$root/storage/src/main" "$root/gateway/src/main" "$root"/pom.xml "$root"/*/pom.xml \
    -newer "${jar:-/nonexistent}" -print -quit 2>/dev/null || true)
  if [ -z "$jar" ] || [ -n "$newest" ]; then
    echo "Building the gateway…" >&2
    (cd "$root" && amana_mvn -pl gateway -am package -DskipTests -Dmaven.test.skip.exec=true) >&2
    jar=$(ls "$root"/gateway/target/amana-gateway-*.jar | grep -v tests | head -n 1)
  fi
  exec java --enable-native-access=ALL-UNNAMED ${AMANA_JAVA_OPTS:-} -cp "$jar:$root/gateway/target/lib/*" \
    org.amana.gateway.GatewayMain "$@"
}
