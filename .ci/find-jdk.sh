# Sourced by .ci/run and ./speculo: exports JAVA_HOME of a JDK 25 or newer, or fails with a clear message.
# Order: $JAVA_HOME if it is 25+; else /usr/lib/jvm/temurin-25*; else any /usr/lib/jvm/*25*; else `java` on PATH if 25+.
speculo_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
speculo_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/*25* \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    version=$(speculo_java_feature "$candidate")
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(speculo_find_jdk); then
  echo "speculo needs a JDK 25 or newer: set JAVA_HOME to one (for example /usr/lib/jvm/temurin-25-jdk-amd64)." >&2
  exit 1
fi
export JAVA_HOME
