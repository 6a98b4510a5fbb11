#!/usr/bin/env bash
# bench/api.sh: /api/search of `handbok serve --no-watch` under normal load and under abuse,
# side by side, for this tree and for another commit (issue 14, point 1).
#
#   bench/api.sh > api.md                     # BASE=main, RUNS=3, DURATION=15s
#   RUNS=5 DURATION=10s BASE=122425b bench/api.sh
#   WORK=/tmp/handbok-api.X bench/api.sh summary   # the tables again, from a past run
#
# 1. Builds handbok from this tree ("after") and from `git archive $BASE` ("before") into
#    $WORK, and bench/apiload. Copies the example handbook (handbok.yaml, content/, themes/)
#    and generates a corpus of $PAGES pages (go run ./cmd/handbok-corpus), one copy of each
#    per build, so that each keeps its own search index.
# 2. RUNS rounds. In each, for each handbook and each scenario, each build in turn (the
#    order turns each round): starts a fresh `handbok serve --no-watch` on 127.0.0.1:$PORT,
#    waits for /healthz, runs apiload for $DURATION against it, and stops it. The
#    scenarios:
#      capacity  50 normal clients that ask again at once (requests/s the server can give)
#      normal    50 normal clients, each pausing 100 ms between searches
#      long      normal, and 50 abusive clients sending 8 KB queries of made-up words
#      heavy     normal, and 50 abusive clients sending the costliest query a person can
#                type (16 common words, prefix matching, limit=100)
#    apiload resets the server's peak RSS before the load (so the build at start-up is not
#    counted) and reads VmHWM after it; it stops early when RSS passes MAXRSS kB. It also
#    gives the server's CPU time over the load (in cores: CPU seconds per second).
# 3. Prints Markdown tables of medians on stdout (progress on stderr). Raw lines stay in
#    $WORK/load.jsonl.
#
# The machine has 2 cores and is shared: the load, the server and the clients share them,
# so the windows are short and the tables give medians of alternating runs.
#
# Environment: BASE (main), RUNS (3), DURATION (15s), PAGES (1000), PORT (18314), MAXRSS
# (4194304 kB), WORK (a new folder under /tmp, kept afterwards), COMMIT (what this tree is,
# when it is not a git checkout). Needs go, curl and jq.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/tools.sh
. bench/tools.sh
BASE=${BASE:-main}
RUNS=${RUNS:-3}
DURATION=${DURATION:-15s}
PAGES=${PAGES:-1000}
PORT=${PORT:-18314}
MAXRSS=${MAXRSS:-4194304}
WORK=${WORK:-$(mktemp -d /tmp/handbok-api.XXXXXX)}
say() { echo "api.sh: $*" >&2; }
if ((RUNS < 3)); then
	echo "RUNS must be at least 3: the tables are medians" >&2
	exit 2
fi
mkdir -p "$WORK"
say "working in $WORK"

scenarios() {
	echo "capacity -interval 0"
	echo "normal -interval 100ms"
	echo "long -interval 100ms -abuse 50 -abuse-kind long -abuse-bytes 8192"
	echo "heavy -interval 100ms -abuse 50 -abuse-kind heavy"
}

server=
stop() {
	if [[ -n $server ]]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
		server=
	fi
}
trap stop EXIT

# load BUILD HANDBOOK SCENARIO ARGS…: one apiload run against a fresh server, as one JSON
# line in $WORK/load.jsonl.
load() {
	local build=$1 book=$2 scenario=$3
	shift 3
	"$WORK/handbok-$build" serve --no-watch --source "$WORK/$book-$build" --addr "127.0.0.1:$PORT" \
		>"$WORK/serve.log" 2>&1 &
	server=$!
	wait_healthy "$PORT" "$server" "$WORK/serve.log" "$build, $book"
	"$WORK/apiload" -url "http://127.0.0.1:$PORT/" -pid "$server" -duration "$DURATION" \
		-max-rss "$MAXRSS" -normal 50 "$@" |
		jq -c --arg build "$build" --arg book "$book" --arg scenario "$scenario" --argjson round "$round" \
			'{build: $build, book: $book, scenario: $scenario, round: $round} + .' |
		tee -a "$WORK/load.jsonl" >&2
	stop
}

measure() {
	note_commit
	git rev-parse --short "$BASE" >"$WORK/base.txt"
	rm -rf "$WORK/src-before" "$WORK/load.jsonl"
	mkdir -p "$WORK/src-before"
	git archive "$BASE" | tar -x -C "$WORK/src-before"
	go build -o "$WORK/handbok-after" ./cmd/handbok
	(cd "$WORK/src-before" && go build -o "$WORK/handbok-before" ./cmd/handbok)
	go build -o "$WORK/apiload" ./bench/apiload
	rm -rf "$WORK/corpus"
	go run ./cmd/handbok-corpus -pages "$PAGES" -out "$WORK/corpus" >&2
	local build
	for build in before after; do
		rm -rf "$WORK/example-$build" "$WORK/corpus-$build"
		mkdir -p "$WORK/example-$build"
		cp -r handbok.yaml content themes "$WORK/example-$build/"
		cp -r "$WORK/corpus" "$WORK/corpus-$build"
	done
	note_machine
	local builds=(before after) book name args
	for round in $(seq "$RUNS"); do
		for book in example corpus; do
			while read -r name args; do
				for i in 0 1; do
					build=${builds[$(((i + round) % 2))]}
					say "round $round/$RUNS: $book $name $build"
					# shellcheck disable=SC2086 # args are flags, split on purpose
					load "$build" "$book" "$name" $args
				done
			done < <(scenarios)
		done
	done
	note_load_after
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/load.jsonl" ]] || { say "no past run in $WORK"; exit 2; }
else
	measure
fi

read_machine
echo "/api/search under load: after = $(cat "$WORK/commit.txt"), before = $(cat "$WORK/base.txt");" \
	"$DURATION windows, medians of $RUNS alternating runs; $gover; $cores cores (load average" \
	"$load_before before, $load_after after)."
echo
jq -rn --slurpfile rows "$WORK/load.jsonl" "$JQ_TABLES"'
def statuses: [to_entries[] | "\(.key)×\(.value | round)"] | join(" ");
def medstatus(rs; k): ([rs[] | .[k].status | keys[]] | unique) as $codes |
	[$codes[] as $c | {key: $c, value: ([rs[] | .[k].status[$c] // 0] | median)}] |
	map(select(.value > 0)) | from_entries;
"| Handbook | Scenario | Build | Normal req/s | Normal p50 | Normal p99 | Normal statuses | Abusive req/s | Abusive statuses | Errors | Server CPU | Peak RSS |",
"|---|---|---|--:|--:|--:|---|--:|---|--:|--:|--:|",
($rows | group_by([.book, .scenario, .build])
	| sort_by([(.[0].book | if . == "example" then 0 else 1 end),
		(.[0].scenario | {capacity: 0, normal: 1, long: 2, heavy: 3}[.]),
		(.[0].build | if . == "before" then 0 else 1 end)])[]
	| . as $rs | .[0] as $r |
	[$r.book, $r.scenario, $r.build,
	 ([$rs[].normal.rps] | median | show("")), ([$rs[].normal.p50_ms] | median | show(" ms")),
	 ([$rs[].normal.p99_ms] | median | show(" ms")), (medstatus($rs; "normal") | statuses),
	 (if $r.abuse.clients == 0 then "—" else [$rs[].abuse.rps] | median | show("") end),
	 (if $r.abuse.clients == 0 then "—" else medstatus($rs; "abuse") | statuses end),
	 ([$rs[] | .normal.errors + .abuse.errors] | median),
	 ([$rs[] | .cpu_s / .seconds] | median | show(" cores")),
	 ([$rs[].rss_peak_kb / 1024] | median | show(" MiB"))
	 + (if any($rs[]; .stopped_by) then " (stopped: max RSS)" else "" end)] | line)
'
say "done; raw lines in $WORK/load.jsonl"
