#!/usr/bin/env bash
# System packages the test suite needs beyond the venv: Debian's chromium (for the Playwright browser tests in
# tests/e2e), a CJK font (fonts-wqy-zenhei) so Chinese pages render in screenshots, PostgreSQL (the suite's second
# half runs on a throwaway cluster, tests/pg.py) and redis-server (the shared rate-limit storage is tested against a
# throwaway server, tests/redis_server.py). Idempotent: does nothing when all are installed. Uses sudo only when not
# root. Fails with a clear message when apt cannot install.
set -euo pipefail

have_chromium() { command -v chromium >/dev/null 2>&1; }
have_font() {
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 && return 0
  command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy
}
have_postgres() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

PACKAGES=()
have_chromium || PACKAGES+=(chromium)
have_font || PACKAGES+=(fonts-wqy-zenhei)
have_postgres || PACKAGES+=(postgresql)
have_redis || PACKAGES+=(redis-server)

if [ ${#PACKAGES[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: ${PACKAGES[*]} missing and apt-get is not available;" \
       "install them with your system's package manager (the test suite needs them)." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "system-deps: not root and sudo is not available; run as root:" \
         "apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

echo "system-deps: installing ${PACKAGES[*]} (apt-get)..." >&2
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "system-deps: 'apt-get update' failed (no network or no reachable mirror?)." \
       "Install ${PACKAGES[*]} by hand, or set up network access, then rerun." >&2
  exit 1
fi
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}"; then
  echo "system-deps: 'apt-get install ${PACKAGES[*]}' failed (no network, or the packages are unavailable" \
       "from the configured mirrors). The test suite needs them." >&2
  exit 1
fi

if ! have_chromium || ! have_font || ! have_postgres || ! have_redis; then
  echo "system-deps: apt-get reported success but chromium, fonts-wqy-zenhei, postgresql or redis-server is" \
       "still missing." >&2
  exit 1
fi
echo "system-deps: ok ($(chromium --version 2>/dev/null || echo chromium))" >&2
