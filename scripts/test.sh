#!/usr/bin/env bash
# Installs what the tests need (Chromium, CJK fonts, Node.js/npm, poppler-utils, LibreOffice Writer, python3-aiosmtpd,
# PostgreSQL) when missing, then runs every test project, runs the integration tests a second time on a throwaway
# PostgreSQL cluster, and ends with the line "N passed, N failed". Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# pdftotext, pdfimages and pdftoppm: the browser tests read printed pages back.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# soffice: the 公文 tests convert the Word documents to PDF the way the portal does.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# The SMTP server the notification tests send real mail to.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
# The second integration run's server (ADR-0018). Debian's binaries live in /usr/lib/postgresql/<version>/bin, not on PATH.
pg_bin() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1; }
[ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }

# Every test portal watches its configuration files; with inotify that is one watch instance each, and Linux's
# default limit (128 per user) runs out when several suites run at once. Polling needs none.
export DOTNET_USE_POLLING_FILE_WATCHER=true

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

# A throwaway PostgreSQL cluster on loopback, owned by the postgres account (initdb refuses to run as root), in a
# temporary folder, on a free port, with trust authentication: nothing outside this run can reach it, and it is
# stopped and deleted when the script ends however it ends.
pg_dir=""
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
trap stop_postgres EXIT
start_postgres() {
  local bin port
  bin=$(pg_bin)
  pg_dir=$(mktemp -d /tmp/bizenv-pg.XXXXXX)
  as_root chown postgres "$pg_dir"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Chinese as the cluster's default collation (as on a Chinese server): the portal's own "C" columns must keep SQLite's order.
  as_postgres "$bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=zh-CN \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
  # A test cluster: durability is not needed, speed is; every test portal opens its own pool of connections.
  as_postgres "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$pg_dir/server.log" >&2; return 1; }
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
  export BIZENV_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres"
}

status=0
dotnet build Linze.BizEnv.sln -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
  # The integration tests again, every portal on its own PostgreSQL database.
  if start_postgres; then
    BIZENV_TEST_PROVIDER=PostgreSQL dotnet test tests/Linze.BizEnv.IntegrationTests --no-build -nologo \
      --logger "trx;LogFileName=Linze.BizEnv.IntegrationTests.PostgreSql.trx" --results-directory "$results" "$@" || status=$?
  else
    echo "PostgreSQL did not start: the integration tests did not run on it." >&2
    status=1
  fi
  stop_postgres
fi

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any result was written: count that as a failure.
  failed=1
fi
echo "Screenshots: artifacts/screenshots/"
echo "$passed passed, $failed failed"
exit "$status"
