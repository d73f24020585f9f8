#!/usr/bin/env bash
# Debian packages the test suite uses (real engines, not mocks). Run by .ci/run before `npm test`; the README shows
# the same command. Tests that need one of these find the binary and skip with a visible reason when it is absent;
# CI must not skip them, so this script fails loudly when an install fails.
#   prometheus, prometheus-alertmanager: issue 13 (scrape /metrics, promtool check rules, Alertmanager webhook)
#   python3-uvicorn, python3-fastapi: a real `uvicorn --workers 2` service for the process-tree tests
set -euo pipefail
PACKAGES=(prometheus prometheus-alertmanager python3-uvicorn python3-fastapi)
if [ "$(id -u)" != 0 ]; then
  echo "ci-deps: not root; skipping apt-get (tests needing ${PACKAGES[*]} will say they skipped)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "ci-deps: installed ${PACKAGES[*]}"
