#!/usr/bin/env bash
# bench/lighthouse.sh: Lighthouse 12 on a phone (its mobile form factor) against the example
# handbook as `handbok serve --no-watch` serves it: the front page, a policy and a search
# page (issue 13, point 6).
#
#   bench/lighthouse.sh > lighthouse.md           # 5 runs of each page
#   RUNS=9 BASE=7386f29 bench/lighthouse.sh       # and the same at another commit, in turns
#   WORK=/tmp/handbok-lh.X bench/lighthouse.sh summary   # the tables again, from a past run
#
# 1. Copies the example (handbok.yaml, content/, themes/) into $WORK/site-handbok, so that
#    nothing is written into the repository, builds handbok from this tree into $WORK and
#    starts `handbok serve --no-watch --source $WORK/site-handbok --dest
#    $WORK/public-handbok` on 127.0.0.1:$PORT. With BASE=<commit>, does the same for
#    `git archive BASE` unpacked in $WORK/src-base (its own example and theme) on PORT+1.
# 2. Installs Lighthouse $LHVERSION outside the repository, in ~/.cache/handbok-bench
#    (npm install --prefix), when that version is not there.
# 3. RUNS rounds; in each, every page of every server once, in an order that turns by one
#    each round. Each run is a new headless Chromium with an empty profile (Lighthouse
#    starts it), with CHROME_PATH=$CHROMIUM and the flags in $FLAGS. Lighthouse's defaults
#    do the rest: the mobile form factor (a 412 × 823 screen), its simulated slow 4G and 4×
#    slower CPU. The performance and accessibility categories are run. Each report is kept
#    as $WORK/lh-SERVER-PAGE-ROUND.json, with its trace (-0.trace.json).
# 4. Prints Markdown on stdout (progress goes to stderr): the machine, the median of each
#    figure per page with its range, and the targets of issue 13 (CLS < 0.05,
#    performance ≥ 95, accessibility 100).
#
# The machine is shared, and Lighthouse's simulated times are the times the page's tasks
# took here, times four: a busy machine gives longer tasks and lower scores. The summary
# gives the load average before and after, and, beside Lighthouse's figures, the CPU time
# of the page's main thread and of its longest task, from the trace's thread clock, which
# other processes do not lengthen.
#
# Environment: RUNS (5), BASE (none), PORT (18313), WORK (a new folder under /tmp, kept
# afterwards), QUERY (þagnarskylda, the word of the search page), CHROMIUM
# (/usr/bin/chromium), COMMIT (what the code measured is, for a tree that is not a git
# checkout). Needs go, curl, jq, npm and Chromium.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/tools.sh
. bench/tools.sh
RUNS=${RUNS:-5}
PORT=${PORT:-18313}
QUERY=${QUERY:-þagnarskylda}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WORK=${WORK:-$(mktemp -d /tmp/handbok-lh.XXXXXX)}
LHVERSION=12.8.2
LH=$BENCH_TOOLS/node_modules/.bin/lighthouse
FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
say() { echo "lighthouse.sh: $*" >&2; }
if ((RUNS < 3)); then
	echo "RUNS must be at least 3: the tables are medians" >&2
	exit 2
fi
mkdir -p "$WORK"

# pages: "name path-in-the-URL path-as-shown" lines (the query percent-encoded in the URL).
pages() {
	echo "front index.html index.html"
	echo "policy stefnur/thjonustustefna.html stefnur/thjonustustefna.html"
	echo "search search.html?q=$(jq -rn --arg q "$QUERY" '$q|@uri') search.html?q=$QUERY"
}

# servers: "name port" lines, as measure wrote them.
servers() { cat "$WORK/servers.txt"; }

have_lighthouse() {
	if [[ "$("$LH" --version 2>/dev/null)" != "$LHVERSION" ]]; then
		say "installing Lighthouse $LHVERSION into $BENCH_TOOLS"
		mkdir -p "$BENCH_TOOLS"
		npm install --prefix "$BENCH_TOOLS" "lighthouse@$LHVERSION" >&2
	fi
	[[ "$("$LH" --version 2>/dev/null)" == "$LHVERSION" ]]
}

# serve NAME SRC PORT builds handbok from SRC and serves a copy of SRC's example on PORT;
# the servers stop when the script ends.
pids=()
stop() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
}
trap stop EXIT
serve() {
	local name=$1 src=$2 port=$3 site=$WORK/site-$1
	rm -rf "$site" "$WORK/public-$name"
	mkdir -p "$site"
	cp -r "$src/handbok.yaml" "$src/content" "$src/themes" "$site/"
	(cd "$src" && go build -o "$WORK/handbok-$name" ./cmd/handbok)
	"$WORK/handbok-$name" serve --no-watch --source "$site" --dest "$WORK/public-$name" \
		--addr "127.0.0.1:$port" >"$WORK/serve-$name.log" 2>&1 &
	pids+=($!)
	wait_healthy "$port" "${pids[-1]}" "$WORK/serve-$name.log" "$name"
	echo "$name $port" >>"$WORK/servers.txt"
}

measure() {
	note_commit
	if ! have_lighthouse; then
		say "LIGHTHOUSE $LHVERSION COULD NOT BE INSTALLED OR RUN ($LH)"
		exit 1
	fi
	rm -f "$WORK/servers.txt" "$WORK"/lh-*.json
	serve handbok . "$PORT"
	if [[ -n ${BASE:-} ]]; then
		rm -rf "$WORK/src-base"
		mkdir -p "$WORK/src-base"
		git archive "$BASE" | tar -x -C "$WORK/src-base"
		serve "base" "$WORK/src-base" $((PORT + 1))
		git rev-parse --short "$BASE" >"$WORK/base.txt"
	fi
	{
		nproc
		"$CHROMIUM" --version 2>/dev/null | head -1
		cut -d' ' -f1-3 /proc/loadavg
	} >"$WORK/machine.txt"
	local runs=() server port page path
	while read -r server port; do
		while read -r page path _; do
			runs+=("$server $port $page $path")
		done < <(pages)
	done < <(servers)
	local n=${#runs[@]}
	for ((round = 1; round <= RUNS; round++)); do
		for ((i = 0; i < n; i++)); do
			read -r server port page path <<<"${runs[$(((i + round) % n))]}"
			say "round $round/$RUNS: $server $page"
			CHROME_PATH=$CHROMIUM "$LH" "http://127.0.0.1:$port/$path" \
				--form-factor=mobile --only-categories=performance,accessibility \
				--chrome-flags="$FLAGS" --output=json --quiet --save-assets \
				--output-path="$WORK/lh-$server-$page-$round.json"
			rm -f "$WORK/lh-$server-$page-$round-0.devtoolslog.json"
		done
	done
	cut -d' ' -f1-3 /proc/loadavg >>"$WORK/machine.txt"
}

# cpu TRACE: the CPU time (thread clock) of the page's main thread, all its tasks and the
# longest, in ms. The page's main thread is the renderer main thread with the most tasks.
cpu() {
	jq -c '
		[.traceEvents[] | select(.ph == "M" and .name == "thread_name" and .args.name == "CrRendererMain") | "\(.pid)/\(.tid)"] as $mains
		| [.traceEvents[] | select(.ph == "X" and .name == "RunTask") | select("\(.pid)/\(.tid)" as $t | $mains | index($t))]
		| group_by("\(.pid)/\(.tid)") | max_by(length) | map(.tdur // 0)
		| {cpu: (add / 1000), cputask: (max / 1000)}' "$1"
}

# rows SERVER PAGE: the figures of every run of PAGE on SERVER, one JSON object a line.
rows() {
	local f
	for f in "$WORK/lh-$1-$2"-[0-9]*.json; do
		[[ $f == *.trace.json ]] && continue
		jq -c --argjson cpu "$(cpu "${f%.json}-0.trace.json")" '{
			perf: (.categories.performance.score * 100),
			a11y: (.categories.accessibility.score * 100),
			cls: .audits["cumulative-layout-shift"].numericValue,
			tbt: .audits["total-blocking-time"].numericValue,
			lcp: .audits["largest-contentful-paint"].numericValue,
			fcp: .audits["first-contentful-paint"].numericValue,
			si: .audits["speed-index"].numericValue,
			task: ([.audits["long-tasks"].details.items[]?.duration] | max // 0)
		} + $cpu' "$f"
	done
}

MEDIAN='def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;'

summary() {
	local machine base=""
	mapfile -t machine <"$WORK/machine.txt"
	[[ -f $WORK/base.txt ]] && base=$(cat "$WORK/base.txt")
	echo "handbok at $(cat "$WORK/commit.txt")${base:+ (and at $base, in turns)}, Lighthouse $LHVERSION," \
		"mobile form factor, ${machine[1]}, ${machine[0]} cores; load average ${machine[2]} before," \
		"${machine[3]:-?} after. Medians, with the range of the runs."
	echo
	echo "| Page | Performance | Accessibility | CLS | TBT (ms) | LCP (s) | FCP (s) | Speed Index (s) | Longest task (ms) | Main thread CPU (ms) | Longest task CPU (ms) | Runs |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
	local server name shown label
	while read -r server _; do
		while read -r name _ shown; do
			label="$name (\`$shown\`)"
			[[ $server == base ]] && label="$label at $base"
			rows "$server" "$name" | jq -rs --arg page "$label" "$MEDIAN"'
				def fig(k; f): (map(.[k]) | median | f) as $m | (map(.[k]) | min | f) as $lo | (map(.[k]) | max | f) as $hi |
					if $lo == $hi then "\($m)" else "\($m) (\($lo)–\($hi))" end;
				def ms: round;
				def s: . / 10 | round / 100;
				def cls: . * 1000 | round / 1000;
				"| \($page) | \(fig("perf"; round)) | \(fig("a11y"; round)) | \(fig("cls"; cls)) | \(fig("tbt"; ms)) | \(fig("lcp"; s)) | \(fig("fcp"; s)) | \(fig("si"; s)) | \(fig("task"; ms)) | \(fig("cpu"; ms)) | \(fig("cputask"; ms)) | \(length) |"'
		done < <(pages)
	done < <(servers)
	echo
	echo "Targets of issue 13 (CLS < 0.05, performance ≥ 95, accessibility 100), on the medians:"
	echo
	while read -r server _; do
		[[ $server == base ]] && continue
		while read -r name _; do
			rows "$server" "$name" | jq -rs --arg page "$name" "$MEDIAN"'
				(map(.cls) | median) as $cls | (map(.perf) | median) as $perf | (map(.a11y) | median) as $a11y |
				def ok(c): if c then "met" else "NOT MET" end;
				"- \($page): CLS \(ok($cls < 0.05)), performance \(ok($perf >= 95)), accessibility \(ok($a11y == 100))"'
		done < <(pages)
	done < <(servers)
}

if [[ ${1:-} != summary ]]; then
	say "working in $WORK"
	measure
fi
summary
