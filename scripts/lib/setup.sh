# Shared set-up for scripts/demo and scripts/test: sourced, not run.
# Idempotent: a second run only checks; it installs what is missing.

JADWAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${JADWAL_VENV:-$JADWAL_ROOT/.venv}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    # apt_install PKG...: install Debian packages that are not installed yet.
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing ${missing[*]} (apt-get)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# the build backend of the editable install; scripts/lock locks it with the rest
BUILD_REQUIREMENT="setuptools>=77"

lock_stamp() {
    # lock_stamp LOCK: what an install from requirements/LOCK.txt of this checkout is known by
    echo "$(cat "$JADWAL_ROOT/pyproject.toml" "$JADWAL_ROOT/requirements/$1.txt" | sha256sum | cut -d' ' -f1) $1"
}

ensure_venv() {
    # ensure_venv LOCK: a virtualenv with exactly the releases of requirements/LOCK.txt (hashes
    # checked) and jadwal installed editable from this checkout. LOCK is "run" or "test".
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV" >&2
        python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$VENV"; }
    fi
    local have
    have="$(cat "$VENV/.jadwal-installed" 2>/dev/null || true)"
    # the test lock holds the run lock's releases and more: it also serves scripts/demo
    [ "$have" = "$(lock_stamp "$1")" ] || [ "$have" = "$(lock_stamp test)" ] && return 0
    echo "==> installing jadwal and requirements/$1.txt into $VENV" >&2
    # --no-deps with --require-hashes: exactly what the lock says, nothing resolved anew
    "$VENV/bin/python" -m pip install -q --require-hashes --no-deps -r "$JADWAL_ROOT/requirements/$1.txt"
    "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$JADWAL_ROOT"
    lock_stamp "$1" > "$VENV/.jadwal-installed"
}

ensure_chromium() {
    # jadwal finds a browser itself: JADWAL_BROWSER, Playwright's own, then the system's.
    # When it would use (or finds no) system browser and apt is there, make sure Debian's
    # chromium is installed (a window for `jadwal login --interactive`) and its headless
    # shell where the distribution has it (a third less memory for headless work).
    local found
    found="$("$VENV/bin/python" -m scheduler.browser --find 2>/dev/null || true)"
    case "$found" in
        ""|/usr/bin/*)
            if [ -z "${JADWAL_BROWSER:-}" ] && command -v apt-get >/dev/null; then
                apt_install chromium
                apt_install chromium-headless-shell 2>/dev/null || echo "    (no chromium-headless-shell package here: using chromium)" >&2
            fi ;;
    esac
    "$VENV/bin/python" -m scheduler.browser --find >/dev/null
}

ensure_test_tools() {
    # What only the tests use: libfaketime moves the wall clock under a real daemon (the clock-jump test).
    if command -v apt-get >/dev/null; then
        apt_install faketime
    fi
    # The throwaway servers' packages, installed once here so parallel test workers never race apt.
    "$JADWAL_ROOT/scripts/postgres" install
    "$JADWAL_ROOT/scripts/wordpress" install >/dev/null
}
