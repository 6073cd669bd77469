#!/usr/bin/env bash
# npm run test:browsers: the browser tests in Firefox ESR (Debian's firefox-esr, over WebDriver BiDi) and WebKitGTK
# (Debian's webkit2gtk-driver: MiniBrowser through WebKitWebDriver), each against the sources and then against the
# built module (run `npm run build` first: the bundle run and test/dist/ need dist/). Offline; needs
#   apt-get install -y --no-install-recommends firefox-esr webkit2gtk-driver xvfb xauth pulseaudio
# Usage: scripts/browsers.sh [firefox] [webkit] [-- wtr options, e.g. --files test/ui/pointer.test.ts]
#        scripts/browsers.sh screenshots [firefox] [webkit]   (the demo's screenshots, scripts/browser-screenshots.mjs)
# With --files, only the sources run. Starts for the run only, and stops on exit: a PulseAudio null sink with a
# keep-alive stream, Xvfb and WebKitWebDriver (on a free port).
set -uo pipefail
cd "$(dirname "$0")/.."

screenshots=
[[ ${1-} == screenshots ]] && screenshots=1 && shift
engines=()
while (($#)) && [[ $1 != -- ]]; do
  engines+=("$1")
  shift
done
[[ ${1-} == -- ]] && shift
((${#engines[@]})) || engines=(firefox webkit)
targets=(sources bundle)
[[ " $* " == *" --files "* ]] && targets=(sources)

for tool in pulseaudio pacat pactl Xvfb WebKitWebDriver firefox-esr; do
  command -v "$tool" >/dev/null || {
    echo "scripts/browsers.sh: $tool not found; install: apt-get install -y --no-install-recommends" \
      "firefox-esr webkit2gtk-driver xvfb xauth pulseaudio" >&2
    exit 2
  }
done

tmp=$(mktemp -d)
pids=()
cleanup() {
  local i
  declare -F stop_webdriver >/dev/null && stop_webdriver
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do # last started, first stopped: each one before what it uses
    kill "${pids[i]}" 2>/dev/null
    wait "${pids[i]}" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Polls `$@` up to 10 s.
wait_for() {
  local _
  for _ in $(seq 100); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "scripts/browsers.sh: timed out waiting for: $*" >&2
  return 1
}

# Audio: without an output device Firefox's AudioContext never leaves "suspended". A private PulseAudio with a null
# sink, reached through PULSE_SERVER only (its HOME and runtime dir are the temporary directory).
HOME=$tmp XDG_RUNTIME_DIR=$tmp pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
  -L 'module-null-sink sink_name=null rate=48000' \
  -L "module-native-protocol-unix socket=$tmp/pulse.sock auth-anonymous=1" >"$tmp/pulse.log" 2>&1 &
pids+=($!)
export PULSE_SERVER=unix:$tmp/pulse.sock
wait_for pactl info || {
  cat "$tmp/pulse.log" >&2
  exit 1
}
# Keep the null sink busy at low latency, else each new AudioContext waits ~2 s for its first audio callback.
pacat --playback --raw --latency-msec=20 --rate=48000 --channels=2 /dev/zero 2>"$tmp/pacat.log" &
pids+=($!)

# The base config's npm Chromium is not used by these runs: don't unpack it (wtr/shared-config.mjs launches nothing,
# but scripts/chromium.mjs is also behind CHROME_PATH for anything that imports it).
export CHROME_PATH=${CHROME_PATH:-/nonexistent/chromium-not-used}

rc=0
run() { # engine target [wtr options]; fails when the run does
  local engine=$1 target=$2 start=$SECONDS status
  shift 2
  echo "== $engine, $target =="
  AVATAR_CHAT_TESTS=$target npx wtr --config "web-test-runner.$engine.config.mjs" "$@"
  status=$?
  echo "== $engine, $target: $((SECONDS - start)) s, exit status $status =="
  ((status == 0)) || rc=1
  return "$status"
}

# WebKitWebDriver on a free port ($port), in a process group of its own ($driver): stopping it also stops the
# MiniBrowser it started, if a run left one. Its log: $tmp/webdriver-NAME.log.
driver=
start_webdriver() {
  port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => {
    console.log(s.address().port);
    s.close();
  });")
  setsid WebKitWebDriver --port="$port" >"$tmp/webdriver-$1.log" 2>&1 &
  driver=$!
  wait_for node -e "fetch('http://127.0.0.1:$port/status').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
stop_webdriver() {
  [[ -n $driver ]] || return 0
  kill -- "-$driver" 2>/dev/null
  wait "$driver" 2>/dev/null
  driver=
}

for engine in "${engines[@]}"; do
  case $engine in
  firefox)
    if [[ -n $screenshots ]]; then
      node scripts/browser-screenshots.mjs firefox || rc=1
    else
      for target in "${targets[@]}"; do run firefox "$target" "$@"; done
    fi
    ;;
  webkit)
    # MiniBrowser opens real windows: on a display of their own.
    Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
    pids+=($!)
    wait_for test -s "$tmp/display" || exit 1
    export DISPLAY=:$(cat "$tmp/display")
    if [[ -n $screenshots ]]; then
      start_webdriver screenshots || exit 1
      WEBKIT_WEBDRIVER_PORT=$port node scripts/browser-screenshots.mjs webkit || rc=1
      stop_webdriver
    else
      # A WebKitWebDriver for each run: it takes one session, and a run that died would leave its session open and
      # refuse the next run's.
      for target in "${targets[@]}"; do
        start_webdriver "$target" || exit 1
        WEBKIT_WEBDRIVER_PORT=$port run webkit "$target" "$@" || tail -n 20 "$tmp/webdriver-$target.log"
        stop_webdriver
      done
    fi
    ;;
  *)
    echo "scripts/browsers.sh: unknown engine $engine (firefox, webkit)" >&2
    rc=2
    ;;
  esac
done
exit $rc
