#!/usr/bin/env bash
# bench/bleve.sh: the bleve index behind `handbok search` and /api/search, made from
# nothing, against bleve's default mapping on the same pages, for this tree and for
# another commit; and `handbok search` on a handbook whose index is up to date
# (issue 18, point 6).
#
#   bench/bleve.sh > bleve.md                  # BASE=main, PAGES=10000, RUNS=3
#   PAGES=2000 RUNS=5 bench/bleve.sh
#   WORK=/tmp/handbok-bleve.X bench/bleve.sh summary   # the tables again, from a past run
#
# 1. Generates the corpus (go run ./cmd/handbok-corpus -pages $PAGES, seed 1) and builds
#    handbok and bench/blevebench from this tree ("after") and from `git archive $BASE`
#    ("before"; this tree's bench/blevebench is copied in when $BASE has none). Each build
#    gets a copy of the corpus, so that each keeps its own .handbok/.
# 2. RUNS rounds; in each, in an order that turns each round, one process per index under
#    /usr/bin/time -v (wall, user and system time, peak RSS):
#      blevebench -mapping handbok, before and after, and blevebench -mapping default
#      (bleve.NewIndexMapping(), the same fields as a map, the same chunks and batches);
#    then, for each build, the first `handbok search` of the handbook (no .handbok/),
#    and SEARCHES more of the same query on it unchanged.
# 3. Prints Markdown tables of medians, with ratios, on stdout (progress on stderr).
#    Raw lines stay in $WORK/runs.jsonl.
#
# The machine has 2 cores and is shared, so the runs alternate and the tables give
# medians; user and system time move less than wall time when the cores are busy.
#
# Environment: BASE (main), PAGES (10000), RUNS (3), SEARCHES (5), QUERY (veikindi), WORK
# (a new folder under /tmp, kept afterwards), COMMIT (what this tree is, when it is not a
# git checkout). Needs go, jq and /usr/bin/time. A full run at 10,000 pages takes about
# 15 minutes here.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/tools.sh
. bench/tools.sh
BASE=${BASE:-main}
PAGES=${PAGES:-10000}
RUNS=${RUNS:-3}
SEARCHES=${SEARCHES:-5}
QUERY=${QUERY:-veikindi}
WORK=${WORK:-$(mktemp -d /tmp/handbok-bleve.XXXXXX)}
say() { echo "bleve.sh: $*" >&2; }
if ((RUNS < 3)); then
	echo "RUNS must be at least 3: the tables are medians" >&2
	exit 2
fi
mkdir -p "$WORK"
say "working in $WORK"

# timed NAME JSON CMD…: runs CMD under /usr/bin/time -v and adds a JSON line to
# $WORK/runs.jsonl: the name, the round, wall, user and system seconds, peak RSS in KiB,
# and JSON's fields (what blevebench printed, or {}).
timed() {
	local name=$1 extra=$2
	shift 2
	if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"; then
		cat "$WORK/out.txt" "$WORK/err.txt" "$WORK/time.txt" >&2
		return 1
	fi
	if [[ $extra == blevebench ]]; then
		extra=$(cat "$WORK/out.txt")
	fi
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
		/User time/ { user = $2 }
		/System time/ { sys = $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "{\"wall\": %.2f, \"user\": %.2f, \"sys\": %.2f, \"rss_kib\": %d}\n", wall, user, sys, rss }' "$WORK/time.txt" |
		jq -c --arg name "$name" --argjson round "$round" --argjson extra "$extra" '{name: $name, round: $round} + . + $extra' |
		tee -a "$WORK/runs.jsonl" >&2
}

# index BUILD: blevebench with handbok's mapping (BUILD before or after) or bleve's
# default mapping (BUILD default, with after's blevebench).
index() {
	local bin=$WORK/blevebench-$1 mapping=handbok
	if [[ $1 == default ]]; then
		bin=$WORK/blevebench-after mapping=default
	fi
	timed "index-$1" blevebench "$bin" -corpus "$WORK/corpus" -mapping "$mapping" -index "$WORK/index"
	rm -rf "$WORK/index"
}

# search BUILD: the first handbok search of BUILD's copy of the corpus, then SEARCHES on
# it unchanged.
search() {
	local book=$WORK/corpus-$1
	rm -rf "$book/.handbok"
	timed "first-search-$1" '{}' "$WORK/handbok-$1" search --source "$book" "$QUERY"
	jq -cn --arg name "size-$1" --argjson round "$round" --argjson bytes "$(du -sb "$book/.handbok/search.bleve" | cut -f1)" \
		'{name: $name, round: $round, index_bytes: $bytes}' | tee -a "$WORK/runs.jsonl" >&2
	for _ in $(seq "$SEARCHES"); do
		timed "search-$1" '{}' "$WORK/handbok-$1" search --source "$book" "$QUERY"
	done
}

measure() {
	note_commit
	git rev-parse --short "$BASE" >"$WORK/base.txt"
	rm -rf "$WORK/src-before" "$WORK/runs.jsonl"
	mkdir -p "$WORK/src-before"
	git archive "$BASE" | tar -x -C "$WORK/src-before"
	if [[ ! -d "$WORK/src-before/bench/blevebench" ]]; then
		cp -r bench/blevebench "$WORK/src-before/bench/"
	fi
	go build -o "$WORK/handbok-after" ./cmd/handbok
	go build -o "$WORK/blevebench-after" ./bench/blevebench
	(cd "$WORK/src-before" && go build -o "$WORK/handbok-before" ./cmd/handbok &&
		go build -o "$WORK/blevebench-before" ./bench/blevebench)
	rm -rf "$WORK/corpus"
	go run ./cmd/handbok-corpus -pages "$PAGES" -out "$WORK/corpus" | tee "$WORK/corpus.txt" >&2
	local build
	for build in before after; do
		rm -rf "$WORK/corpus-$build"
		cp -r "$WORK/corpus" "$WORK/corpus-$build"
		# Files written a moment ago are read again by every search (see
		# internal/build.contentStamp); a handbook's files are older than that.
		find "$WORK/corpus-$build" -exec touch -d '1 hour ago' {} +
	done
	{
		nproc
		awk '/MemTotal/ { printf "%.0f GiB\n", $2 / 1048576 }' /proc/meminfo
		go env GOVERSION
	} >"$WORK/machine.txt"

	local order=(before after default)
	for round in $(seq "$RUNS"); do
		say "round $round of $RUNS: ${order[*]}"
		for build in "${order[@]}"; do
			index "$build"
		done
		for build in "${order[@]}"; do
			if [[ $build != default ]]; then
				search "$build"
			fi
		done
		order=("${order[@]:1}" "${order[0]}")
	done
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/runs.jsonl" ]] || { say "no past run in $WORK"; exit 2; }
else
	measure
fi

pages=$(sed -n 's/^Wrote \([0-9]*\) Markdown pages.*/\1/p' "$WORK/corpus.txt")
mapfile -t machine <"$WORK/machine.txt"
echo "bleve index: $pages pages, medians of $RUNS rounds; after = $(cat "$WORK/commit.txt")," \
	"before = $(cat "$WORK/base.txt"); ${machine[2]}; ${machine[0]} cores, ${machine[1]} memory."
echo
jq -rn --arg query "$QUERY" "$JQ_TABLES"'
[inputs] as $runs |
def med(name; f): [$runs[] | select(.name == name) | f | select(. != null)] | median;
def row(title; f; unit):
	med("index-before"; f) as $b | med("index-after"; f) as $a | med("index-default"; f) as $d |
	[title, ($b | show(unit)), ($a | show(unit)), ($d | show(unit)), ratio($a; $b), ratio($a; $d)] | line;

"| Index made from nothing (blevebench) | handbok before | handbok after | bleve default mapping | after/before | after/default |",
"|---|--:|--:|--:|--:|--:|",
row("Wall time, whole process"; .wall; " s"),
row("Indexing alone, wall"; .index_s; " s"),
row("User CPU"; .user; " s"),
row("System CPU"; .sys; " s"),
row("Peak RSS"; .rss_kib / 1024; " MiB"),
row("Peak RSS after loading the pages, before indexing"; .load_hwm_kib / 1024; " MiB"),
row("Index on disk"; .index_bytes / 1048576; " MiB"),
"",
"| `handbok search \($query)` | before | after | after/before |",
"|---|--:|--:|--:|",
(med("first-search-before"; .wall) as $b | med("first-search-after"; .wall) as $a |
	["First search, from nothing: wall", ($b | show(" s")), ($a | show(" s")), ratio($a; $b)] | line),
(med("first-search-before"; .user) as $b | med("first-search-after"; .user) as $a |
	["First search: user CPU", ($b | show(" s")), ($a | show(" s")), ratio($a; $b)] | line),
(med("first-search-before"; .sys) as $b | med("first-search-after"; .sys) as $a |
	["First search: system CPU", ($b | show(" s")), ($a | show(" s")), ratio($a; $b)] | line),
(med("first-search-before"; .rss_kib / 1024) as $b | med("first-search-after"; .rss_kib / 1024) as $a |
	["First search: peak RSS", ($b | show(" MiB")), ($a | show(" MiB")), ratio($a; $b)] | line),
(med("size-before"; .index_bytes / 1048576) as $b | med("size-after"; .index_bytes / 1048576) as $a |
	["First search: index on disk", ($b | show(" MiB")), ($a | show(" MiB")), ratio($a; $b)] | line),
(med("search-before"; .wall) as $b | med("search-after"; .wall) as $a |
	["Search, unchanged handbook: wall (median of every run)", ($b | show(" s")), ($a | show(" s")), ratio($a; $b)] | line),
(med("search-before"; .user + .sys) as $b | med("search-after"; .user + .sys) as $a |
	["Search, unchanged handbook: user + system CPU", ($b | show(" s")), ($a | show(" s")), ratio($a; $b)] | line),
(med("search-before"; .rss_kib / 1024) as $b | med("search-after"; .rss_kib / 1024) as $a |
	["Search, unchanged handbook: peak RSS", ($b | show(" MiB")), ($a | show(" MiB")), ratio($a; $b)] | line),
"",
(med("index-after"; .wall) as $a | med("index-default"; .wall) as $d |
 med("index-after"; .user + .sys) as $ac | med("index-default"; .user + .sys) as $dc |
 med("index-after"; .rss_kib) as $am | med("index-default"; .rss_kib) as $dm |
 med("search-after"; .wall) as $s |
 def yes(ok): if ok then "yes" else "**no**" end;
 "| Target (issue 18, point 6) | after | met |",
 "|---|--:|---|",
 (["First index no slower than the default mapping (wall)", ratio($a; $d), yes($a <= $d)] | line),
 (["… and in CPU time", ratio($ac; $dc), yes($ac <= $dc)] | line),
 (["First index no larger in memory (peak RSS)", ratio($am; $dm), yes($am <= $dm)] | line),
 (["`handbok search` on an unchanged handbook ≤ 0.3 s", ($s | show(" s")), yes($s <= 0.3)] | line))
' "$WORK/runs.jsonl"
say "done; raw numbers in $WORK"
