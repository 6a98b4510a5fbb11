#!/usr/bin/env bash
# bench/records.sh: the records server under the load of a working morning, on SQLite and
# on PostgreSQL (issue 19, point 2).
#
#   bench/records.sh > records.md                 # RUNS=3 DURATION=60s CLIENTS=200
#   RUNS=5 DURATION=30s bench/records.sh
#   WORK=/tmp/handbok-records.X bench/records.sh summary   # the tables again, from a past run
#
# 1. Builds handbok and bench/recordsload into $WORK, and copies the example handbook
#    (handbok.yaml, content/, themes/).
# 2. RUNS rounds; in each, each store in turn (the order turns each round), on records of
#    its own (a new SQLite file; a new schema on the local PostgreSQL, dropped after):
#    `recordsload prepare` puts $CLIENTS employees in the records; `handbok serve
#    --no-watch` starts on 127.0.0.1:$PORT; `recordsload run` signs them all in, four at a
#    time, and then has all of them at once read pages, search, ask /api/me,
#    acknowledge their policies and tick their checklist items for $DURATION, each
#    pausing $INTERVAL after each answer; it reads the server's peak RSS (VmHWM, reset
#    before the sign-ins), samples its RSS every 50 ms, and checks through /api/me that
#    every acknowledgment and tick it was confirmed is in the records. The server is
#    stopped (SIGTERM), and `handbok acks verify` checks the audit chain.
# 3. Prints Markdown tables of medians on stdout (progress on stderr). Raw lines stay in
#    $WORK/records.jsonl, the servers' logs in $WORK/serve-*.log.
#
# Environment: RUNS (3), DURATION (60s, at most 1m), CLIENTS (200, at most 200), INTERVAL
# (100ms), PORT (18315), PG (postgres:///postgres?host=/var/run/postgresql: a role that may
# create schemas), WORK (a new folder under /tmp, kept afterwards), COMMIT (what this tree
# is, when it is not a git checkout). Needs go, curl, jq and psql.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/tools.sh
. bench/tools.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-60s}
CLIENTS=${CLIENTS:-200}
INTERVAL=${INTERVAL:-100ms}
PORT=${PORT:-18315}
PG=${PG:-postgres:///postgres?host=/var/run/postgresql}
WORK=${WORK:-$(mktemp -d /tmp/handbok-records.XXXXXX)}
say() { echo "records.sh: $*" >&2; }
mkdir -p "$WORK"
say "working in $WORK"

server=
schema=
stop() {
	if [[ -n $server ]]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
		server=
	fi
}
drop() {
	if [[ -n $schema ]]; then
		psql -q "$PG" -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" >/dev/null || true
		schema=
	fi
}
trap 'stop; drop' EXIT

# once STORE ROUND: one load on fresh records, as one JSON line in $WORK/records.jsonl.
once() {
	local store=$1 round=$2 db
	case $store in
	sqlite)
		rm -f "$WORK/records.db" "$WORK/records.db-wal" "$WORK/records.db-shm"
		db="sqlite:$WORK/records.db"
		;;
	postgres)
		schema="handbok_records_$$_$round"
		psql -q "$PG" -c "CREATE SCHEMA $schema" >/dev/null
		db="$PG&search_path=$schema"
		;;
	esac
	"$WORK/recordsload" prepare -db "$db" -people "$CLIENTS"
	local log="$WORK/serve-$store-$round.log" load_before
	"$WORK/handbok" serve --no-watch --source "$WORK/example" --db "$db" --addr "127.0.0.1:$PORT" >"$log" 2>&1 &
	server=$!
	wait_healthy "$PORT" "$server" "$log" "$store"
	load_before=$(cut -d' ' -f1 /proc/loadavg)
	local rc=0 line
	line=$("$WORK/recordsload" run -url "http://127.0.0.1:$PORT/" -pid "$server" -clients "$CLIENTS" \
		-duration "$DURATION" -interval "$INTERVAL") || rc=$?
	if [[ -z $line ]]; then
		say "recordsload failed (exit $rc)"
		exit 1
	fi
	stop
	local verified=false
	if "$WORK/handbok" acks verify --source "$WORK/example" --db "$db" >"$WORK/verify.txt" 2>&1; then
		verified=true
	else
		say "handbok acks verify failed:"
		cat "$WORK/verify.txt" >&2
	fi
	drop
	jq -c --arg store "$store" --argjson round "$round" --argjson rc "$rc" --argjson audit "$verified" \
		--arg load "$load_before $(cut -d' ' -f1 /proc/loadavg)" \
		'{store: $store, round: $round, exit: $rc, audit_verifies: $audit, load_average: $load} + .' <<<"$line" |
		tee -a "$WORK/records.jsonl" >&2
}

measure() {
	note_commit
	rm -f "$WORK/records.jsonl"
	go build -o "$WORK/handbok" ./cmd/handbok
	go build -o "$WORK/recordsload" ./bench/recordsload
	rm -rf "$WORK/example"
	mkdir -p "$WORK/example"
	cp -r handbok.yaml content themes "$WORK/example/"
	note_machine
	local stores=(sqlite postgres) round i
	for round in $(seq "$RUNS"); do
		for i in 0 1; do
			local store=${stores[$(((i + round) % 2))]}
			say "round $round/$RUNS: $store"
			once "$store" "$round"
		done
	done
	note_load_after
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/records.jsonl" ]] || { say "no past run in $WORK"; exit 2; }
else
	measure
fi

read_machine
rows=$(wc -l <"$WORK/records.jsonl")
echo "Records under load at $(cat "$WORK/commit.txt"): $(jq -rs '.[0].clients' "$WORK/records.jsonl") people at once" \
	"for $(jq -rs '.[0].seconds | round' "$WORK/records.jsonl") s, each pausing $(jq -rs '.[0].interval_ms' "$WORK/records.jsonl") ms" \
	"after each answer; medians of $((rows / 2)) alternating runs per store; $gover; $cores cores (load average" \
	"$load_before before, $load_after after)."
echo
jq -rn --slurpfile rows "$WORK/records.jsonl" "$JQ_TABLES"'
def mib: . / 1024 | show(" MiB");
def spread(f): ([.[] | f] | min | show("")) + "–" + ([.[] | f] | max | show(""));
def statuses(k): ([.[] | .kinds[k].status | keys[]] | unique) as $codes | . as $rs |
	[$codes[] | . as $c | "\($c)×\([$rs[] | .kinds[k].status[$c] // 0] | median | round)"] | join(" ");
($rows | group_by(.store) | sort_by(.[0].store | if . == "sqlite" then 0 else 1 end)) as $stores |
"| Store | Requests/s | Failed requests | 5xx | Peak RSS, sign-ins | Peak RSS, load | Mean RSS by quarter of the load | Last/first quarter | Server CPU | Acks confirmed, missing | Ticks confirmed, wrong | Audit chain | Load average |",
"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
($stores[] | . as $rs | .[0] as $r |
	[$r.store, ([$rs[].rps] | median | show("")), ([$rs[].errors] | add), ([$rs[].status_5xx] | add),
	 ([$rs[].memory.rss_peak_before_kb] | median | mib), ([$rs[].memory.rss_peak_kb] | median | mib),
	 ([range(4) as $q | [$rs[].memory.rss_quarters_kb[$q]] | median / 1024 | show("")] | join(" / ")) + " MiB",
	 ([$rs[] | .memory.rss_quarters_kb[3] / .memory.rss_quarters_kb[0]] | median | show(""))
	 + " (" + ($rs | spread(.memory.rss_quarters_kb[3] / .memory.rss_quarters_kb[0])) + ")",
	 ([$rs[] | .memory.cpu_s] | median | show(" s")),
	 ([$rs[].verified.acks] | median | tostring) + ", " + ([$rs[].verified.acks_missing] | add | tostring),
	 ([$rs[].verified.ticks] | median | tostring) + ", " + ([$rs[].verified.ticks_wrong] | add | tostring),
	 (if all($rs[]; .audit_verifies) then "verifies" else "FAILS" end),
	 ([$rs[].load_average] | join("; "))] | line),
"",
"| Store | Request | Requests | p50 | p99 | max | Statuses (median per run) |",
"|---|---|--:|--:|--:|--:|---|",
($stores[] | . as $rs | .[0] as $r |
	(["page", "search", "me", "ack", "tick"][]) as $k |
	[$r.store, $k, ([$rs[].kinds[$k].requests] | median | round),
	 ([$rs[].kinds[$k].p50_ms] | median | show(" ms")), ([$rs[].kinds[$k].p99_ms] | median | show(" ms")),
	 ([$rs[].kinds[$k].max_ms] | median | show(" ms")), ($rs | statuses($k))] | line),
($stores[] | . as $rs | .[0] as $r |
	[$r.store, "sign-in (before the load, 4 at a time)", ([$rs[].sign_in.requests] | median | round),
	 ([$rs[].sign_in.p50_ms] | median | show(" ms")), ([$rs[].sign_in.p99_ms] | median | show(" ms")),
	 ([$rs[].sign_in.max_ms] | median | show(" ms")),
	 ([$rs[].sign_in.status | to_entries[] | "\(.key)×\(.value)"] | unique | join(" "))] | line)
'
say "done; raw lines in $WORK/records.jsonl"
