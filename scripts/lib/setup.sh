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

ensure_venv() {
    # ensure_venv EXTRAS: a virtualenv with jadwal installed (editable) and EXTRAS.
    local extras="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        echo "==> creating $VENV" >&2
        python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$VENV"; }
    fi
    local stamp="$VENV/.jadwal-installed" want have
    want="$(sha256sum <"$JADWAL_ROOT/pyproject.toml" | cut -d' ' -f1) $extras"
    have="$(cat "$stamp" 2>/dev/null || true)"
    # an install with extras also serves a caller that wants none (scripts/demo after scripts/test)
    if [ "$have" != "$want" ] && { [ -n "$extras" ] || [ "${have%% *}" != "${want%% *}" ]; }; then
        echo "==> installing jadwal$extras into $VENV" >&2
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q -e "$JADWAL_ROOT$extras"
        echo "$want" > "$stamp"
    fi
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
