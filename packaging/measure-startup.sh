#!/usr/bin/env bash
# Time from launch to an interactive Newsdesk window, under a virtual X server.
#
#   bash packaging/measure-startup.sh [RUNS] -- COMMAND...
#   e.g. bash packaging/measure-startup.sh 5 -- dist/newsdesk/newsdesk --db /tmp/m.sqlite3 gui
#        bash packaging/measure-startup.sh 5 -- .venv/bin/python -m desktop --db /tmp/m.sqlite3 gui
#
# "Interactive" = a mapped (visible) top-level window whose title contains "Newsdesk" exists,
# polled with xdotool; Qt maps the main window when it is shown, ready for input.
# Needs xvfb-run and xdotool (apt-get install xvfb xdotool). Prints one line per run and the median.
set -euo pipefail
runs=${1:-3}
shift
[[ ${1:-} == -- ]] && shift
(($# > 0)) || { echo "usage: $0 [RUNS] -- COMMAND..." >&2; exit 2; }
command -v xvfb-run >/dev/null && command -v xdotool >/dev/null \
  || { echo "$0: needs xvfb-run and xdotool (apt-get install xvfb xdotool)" >&2; exit 2; }

inner=$(mktemp)
trap 'rm -f "$inner"' EXIT
cat >"$inner" <<'INNER'
set -euo pipefail
start=$(date +%s.%N)
QT_QPA_PLATFORM=xcb "$@" >/tmp/newsdesk-startup.log 2>&1 &
pid=$!
# Poll every 20 ms (xdotool's own --sync waits in whole half-seconds, too coarse here).
deadline=$((SECONDS + 120))
until xdotool search --onlyvisible --name Newsdesk >/dev/null 2>&1; do
  if ((SECONDS > deadline)) || ! kill -0 "$pid" 2>/dev/null; then
    echo "no Newsdesk window (exited or 120 s passed); log: /tmp/newsdesk-startup.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.02
done
end=$(date +%s.%N)
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'
INNER

times=()
for ((i = 1; i <= runs; i++)); do
  t=$(xvfb-run -a -s "-screen 0 1280x800x24" bash "$inner" "$@")
  echo "run $i: ${t} s"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %s s over %d runs\n", a[int((NR+1)/2)], NR}'
