#!/usr/bin/env bash
# bench/build.sh: the whole `handbok build` against Hugo v0.160.0 on the same pages (issue 5).
#
#   bench/build.sh                                  # 1,000, 10,000 and 50,000 pages, 3 runs
#   SIZES="1000 10000" RUNS=5 bench/build.sh        # other sizes, more runs
#   WORK=/tmp/hb-build SIZES=50000 RUNS=1 bench/build.sh   # add a size to a past run's tables
#   WORK=/tmp/hb-build bench/build.sh summary       # the tables again, from a past run
#
# 1. For each PAGES in $SIZES, generates the corpus once: go run ./cmd/handbok-corpus -pages
#    PAGES -out $WORK/corpus-PAGES (deterministic: seed 1). A corpus already in $WORK is
#    used again. handbok is built once, at this commit: go build -o $WORK/handbok ./cmd/handbok.
# 2. Installs Hugo v0.160.0 outside the repository, in ~/.cache/handbok-bench/bin (GOBIN=…
#    go install github.com/gohugoio/hugo@v0.160.0; a big build, several minutes the first
#    time). When it cannot be installed or run, it says so and measures handbok alone.
# 3. RUNS times per size, alternating: `handbok build --source CORPUS --dest
#    $WORK/out-handbok-PAGES-RUN`, then `hugo --source CORPUS --destination
#    $WORK/out-hugo-PAGES-RUN`, each into a new folder (and Hugo with a new --cacheDir), each
#    under /usr/bin/time -v for wall time, CPU time and peak RSS. Outputs are removed only
#    when all builds are done (see measure: a build right after a large removal is slowed
#    down by the file system, not by the tool).
#    - Hugo reads the corpus's content/ as it is, with bench/build/hugo.toml and the minimal
#      theme bench/build/hugo-theme: a page per policy (title, description, version, dates,
#      owner, approvals, table of contents, body, tags), checklists with their items, a list
#      page per workplace folder, a home page, and the workplace navigation on every page
#      through partialCached keyed by the workplace. handbok's links to .md files are
#      resolved by Hugo's embedded link render hook.
#    - Hugo v0.160.0 logs an error for the `kind` key that handbok's front matter has on every
#      page (Hugo removed `kind` as a front-matter key in v0.144.0) and exits with 1, after
#      rendering every page; the script accepts that one error and fails on any other.
#    - handbok's build also writes its static search index (public/search/) and its manifest;
#      Hugo's writes HTML alone. The ratios therefore favour Hugo.
# 4. Prints the summary, Markdown tables of medians with the ratios handbok/Hugo, how the
#    cost grows with the number of pages, and the targets of issue 5, on stdout (progress
#    goes to stderr), ready for BENCHMARKS.md. Raw numbers stay in $WORK/times.txt, one line
#    "tool pages wall_s cpu_s peak_rss_kb html_files sys_s" per run (runs before sys_s was
#    recorded have six fields); a new run of a size replaces that size's lines and keeps
#    the others.
#
# The machine has 2 cores and is shared with other work, so times move from run to run:
# the runs alternate between the two tools and the tables give medians of RUNS.
#
# Environment: SIZES ("1000 10000 50000"), RUNS (3; 1 is allowed for a quick look at a big
# size), QUIET (300: seconds since the last removal of outputs before the first build),
# WORK (a new folder under /tmp, kept afterwards), HUGO (~/.cache/handbok-bench/bin/hugo),
# COMMIT (what the code measured is, for a tree that is not a git checkout). Needs go, jq and
# /usr/bin/time.
# At 1,000 and 10,000 pages with 3 runs it takes about 1 min 30 s here, with the corpora made
# and Hugo installed, after up to 5 minutes of waiting (QUIET); at 50,000 pages one run takes
# about 2 minutes (handbok 26 s, Hugo 90 s).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-1000 10000 50000}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d /tmp/handbok-bench.XXXXXX)}
HUGODIR=$HOME/.cache/handbok-bench/bin
HUGO=${HUGO:-$HUGODIR/hugo}
HUGOVERSION=v0.160.0
say() { echo "build.sh: $*" >&2; }
mkdir -p "$WORK"
say "working in $WORK"

# timed NAME PAGES OUT CMD…: flushes what earlier builds wrote to the disk (untimed),
# then runs CMD under /usr/bin/time -v and adds "NAME PAGES wall_s
# cpu_s rss_kb html_files sys_s" to $WORK/times.txt, html_files being the HTML files under
# OUT and sys_s the part of cpu_s spent in the kernel; the output of CMD goes to
# $WORK/NAME-PAGES.log.
timed() {
	local name=$1 pages=$2 out=$3
	shift 3
	sync # the last build's files go to the disk first, not while this one writes its own
	if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/$name-$pages.log" 2>&1; then
		# Hugo logs an ERROR for the `kind` key of handbok's front matter ("kind in front
		# matter was deprecated in Hugo v0.144.0 and subsequently removed") and so exits with
		# 1, after rendering every page. That error alone is not a failed build.
		if [[ $name != hugo ]] || grep '^ERROR' "$WORK/$name-$pages.log" |
			grep -v -e 'kind in front matter was deprecated' -e 'error building site: logged [0-9]* error(s)' >&2; then
			cat "$WORK/$name-$pages.log" "$WORK/time.txt" >&2
			return 1
		fi
	fi
	local html
	html=$(find "$out" -name '*.html' | wc -l)
	awk -v name="$name" -v pages="$pages" -v html="$html" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
		/User time|System time/ { cpu += $2 }
		/System time/ { sys = $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "%s %d %.2f %.2f %d %d %.2f\n", name, pages, wall, cpu, rss, html, sys }' "$WORK/time.txt" | tee -a "$WORK/times.txt" >&2
}

measure() {
	# 1. handbok at this commit.
	if [[ -z ${COMMIT:-} ]]; then
		COMMIT=$(git rev-parse --short HEAD)
		if [[ -n "$(git status --porcelain --untracked-files=no -- . ':!bench')" ]]; then
			COMMIT="$COMMIT with uncommitted changes"
		fi
	fi
	echo "$COMMIT" >"$WORK/commit.txt"
	go build -o "$WORK/handbok" ./cmd/handbok

	# 2. Hugo, outside the repository.
	if [[ "$("$HUGO" version 2>/dev/null)" != *"$HUGOVERSION"* ]]; then
		say "installing Hugo $HUGOVERSION into $HUGODIR (go install; this takes a while)"
		mkdir -p "$HUGODIR"
		(cd /tmp && GOBIN=$HUGODIR go install "github.com/gohugoio/hugo@$HUGOVERSION") >&2 || true
	fi
	if [[ "$("$HUGO" version 2>/dev/null)" == *"$HUGOVERSION"* ]]; then
		hugo=yes
		"$HUGO" version >"$WORK/hugo-version.txt"
	else
		hugo=no
		: >"$WORK/hugo-version.txt"
		say "HUGO $HUGOVERSION COULD NOT BE INSTALLED OR RUN ($HUGO): measuring handbok alone"
	fi

	touch "$WORK/times.txt"
	# No output is removed while builds are timed. ext4 without a journal (as on the
	# machine of BENCHMARKS.md) does not hand out an inode freed in the last 60 seconds, or
	# 300 when the block of the inode table that holds it is dirty (fs/ext4/ialloc.c,
	# recently_deleted), and checks every such inode on the way to a free one. The new
	# files of a build dirty those blocks again, so after a large rm -rf, every file a build
	# creates for the next five minutes costs a scan: a build of 10,000 pages then spent
	# 4–8 s in the kernel instead of 1 s. Each build writes into a new folder; the outputs
	# of this run are removed at its end, and the first build of a run waits until
	# QUIET seconds (300) have passed since the last removal. Removing other large folders
	# on the same disk shortly before a run spoils it the same way.
	if compgen -G "$WORK/out-*" >/dev/null; then
		say "removing the outputs of an earlier run"
		rm -rf "$WORK"/out-*
		date +%s >"$WORK/removed-at"
	fi
	local quiet=${QUIET:-300}
	local since=$(($(date +%s) - $(cat "$WORK/removed-at" 2>/dev/null || echo 0)))
	if ((since < quiet)); then
		say "waiting $((quiet - since)) s after the last removal of outputs (see the comment above)"
		sync
		sleep $((quiet - since))
	fi
	for pages in $SIZES; do
		# 1. The corpus, made once per size.
		local corpus=$WORK/corpus-$pages
		if [[ ! -s "$WORK/corpus-$pages.txt" || ! -d "$corpus/content" ]]; then
			rm -rf "$corpus"
			go run ./cmd/handbok-corpus -pages "$pages" -out "$corpus" | tee "$WORK/corpus-$pages.txt" >&2
		fi
		# 3. The builds, alternating; this size's old lines go.
		awk -v pages="$pages" '$2 != pages' "$WORK/times.txt" >"$WORK/times.tmp"
		mv "$WORK/times.tmp" "$WORK/times.txt"
		for run in $(seq "$RUNS"); do
			say "$pages pages, build $run of $RUNS (name pages wall_s cpu_s peak_rss_kb html_files sys_s)"
			local out=$WORK/out-handbok-$pages-$run
			timed handbok "$pages" "$out" "$WORK/handbok" build --source "$corpus" --dest "$out"
			if [[ $hugo == yes ]]; then
				out=$WORK/out-hugo-$pages-$run
				timed hugo "$pages" "$out" "$HUGO" --source "$corpus" --config "$ROOT/bench/build/hugo.toml" \
					--themesDir "$ROOT/bench/build" --destination "$out" --cacheDir "$WORK/out-hugo-cache-$pages-$run" --noBuildLock
			fi
		done
	done
	say "removing this run's outputs"
	rm -rf "$WORK"/out-*
	date +%s >"$WORK/removed-at"
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/times.txt" ]] || { say "no past run in $WORK"; exit 2; }
else
	measure
fi

# 4. The summary.
commit=$(cat "$WORK/commit.txt")
hugoversion=$(cat "$WORK/hugo-version.txt" 2>/dev/null || true)
echo "Build benchmark: handbok at $commit; ${hugoversion:-HUGO NOT INSTALLED OR NOT RUNNING: handbok alone};" \
	"$(go env GOVERSION); $(nproc) cores (shared with other work), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory."
echo
corpora=$(for f in "$WORK"/corpus-*.txt; do
	[[ -e $f ]] || continue
	p=${f##*/corpus-}
	printf '%s\t%s\n' "${p%.txt}" "$(sed -n 's/^Wrote \([0-9]*\) Markdown pages (\([^)]*\)).*/\1 files, \2/p' "$f")"
done | jq -Rn '[inputs | split("\t") | {key: .[0], value: .[1]}] | from_entries')
jq -rn \
	--argjson times "$(jq -Rn '[inputs | split(" ") | select(length >= 6) | {name: .[0], pages: (.[1] | tonumber), wall: (.[2] | tonumber), cpu: (.[3] | tonumber), rss: (.[4] | tonumber), html: (.[5] | tonumber), sys: (.[6] // null | if . == null then null else tonumber end)}]' "$WORK/times.txt")" \
	--argjson corpora "$corpora" '
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): if . == null then null else (. * n | round) / n end;
def sig: if . >= 100 then round elif . >= 10 then r(10) else r(100) end;
def show(unit): if . == null then "—" else "\(sig)\(unit)" end;
def ratio(a; b): if a == null or b == null or b == 0 then "—" else (a / b | r(100) | tostring) end;
def line: "| " + (map(tostring) | join(" | ")) + " |";
def yes(ok): if ok == null then "—" elif ok then "yes" else "**no**" end;
def num: tostring | [splits("")] | reverse | [range(0; length; 3) as $i | .[$i:$i + 3] | reverse | join("")] | reverse | join(",");
def m(name; pages; f): [$times[] | select(.name == name and .pages == pages) | f] | median;
def runs(name; pages): [$times[] | select(.name == name and .pages == pages)] | length;
def cpu(name; pages): (m(name; pages; .cpu) | show(" s")) +
	([$times[] | select(.name == name and .pages == pages and .sys != null) | .sys] |
	 if length == 0 then "" else " (\(median | show(" s")) kernel)" end);
($times | map(.pages) | unique) as $sizes |

"| Pages (generated; Markdown files, size) | runs | handbok wall | Hugo wall | handbok/Hugo | handbok CPU | Hugo CPU | handbok peak RSS | Hugo peak RSS | handbok/Hugo | HTML files handbok / Hugo |",
"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
($sizes[] as $p |
	m("handbok"; $p; .wall) as $hw | m("hugo"; $p; .wall) as $gw |
	m("handbok"; $p; .rss / 1024) as $hr | m("hugo"; $p; .rss / 1024) as $gr |
	["\($p | num) (\($corpora[$p | tostring] // "?"))", runs("handbok"; $p),
	 ($hw | show(" s")), ($gw | show(" s")), ratio($hw; $gw),
	 cpu("handbok"; $p), cpu("hugo"; $p),
	 ($hr | show(" MiB")), ($gr | show(" MiB")), ratio($hr; $gr),
	 "\(m("handbok"; $p; .html) // "—") / \(m("hugo"; $p; .html) // "—")"] | line),
"",
"handbok: `handbok build`, the HTML of every page **plus its static search index** (`search/`) and",
"manifest. Hugo: HTML alone, with bench/build/hugo-theme. Medians of the runs; CPU is user + system, with system (kernel) time apart.",
"",
"| Growth, from one size to the next | pages × | handbok wall × | handbok peak RSS × | Hugo wall × | Hugo peak RSS × |",
"|---|--:|--:|--:|--:|--:|",
(range(1; $sizes | length) as $i | $sizes[$i - 1] as $b | $sizes[$i] as $p |
	["\($b | num) → \($p | num)", ($p / $b | r(10)),
	 ratio(m("handbok"; $p; .wall); m("handbok"; $b; .wall)), ratio(m("handbok"; $p; .rss); m("handbok"; $b; .rss)),
	 ratio(m("hugo"; $p; .wall); m("hugo"; $b; .wall)), ratio(m("hugo"; $p; .rss); m("hugo"; $b; .rss))] | line),
"",
"| Target (issue 5) | measured | met |",
"|---|--:|---|",
(m("handbok"; 10000; .wall) as $hw | m("hugo"; 10000; .wall) as $gw |
	["10,000 pages: handbok build ≤ 0.3× Hugo'"'"'s time", ratio($hw; $gw),
	 yes(if $hw == null or $gw == null then null else $hw / $gw <= 0.3 end)] | line),
(m("handbok"; 10000; .rss) as $hr | m("hugo"; 10000; .rss) as $gr |
	["10,000 pages: handbok peak RSS ≤ 0.3× Hugo'"'"'s", ratio($hr; $gr),
	 yes(if $hr == null or $gr == null then null else $hr / $gr <= 0.3 end)] | line),
(m("handbok"; 50000; .rss) as $r |
	["50,000 pages: handbok peak RSS < 1 GB", (if $r == null then "not measured" else "\($r * 1024 / 1e6 | round) MB" end),
	 yes(if $r == null then null else $r * 1024 < 1e9 end)] | line)
'
say "done; raw numbers in $WORK"
