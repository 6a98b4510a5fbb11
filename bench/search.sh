#!/usr/bin/env bash
# bench/search.sh: handbok's static search index against Pagefind 1.6.0 on the same pages.
#
#   bench/search.sh                        # 10,000 pages, 3 runs
#   PAGES=1000 RUNS=5 bench/search.sh      # fewer pages, more runs
#   WORK=/tmp/handbok-bench.X bench/search.sh summary   # the tables again, from a past run
#
# 1. Generates the corpus: go run ./cmd/handbok-corpus -pages $PAGES -out $WORK/corpus
#    (deterministic: seed 1), and builds handbok and bench/searchbench into $WORK.
# 2. Installs Pagefind 1.6.0 outside the repository, in ~/.cache/handbok-bench (npm install
#    --prefix; bench/tools.sh). When it cannot be installed or run, it says so and measures
#    handbok alone.
# 3. RUNS times, alternating: `handbok build` into an empty $WORK/public, then
#    `pagefind --site $WORK/pf` on a fresh copy of that public/, each under /usr/bin/time -v
#    for wall time, CPU time and peak RSS. handbok's time is its whole build (HTML pages
#    and the static index); Pagefind's is its index alone. The static index alone is timed
#    with internal/render's BenchmarkStaticIndex on the same corpus, when it is there.
# 4. Sizes of public/search/ and pf/pagefind/: files, bytes, and bytes with text gzipped.
# 5. RUNS times, alternating: bench/searchbench on handbok's search page, on Pagefind's
#    default UI and on handbok's search box: each word of $QUERIES is the cold query once,
#    in a fresh headless Chromium, with the next word as the warm query (see
#    bench/searchbench/main.go for what is counted and timed).
# 6. Prints the summary, Markdown tables of medians with the ratios handbok/Pagefind, on
#    stdout (progress goes to stderr), ready for BENCHMARKS.md. Raw numbers stay in $WORK:
#    times.txt, staticindex.txt, sizes-*.json and browser.jsonl.
#
# The machine has 2 cores and is shared with other work, so times move from run to run:
# the runs alternate between the two tools and the tables give medians of RUNS (at least 3).
#
# Environment: PAGES (10000), RUNS (3), WORK (a new folder under /tmp, kept afterwards),
# QUERIES (veikindi,ábending,hljóðfæri: a common, a middling and a rare word of the corpus),
# CHROMIUM (/usr/bin/chromium), COMMIT (what the code measured is, for a tree that is not a
# git checkout, such as `git archive HEAD`). Needs go, jq, /usr/bin/time and Chromium; npm
# for Pagefind.
# A full run at 10,000 pages takes about 6–7 minutes here, most of it Pagefind's builds.
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-veikindi,ábending,hljóðfæri}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WORK=${WORK:-$(mktemp -d /tmp/handbok-bench.XXXXXX)}
# shellcheck source=bench/tools.sh
. bench/tools.sh
if ((RUNS < 3)); then
	echo "RUNS must be at least 3: the tables are medians" >&2
	exit 2
fi
say() { echo "search.sh: $*" >&2; }
mkdir -p "$WORK"
say "working in $WORK"
# measure runs steps 1 to 5; `bench/search.sh summary` skips them and prints the tables
# of the run in $WORK again.
measure() {
	# 1. The corpus and the programs, at this commit.
	note_commit
	rm -rf "$WORK/corpus"
	go run ./cmd/handbok-corpus -pages "$PAGES" -out "$WORK/corpus" | tee "$WORK/corpus.txt" >&2
	go build -o "$WORK/handbok" ./cmd/handbok
	go build -o "$WORK/searchbench" ./bench/searchbench

	# 2. Pagefind, outside the repository (bench/tools.sh).
	pagefind=$(have_pagefind)
	if [[ $pagefind == no ]]; then
		say "measuring handbok alone"
	fi

	# timed NAME CMD…: runs CMD under /usr/bin/time -v and adds "NAME wall_s cpu_s rss_kb"
	# to $WORK/times.txt; the output of CMD goes to $WORK/NAME.log.
	timed() {
		local name=$1
		shift
		if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/$name.log" 2>&1; then
			cat "$WORK/$name.log" "$WORK/time.txt" >&2
			return 1
		fi
		awk -v name="$name" -F': ' '
			/Elapsed \(wall clock\)/ { n = split($2, p, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
			/User time|System time/ { cpu += $2 }
			/Maximum resident set size/ { rss = $2 }
			END { printf "%s %.2f %.2f %d\n", name, wall, cpu, rss }' "$WORK/time.txt" | tee -a "$WORK/times.txt" >&2
	}

	# 3. Index builds, alternating.
	rm -f "$WORK/times.txt" "$WORK/browser.jsonl"
	for run in $(seq "$RUNS"); do
		say "build $run of $RUNS (name wall_s cpu_s peak_rss_kb)"
		rm -rf "$WORK/public"
		timed handbok "$WORK/handbok" build --source "$WORK/corpus" --dest "$WORK/public"
		if [[ $pagefind == yes ]]; then
			rm -rf "$WORK/pf"
			cp -r "$WORK/public" "$WORK/pf"
			timed pagefind "$PF" --site "$WORK/pf"
		fi
	done

	# 3b. The static index alone, when internal/render has its BenchmarkStaticIndex
	# (search.WriteStatic on page documents made beforehand; mean of RUNS iterations).
	: >"$WORK/staticindex.txt"
	if go test -c -o "$WORK/render.test" ./internal/render >&2 &&
		[[ -n "$("$WORK/render.test" -test.list 'BenchmarkStaticIndex$')" ]]; then
		say "the static index alone (BenchmarkStaticIndex)"
		HANDBOK_BENCH_CORPUS="$WORK/corpus" "$WORK/render.test" -test.run '^$' -test.bench 'StaticIndex$' \
			-test.benchtime "${RUNS}x" -test.benchmem | tee "$WORK/staticindex.txt" >&2
	else
		say "no BenchmarkStaticIndex in internal/render: the static index alone is not measured"
	fi

	# 4. Index sizes.
	"$WORK/searchbench" -size "$WORK/public/search" >"$WORK/sizes-handbok.json"
	echo '{}' >"$WORK/sizes-pagefind.json"
	if [[ $pagefind == yes ]]; then
		"$WORK/searchbench" -size "$WORK/pf/pagefind" >"$WORK/sizes-pagefind.json"
	fi

	# 5. The browser, alternating.
	sb() { "$WORK/searchbench" -chromium "$CHROMIUM" -run "$run" -query "$QUERIES" "$@" | tee -a "$WORK/browser.jsonl" >&2; }
	for run in $(seq "$RUNS"); do
		say "browser run $run of $RUNS"
		sb -site "$WORK/public" -kind handbok -ui page
		if [[ $pagefind == yes ]]; then
			sb -site "$WORK/pf" -kind pagefind
		fi
		sb -site "$WORK/public" -kind handbok -ui box
	done
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/browser.jsonl" ]] || { say "no past run in $WORK"; exit 2; }
	pagefind=$(jq -r 'if .files then "yes" else "no" end' "$WORK/sizes-pagefind.json")
else
	measure
fi

# 6. The summary.
commit=$(cat "$WORK/commit.txt")
pages=$(sed -n 's/^Wrote \([0-9]*\) Markdown pages.*/\1/p' "$WORK/corpus.txt")
echo "Search benchmark: $pages pages, medians of $RUNS runs; handbok at $commit;" \
	"Pagefind 1.6.0: $pagefind; $("$CHROMIUM" --version 2>/dev/null); $(go env GOVERSION);" \
	"$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory."
echo
jq -rn \
	--slurpfile browser "$WORK/browser.jsonl" \
	--slurpfile hsize "$WORK/sizes-handbok.json" \
	--slurpfile psize "$WORK/sizes-pagefind.json" \
	--argjson times "$(jq -Rn '[inputs | split(" ") | {name: .[0], wall: (.[1] | tonumber), cpu: (.[2] | tonumber), rss: (.[3] | tonumber)}]' "$WORK/times.txt")" \
	--arg queries "$QUERIES" \
	--arg staticindex "$(awk '/^BenchmarkStaticIndex/ { print $3 / 1e9, $5 / 1048576 }' "$WORK/staticindex.txt")" "$JQ_TABLES"'
def yes(ok): if ok == null then "—" elif ok then "yes" else "**no**" end;

def kib: . / 1024;
def flat: {kind, ui, query: .cold.query, console,
	cold_kib: (.cold.bytes | kib), cold_requests: .cold.requests, cold_after_kib: (.cold.bytes - .cold.load_bytes | kib),
	cold_ms: .cold.ms, cold_script_ms: .cold.script_ms, warm_kib: (.warm.bytes | kib), warm_requests: .warm.requests,
	warm_ms: .warm.ms, warm_script_ms: .warm.script_ms, api_ms: (.api_ms // {} | [.[]] | median), shown: .cold.shown};
($browser | map(flat)) as $rows |
($rows | map(select(.kind == "handbok" and .ui == "page"))) as $H |
($rows | map(select(.kind == "handbok" and .ui == "box"))) as $B |
($rows | map(select(.kind == "pagefind"))) as $P |
def med(rows; k): [rows[] | .[k] | select(. != null)] | median;
def build(name; f): [$times[] | select(.name == name) | f] | median;

# Build and index size.
"| Index | handbok | Pagefind | handbok/Pagefind |",
"|---|--:|--:|--:|",
(build("handbok"; .wall) as $h | build("pagefind"; .wall) as $p |
	["Build wall time (handbok: whole site)", ($h | show(" s")), ($p | show(" s")), ratio($h; $p)] | line),
(if $staticindex == "" then empty else
	($staticindex | split(" ") | map(tonumber)) as [$s, $alloc] | build("pagefind"; .wall) as $p |
	(["Static index alone (BenchmarkStaticIndex, mean)", ($s | show(" s")), "", ratio($s; $p)] | line),
	(["Static index alone, bytes allocated", ($alloc | show(" MiB")), "", ""] | line) end),
(build("handbok"; .cpu) as $h | build("pagefind"; .cpu) as $p |
	["Build CPU time, user + system", ($h | show(" s")), ($p | show(" s")), ratio($h; $p)] | line),
(build("handbok"; .rss / 1024) as $h | build("pagefind"; .rss / 1024) as $p |
	["Build peak RSS", ($h | show(" MiB")), ($p | show(" MiB")), ratio($h; $p)] | line),
($hsize[0].files as $h | $psize[0].files as $p | ["Index files", $h, ($p | show("")), ratio($h; $p)] | line),
(($hsize[0].bytes / 1048576) as $h | ($psize[0].bytes // null | if . then . / 1048576 else null end) as $p |
	["Index size", ($h | show(" MiB")), ($p | show(" MiB")), ratio($h; $p)] | line),
(($hsize[0].gzip_bytes / 1048576) as $h | ($psize[0].gzip_bytes // null | if . then . / 1048576 else null end) as $p |
	["Index size, text gzipped", ($h | show(" MiB")), ($p | show(" MiB")), ratio($h; $p)] | line),
"",

# The browser: medians over runs and words.
"| Browser, median over runs × words (\($queries)) | handbok search page | handbok search box | Pagefind UI | page/Pagefind | box/Pagefind |",
"|---|--:|--:|--:|--:|--:|",
(
	["Cold query: KiB loaded", "cold_kib", " KiB"],
	["Cold query: requests", "cold_requests", ""],
	["Cold query: KiB after the page load (no search script)", "cold_after_kib", " KiB"],
	["Cold query: ms to the first result", "cold_ms", " ms"],
	["Cold query: main-thread script ms", "cold_script_ms", " ms"],
	["Warm query: KiB loaded", "warm_kib", " KiB"],
	["Warm query: requests", "warm_requests", ""],
	["Warm query: ms to the first result", "warm_ms", " ms"],
	["Warm query: main-thread script ms", "warm_script_ms", " ms"],
	["HandbokSearch.search() with its files loaded", "api_ms", " ms"],
	["Results shown", "shown", ""]
	| .[1] as $k | .[2] as $u |
	[.[0], (med($H; $k) | show($u)), (med($B; $k) | show($u)), (med($P; $k) | show($u)),
	 ratio(med($H; $k); med($P; $k)), ratio(med($B; $k); med($P; $k))] | line
),
"",
"| Cold query, KiB loaded (median of runs) | handbok search page | handbok search box | Pagefind UI | page/Pagefind | box/Pagefind |",
"|---|--:|--:|--:|--:|--:|",
(($queries | split(","))[] as $q |
	def m(rows): med(rows | map(select(.query == $q)); "cold_kib");
	[$q, (m($H) | show(" KiB")), (m($B) | show(" KiB")), (m($P) | show(" KiB")), ratio(m($H); m($P)), ratio(m($B); m($P))] | line),
"",

# The targets of issue 3.
(med($H; "cold_kib") as $hc | med($B; "cold_kib") as $bc | med($P; "cold_kib") as $pc |
 med($H; "cold_script_ms") as $hs | med($B; "cold_script_ms") as $bs |
 med($H; "warm_script_ms") as $hw | med($B; "warm_script_ms") as $bw |
 build("handbok"; .wall) as $ht | build("pagefind"; .wall) as $pt |
 build("handbok"; .rss) as $hm | build("pagefind"; .rss) as $pm |
 def frac(a; b): if a == null or b == null then null else a / b end;
 "| Target (issue 3) | search page | search box |",
 "|---|---|---|",
 (["Cold query ≤ 60 KiB", "\($hc | show(" KiB")): \(yes($hc <= 60))", "\($bc | show(" KiB")): \(yes($bc <= 60))"] | line),
 (["Cold query ≤ 0.3× Pagefind", "\(ratio($hc; $pc)): \(yes(frac($hc; $pc) | if . then . <= 0.3 else null end))",
   "\(ratio($bc; $pc)): \(yes(frac($bc; $pc) | if . then . <= 0.3 else null end))"] | line),
 (["Cold results ≤ 50 ms of script", "\($hs | show(" ms")): \(yes($hs <= 50))", "\($bs | show(" ms")): \(yes($bs <= 50))"] | line),
 (["Warm query ≤ 10 ms of script", "\($hw | show(" ms")): \(yes($hw <= 10))", "\($bw | show(" ms")): \(yes($bw <= 10))"] | line),
 (["Build ≤ 0.1× Pagefind time", "\(ratio($ht; $pt)): \(yes(frac($ht; $pt) | if . then . <= 0.1 else null end))", "(same build)"] | line),
 (["Build ≤ 0.1× Pagefind peak memory", "\(ratio($hm; $pm)): \(yes(frac($hm; $pm) | if . then . <= 0.1 else null end))", "(same build)"] | line)
),

# Anything the pages wrote to the console.
([$rows[] | .kind as $k | (.console // [])[] | "\($k): \(.)"] | unique |
	if length > 0 then "", "Console messages:", (.[] | "- " + .) else empty end)
'
say "done; raw numbers in $WORK"
