# bench/common.sh: what bench/run.sh and bench/soak.sh share; sourced, not run.
# install_missing CMD:PACKAGE...: installs, from Debian's archive, the package of each
# command not on PATH (plus any names already in $need). build_release: glassbox, the
# httplib peer and micro in Release under build/bench. Background processes added to $pids
# are stopped, and $work removed, when the script exits.

need=${need:-}
install_missing() {
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
  done
  if [ -n "$need" ]; then
    echo "bench: installing$need" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
}

build_release() {
  cmake -S bench -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/bench -j2 >/dev/null
}

work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
