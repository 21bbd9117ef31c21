#!/usr/bin/env bash
# The whole test suite: type check, lint, unit and integration tests (vitest), the renderer build, and the
# browser and desktop specs (Playwright). Runs inside a D-Bus session with an unlocked gnome-keyring when
# one is available, so the keychain tests talk to a real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

if [ -z "${MLC_TEST_IN_DBUS:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export MLC_TEST_IN_DBUS=1
  # A keyring folder of its own: a login keyring left by an earlier run (with another password) would stay
  # locked and make the Secret Service prompt, which a headless session cannot answer.
  export XDG_DATA_HOME="$(mktemp -d)"
  exec dbus-run-session -- bash -c 'echo -n test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec bash scripts/test.sh'
fi

mkdir -p .tmp/reports
echo "== type check"
npm run --silent typecheck
echo "== lint"
npm run --silent lint
echo "== build (renderer and desktop bundles)"
npm run --silent build
echo "== vitest"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/reports/vitest.json || status=$?
echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/reports/playwright.json npx playwright test --reporter=list,json || status=$?
node scripts/test-summary.mjs .tmp/reports/vitest.json .tmp/reports/playwright.json
exit $status
