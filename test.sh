#!/usr/bin/env bash
# Sets up what the tests need (Debian Chromium for the browser tests, Debian nginx as the TLS proxy of the deployed
# journey), then builds and runs every test.
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

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --project StandingsManager.Tests "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line for CI readers: "Tests: N passed, N failed, N skipped".
passed=$(grep -Eo 'succeeded: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo 'failed: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
skipped=$(grep -Eo 'skipped: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
if [ "$failed" != "0" ]; then
  # Repeat each failure (name, message, first frames) after the output, where a CI reader looks first.
  echo
  echo "Failed tests:"
  awk '/^failed /{show=1; n=0} show && /^[^ ]/ && !/^failed /{show=0} show && n<15 {print; n++}' "$log"
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
