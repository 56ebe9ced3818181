#!/usr/bin/env bash
# System packages the test suite needs beyond the venv: Debian's chromium (for the Playwright browser tests in
# tests/e2e) and a CJK font (fonts-wqy-zenhei) so Chinese pages render in screenshots. Idempotent: does nothing when
# both are already installed. Uses sudo only when not root. Fails with a clear message when apt cannot install.
set -euo pipefail

PACKAGES=(chromium fonts-wqy-zenhei)

have_chromium() { command -v chromium >/dev/null 2>&1; }
have_font() {
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 && return 0
  command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy
}

if have_chromium && have_font; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: chromium and/or fonts-wqy-zenhei are missing and apt-get is not available;" \
       "install them with your system's package manager (needed by the browser tests in tests/e2e)." >&2
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
       "from the configured mirrors). The browser tests in tests/e2e need them." >&2
  exit 1
fi

if ! have_chromium || ! have_font; then
  echo "system-deps: apt-get reported success but chromium or fonts-wqy-zenhei is still missing." >&2
  exit 1
fi
echo "system-deps: ok ($(chromium --version 2>/dev/null || echo chromium))" >&2
