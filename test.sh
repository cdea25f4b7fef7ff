#!/usr/bin/env bash
# Sets up what the tests need (Debian Chromium for the browser tests, Debian nginx as the TLS proxy of the deployed
# journey, Debian PostgreSQL as a throwaway cluster), then builds and runs every test twice: on SQLite, then on
# PostgreSQL (STANDINGS_TEST_DATABASE). Tests that need PostgreSQL whatever the pass (several instances, LISTEN/NOTIFY,
# copy-database) use the cluster in both.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if [ -z "${NGINX_PATH:-}" ] && [ ! -x /usr/sbin/nginx ]; then missing+=(nginx); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian ${missing[*]} for the browser and deployment tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

# The throwaway cluster (installs Debian's postgresql when missing), stopped and deleted on exit.
eval "$(scripts/throwaway-postgres.sh)"
logs=()
cleanup() {
  scripts/throwaway-postgres.sh stop "$STANDINGS_TEST_POSTGRES_DIR"
  rm -f "${logs[@]}"
}
trap cleanup EXIT

dotnet build StandingsManager.Tests
status=0
passed=0; failed=0; skipped=0
for database in Sqlite PostgreSQL; do
  log=$(mktemp); logs+=("$log")
  echo "=== Tests on ${database} ==="
  set +e
  STANDINGS_TEST_DATABASE=$database dotnet test --project StandingsManager.Tests --no-build "$@" 2>&1 | tee "$log"
  pass_status=${PIPESTATUS[0]}
  set -e
  p=$(grep -Eo 'succeeded: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo 'failed: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  s=$(grep -Eo 'skipped: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  if [ "$pass_status" -eq 0 ] && [ "$p" -eq 0 ]; then
    echo "No test ran on ${database}." >&2
    pass_status=1
  fi
  if [ "$pass_status" -ne 0 ]; then status=$pass_status; fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "Tests on ${database}: ${p} passed, ${f} failed, ${s} skipped"
done

if [ "$failed" != "0" ]; then
  # Repeat each failure (name, message, first frames) after the output, where a CI reader looks first.
  echo
  echo "Failed tests:"
  for log in "${logs[@]}"; do
    awk '/^failed /{show=1; n=0} show && /^[^ ]/ && !/^failed /{show=0} show && n<15 {print; n++}' "$log"
  done
fi
# One plain summary line for CI readers: "Tests: N passed, N failed, N skipped" (both passes together).
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
