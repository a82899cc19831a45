#!/usr/bin/env bash
# Installs what the tests need (Chromium, CJK fonts, Node.js/npm, poppler-utils, python3-aiosmtpd) when missing, then runs every test project
# and ends with the line "N passed, N failed". Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# pdftotext, pdfimages and pdftoppm: the browser tests read printed pages back.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The SMTP server the notification tests send real mail to.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
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

status=0
dotnet build Linze.BizEnv.sln -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
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
