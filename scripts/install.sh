#!/usr/bin/env bash
# Puts the Temporal servers this project runs on into a versioned cache outside the repo.
# Idempotent: whatever is already there is kept. Nothing is downloaded later at run time.
#   - Temporal CLI (dev server + Web UI): built with `go install` unless a recent enough
#     `temporal` is named by $TEMPORAL_CLI or found on PATH;
#   - Temporal's time-skipping test server (Java): its jars from Maven Central plus a launcher.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cache="${CIV_CACHE_DIR:-$HOME/.cache/civ}"
cli_version="1.5.1"
test_server_version="$(sed -n 's:.*<temporal.test-server.version>\(.*\)</temporal.test-server.version>.*:\1:p' "$here/test-server/pom.xml")"
cli_dir="$cache/temporal-cli-v$cli_version"
ts_dir="$cache/temporal-test-server-$test_server_version"

mkdir -p "$cache"
say() { printf 'install: %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { say "missing $1: $2"; exit 1; }; }

if [ ! -d "$repo/node_modules" ]; then
  say "node_modules missing: running npm ci"
  (cd "$repo" && npm ci --no-audit --no-fund)
fi

# A version string like "temporal version 1.5.1 (Server ...)" -> 0 when >= $cli_version.
cli_recent_enough() {
  local v
  v="$("$1" --version 2>/dev/null | sed -n 's/^temporal version \([0-9.]*\).*/\1/p')"
  [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$cli_version" "$v" | sort -V | head -n1)" = "$cli_version" ]
}

if [ -n "${TEMPORAL_CLI:-}" ] && cli_recent_enough "$TEMPORAL_CLI"; then
  say "temporal CLI: using \$TEMPORAL_CLI=$TEMPORAL_CLI"
elif command -v temporal >/dev/null 2>&1 && cli_recent_enough "$(command -v temporal)"; then
  say "temporal CLI: using $(command -v temporal) from PATH"
elif [ -x "$cli_dir/bin/temporal" ]; then
  say "temporal CLI v$cli_version: already in $cli_dir"
else
  need go "install Go >= 1.25 (the Temporal CLI is built from source)"
  say "temporal CLI v$cli_version: building with go install (a cold build takes a few minutes)"
  start=$SECONDS
  mkdir -p "$cli_dir"
  # Build into a temporary GOBIN so an interrupted build never leaves a half-written binary.
  tmp="$(mktemp -d "$cache/.cli-build.XXXXXX")"
  # -X stamps the version `go install` otherwise leaves as 0.0.0-DEV, so `temporal --version` tells.
  CGO_ENABLED=0 GOBIN="$tmp" go install \
    -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$cli_version" \
    "github.com/temporalio/cli/cmd/temporal@v$cli_version"
  mkdir -p "$cli_dir/bin" && mv "$tmp/temporal" "$cli_dir/bin/temporal" && rmdir "$tmp"
  say "temporal CLI v$cli_version: built in $((SECONDS - start)) s"
fi

# The stamp covers the pom and the launcher's sources, so editing any rebuilds the test server.
ts_stamp="$(cat "$here/test-server/pom.xml" "$here"/test-server/*.java | sha256sum | cut -c1-16)"
if [ "$(cat "$ts_dir/.complete" 2>/dev/null)" = "$ts_stamp" ]; then
  say "temporal test server $test_server_version: already in $ts_dir"
else
  need java "install a JDK >= 11"
  need mvn "install Maven"
  say "temporal test server $test_server_version: fetching jars from Maven Central"
  start=$SECONDS
  rm -rf "$ts_dir" && mkdir -p "$ts_dir"
  if ! mvn -B -Dstyle.color=never -f "$here/test-server/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$ts_dir/lib" >"$cache/mvn.log" 2>&1; then
    tail -n 30 "$cache/mvn.log"
    say "Maven could not fetch the test server (full log: $cache/mvn.log)"
    exit 1
  fi
  need javac "install a JDK >= 11"
  mkdir -p "$ts_dir/classes"
  javac -nowarn -d "$ts_dir/classes" -cp "$ts_dir/lib/*" "$here"/test-server/*.java
  cat >"$ts_dir/temporal-test-server" <<'LAUNCHER'
#!/usr/bin/env bash
# The Temporal TypeScript SDK starts this as `<path> <port>` plus extra arguments:
# [--enable-time-skipping] [--initial-time ISO-8601 instant] (see CivTestServer.java).
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$dir/classes:$dir/lib/*" CivTestServer "$@"
LAUNCHER
  chmod +x "$ts_dir/temporal-test-server"
  echo "$ts_stamp" >"$ts_dir/.complete"
  say "temporal test server $test_server_version: ready in $((SECONDS - start)) s"
fi
# The browser tests drive Debian's chromium (never a downloaded browser), with a CJK font so pages
# in Chinese render as text in screenshots.
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wenquanyi; then
  say "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "chromium: installing Debian's chromium and fonts-wqy-microhei"
  start=$SECONDS
  apt-get update -qq >"$cache/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >>"$cache/apt.log" 2>&1 ||
    { tail -n 20 "$cache/apt.log"; say "apt-get could not install chromium (log: $cache/apt.log)"; exit 1; }
  say "chromium: installed in $((SECONDS - start)) s"
else
  say "chromium: missing; the browser tests need it: sudo apt-get install chromium fonts-wqy-microhei"
fi
# The office-file tests read back what the project writes with an independent reader: LibreOffice
# headless for .xlsx and .docx (it also saves a workbook again as LibreOffice users hand it in), and
# poppler's pdftotext for the PDF report. Nothing at run time needs them.
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
  say "libreoffice: $(soffice --version 2>/dev/null | head -n1)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "libreoffice: installing libreoffice-calc, libreoffice-writer and poppler-utils (no recommends)"
  start=$SECONDS
  apt-get update -qq >>"$cache/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-calc libreoffice-writer poppler-utils >>"$cache/apt.log" 2>&1 ||
    { tail -n 20 "$cache/apt.log"; say "apt-get could not install LibreOffice (log: $cache/apt.log)"; exit 1; }
  say "libreoffice: installed in $((SECONDS - start)) s"
else
  say "libreoffice: missing; the office-file tests need it:" \
    "sudo apt-get install --no-install-recommends libreoffice-calc libreoffice-writer poppler-utils"
fi
say "done"
