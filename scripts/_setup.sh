# Shared set-up for scripts/demo, scripts/test and scripts/bench (sourced, not run).
# Creates .venv if missing, installs requirements.lock (every dependency and extra, pinned with hashes: the same
# lock CI and the workflows install) and the project itself, makes sure a CJK font exists
# (and, with NEED_CHROMIUM=1, Debian's chromium; for scripts/test axe-core from npm). Installs system packages with
# apt only when it is usable.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NO_MKDOCS_2_WARNING=1
export PYTHONDONTWRITEBYTECODE=1

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

APT_UPDATED=0
apt_install() {
  local runner=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then runner="sudo"; else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ "$APT_UPDATED" = 0 ]; then
    $runner apt-get update -qq >/dev/null || return 1
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $runner apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

has_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] && return 0
  ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc /usr/share/fonts/truetype/wqy/*.ttc >/dev/null 2>&1
}

ensure_cjk_font() {
  has_cjk_font && return 0
  say "no CJK font found: installing fonts-noto-cjk"
  if apt_install fonts-noto-cjk fontconfig && has_cjk_font; then return 0; fi
  say "cannot install a CJK font here. Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk;" \
    "Fedora: sudo dnf install google-noto-sans-cjk-fonts; macOS has one) or set cover.font in the config."
  return 1
}

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then return 0; fi
  say "chromium not found: installing Debian's chromium for the browser test"
  if apt_install chromium; then return 0; fi
  say "cannot install chromium here (Debian/Ubuntu: sudo apt-get install chromium); the browser test will fail."
  return 1
}

# axe-core for tests/test_accessibility.py, exactly as tests/browser/package-lock.json pins it (npm ci), again
# whenever the lock file changes. Without npm the accessibility tests skip themselves with one line.
ensure_axe_core() {
  local dir="tests/browser"
  local stamp
  stamp="$dir/node_modules/.installed-$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
  [ -f "$stamp" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: the accessibility checks will be skipped (install Node.js and npm to run them)"
    return 1
  fi
  say "installing axe-core for the accessibility checks (npm ci in $dir)"
  if ! (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null); then
    say "npm ci failed in $dir: the accessibility checks will fail"
    return 1
  fi
  touch "$stamp"
}

ensure_venv() {
  if [ ! -x .venv/bin/python ]; then
    local python
    python="$(find_python)" || { say "Python 3.11 or newer is needed (none found on PATH)"; exit 1; }
    say "creating .venv with $("$python" --version)"
    "$python" -m venv .venv
  fi
  # again whenever the lock or pyproject.toml changes
  local stamp=".venv/.installed-$(cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "installing requirements.lock into .venv (hashes checked), then the project itself"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}
