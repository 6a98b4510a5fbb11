#!/usr/bin/env bash
# bench/build.sh: `handbok build` against Hugo v0.160.0, and against Hugo followed by
# Pagefind 1.6.0 (the same site with search), on the same generated pages, measured the way
# users build: again and again into the same folder (issue 12; issue 5 before it).
#
#   bench/build.sh > build.md                        # 1,000 and 10,000 pages, 5 rounds
#   SIZES=10000 ROUNDS=5 BASE=d246373 bench/build.sh # before and after a change, side by side
#   SIZES=1000 ROUNDS=2 RUNS=1 QUIET=0 bench/build.sh   # a quick look that the script works
#   WORK=/tmp/hb-build SIZES=50000 bench/build.sh    # add a size to a past run's tables
#   WORK=/tmp/hb-build bench/build.sh summary        # the tables again, from a past run
#
# What it does:
# 1. For each PAGES in $SIZES, generates the corpus once: go run ./cmd/handbok-corpus -pages
#    PAGES -out $WORK/corpus-PAGES (deterministic: seed 1); a corpus already in $WORK is
#    used again. Builds handbok at this commit into $WORK/handbok. With BASE=<commit>, also
#    builds handbok at that commit from `git archive BASE` unpacked in $WORK/base-src (the
#    repository and its worktrees are not touched) into $WORK/handbok-base; it then takes
#    part in every alternation below as "handbok@BASE".
# 2. Installs Hugo v0.160.0 (go install; several minutes the first time) and Pagefind 1.6.0
#    (npm) outside the repository, in ~/.cache/handbok-bench (bench/tools.sh). Without one
#    of them it says so in capitals and measures the others.
# 3. The quiet-disk runs, the best case (issue 5's method): RUNS times per size, each
#    contender builds into a new folder ($WORK/out-TOOL-PAGES-RUN; Hugo with a new
#    --cacheDir), after `sync` (untimed), the first build QUIET seconds after the last
#    removal of outputs (see "The disk" below). RUNS=0 leaves them out.
# 4. The rebuild loop, the headline: per size, 1 + ROUNDS rounds, no wait and no sync
#    between builds. In each round every contender builds twice in a row into its own
#    fixed folder, as a user's `handbok build` or `hugo` does:
#      handbok          handbok build --source CORPUS --dest $WORK/loop-handbok-PAGES
#      handbok@BASE     the same with $WORK/handbok-base into $WORK/loop-base-PAGES
#      Hugo             hugo --source CORPUS --destination $WORK/loop-hugo-PAGES
#                       --cacheDir $WORK/loop-hugo-cache-PAGES (and the options of step 6)
#      Hugo + Pagefind  that Hugo build, then pagefind --site $WORK/loop-hugo-PAGES, the two
#                       counted as one build: wall, user and kernel time added, peak RSS the
#                       larger of the two, files added
#    The second build of the two ("loop", back to back: the headline) comes right after
#    the contender's last build, as in a cycle of edit and build; the first ("spaced")
#    comes after the other contenders' builds, a minute or more at 10,000 pages. The disk
#    (below) can treat the two differently. The order of the contenders turns by
#    one place each round, so that none always follows the same one. Round 0 builds into
#    empty folders: a warm-up, shown but not counted in the medians. handbok writes its new
#    site beside --dest, swaps it in and removes the old one, inside the timed build; Hugo
#    and Pagefind write over their last output, file by file.
# 5. Prints the summary on stdout (progress goes to stderr), Markdown ready for
#    BENCHMARKS.md: the machine; the medians of the rebuild loop, back to back and spaced;
#    the quiet-disk medians beside them, labelled as the best case; the ratios
#    handbok/Hugo, handbok/(Hugo + Pagefind) and, with BASE, handbok/handbok@BASE, with the
#    range of the round-by-round ratios; every round's wall and kernel time and the CPU
#    that other processes used meanwhile; the targets of issues 5 and 12.
# 6. Hugo reads the corpus's content/ as it is, with bench/build/hugo.toml and the minimal
#    theme bench/build/hugo-theme: a page per policy (title, description, version, dates,
#    owner, approvals, table of contents, body, tags), checklists with their items, a list
#    page per workplace folder, a home page, and the workplace navigation on every page
#    through partialCached keyed by the workplace. handbok's links to .md files are
#    resolved by Hugo's embedded link render hook. Hugo v0.160.0 logs an error for the
#    `kind` key that handbok's front matter has on every page (Hugo removed `kind` as a
#    front-matter key in v0.144.0) and exits with 1 after rendering every page; the script
#    accepts that one error and fails on any other.
#
# What each build records, under /usr/bin/time -v: wall time, user time and kernel (system)
# time apart, peak RSS; the files in its output after the build, and how many of them are
# new (an inode that was not in the output before the build) and how many files of the
# output before are gone. For handbok that is its whole site: pages, search fragments and
# shards, assets, offline list and manifest. For Hugo it is its output but pagefind/; for
# Pagefind, pagefind/. Also the CPU time that other processes used during the build
# (/proc/stat's busy time, less the build's own).
# Raw numbers go to $WORK/times.txt, one line per build: "method tool pages round wall_s
# user_s sys_s peak_rss_kb files new_files removed_files others_cpu_s", method being loop,
# spaced or quiet and tool handbok, base, hugo or pagefind. A new run of a size replaces
# that size's lines of the methods it runs and keeps the others. (Lines of the format before
# issue 12 are left out of the tables.)
#
# The disk. This machine's ext4 has no journal. Such an ext4 does not hand out an inode
# freed in the last 60 seconds, or 360 while the block of the inode table that holds it is
# dirty, and checks every such inode on the way to a free one (fs/ext4/ialloc.c,
# recently_deleted): after a large removal, every new file costs a scan for minutes. A user
# who builds again and again pays that, since each handbok build removes the last one's
# files; the rebuild loop measures it. How much a build pays varies from build to build:
# it depends on where its new folders land and how recently inodes there were freed (by
# its own last build, by another contender's, by anything else on the disk); the rounds
# table shows it. Hugo and Pagefind overwrite their files and create none in a loop, so
# they do not pay it. The quiet-disk runs measure the best case: the outputs of this run
# stay until its end, and the first quiet build waits until QUIET seconds have passed
# since the script last removed outputs. Removing other large folders on the same disk
# shortly before a run spoils them; the script cannot see that.
#
# The machine has 2 cores and is shared with other work, so times move from build to build:
# the contenders alternate, the tables give medians, and the rounds table shows the CPU
# that others used. A best case may stand beside the loop, never alone.
#
# Environment: SIZES ("1000 10000"), ROUNDS (5, at least 1: counted rounds of the loop, after
# the warm-up), RUNS (3: quiet-disk runs, 0 for none), QUIET (300 s), BASE (a commit to
# build and measure beside this one), WORK (a new folder under /tmp, kept afterwards), HUGO
# (~/.cache/handbok-bench/bin/hugo), COMMIT (what the code measured is, for a tree that is
# not a git checkout). Needs go, git (for BASE), jq, npm (for Pagefind) and /usr/bin/time.
#
# How long: with the corpora made and the tools installed, SIZES=10000 ROUNDS=5 RUNS=3
# BASE=… takes about 25 minutes here on a quiet machine, and longer when it is busy: up to
# 5 minutes of waiting (QUIET), then per build handbok and handbok@BASE 5–10 s each, Hugo
# 15–20 s and Pagefind 30–60 s; 12 builds of each in the loop, 3 on the quiet disk.
# 1,000 pages take about a tenth of that, 50,000 pages six to eight times as long.
# The corpus of 10,000 pages takes about 20 s to make, Hugo's install several minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-1000 10000}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-3}
QUIET=${QUIET:-300}
BASE=${BASE:-}
WORK=${WORK:-$(mktemp -d /tmp/handbok-bench.XXXXXX)}
say() { echo "build.sh: $*" >&2; }
# shellcheck source=bench/tools.sh
. bench/tools.sh
if ((ROUNDS < 1)); then
	say "ROUNDS must be at least 1"
	exit 2
fi
mkdir -p "$WORK"
say "working in $WORK"

# inodes DIR [SKIP]: the inode numbers of the files under DIR, but DIR/SKIP, sorted.
inodes() {
	[[ -d $1 ]] || return 0
	if [[ -n ${2:-} ]]; then
		find "$1" -path "$1/$2" -prune -o -type f -printf '%i\n'
	else
		find "$1" -type f -printf '%i\n'
	fi | sort
}

# busy: the CPU time all processes have used since boot, in clock ticks.
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# timed METHOD TOOL PAGES ROUND DIR SKIP CMD…: runs CMD under /usr/bin/time -v and adds its
# line to $WORK/times.txt (see the header), counting the files under DIR but DIR/SKIP.
# The output of CMD goes to $WORK/logs/METHOD-TOOL-PAGES.log.
timed() {
	local method=$1 tool=$2 pages=$3 round=$4 dir=$5 skip=$6
	shift 6
	local log=$WORK/logs/$method-$tool-$pages.log before after
	inodes "$dir" "$skip" >"$WORK/inodes-before"
	before=$(busy)
	if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$log" 2>&1; then
		# Hugo logs an ERROR for the `kind` key of handbok's front matter ("kind in front
		# matter was deprecated in Hugo v0.144.0 and subsequently removed") and so exits
		# with 1, after rendering every page. That error alone is not a failed build.
		if [[ $tool != hugo ]] || ! grep -q 'kind in front matter was deprecated' "$log" ||
			grep -i '^error' "$log" | grep -v -e 'kind in front matter was deprecated' \
				-e 'error building site: logged [0-9]* error(s)' >&2; then
			cat "$log" "$WORK/time.txt" >&2
			return 1
		fi
	fi
	after=$(busy)
	inodes "$dir" "$skip" >"$WORK/inodes-after"
	local files new removed
	files=$(wc -l <"$WORK/inodes-after")
	new=$(comm -13 "$WORK/inodes-before" "$WORK/inodes-after" | wc -l)
	removed=$(comm -23 "$WORK/inodes-before" "$WORK/inodes-after" | wc -l)
	awk -v head="$method $tool $pages $round" -v tail="$files $new $removed" \
		-v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
		/User time/ { user = $2 }
		/System time/ { sys = $2 }
		/Maximum resident set size/ { rss = $2 }
		END { printf "%s %.2f %.2f %.2f %d %s %.2f\n", head, wall, user, sys, rss, tail, ticks / hz - user - sys }' \
		"$WORK/time.txt" | tee -a "$WORK/times.txt" >&2
}

# build METHOD PAGES ROUND WHO: one build of WHO (handbok, base, or hugo followed by
# Pagefind) into the folders of METHOD.
build() {
	local method=$1 pages=$2 round=$3 who=$4 out cache
	local corpus=$WORK/corpus-$pages
	if [[ $method != quiet ]]; then
		out=$WORK/loop-$who-$pages cache=$WORK/loop-hugo-cache-$pages
	else
		out=$WORK/out-$who-$pages-$round cache=$WORK/out-hugo-cache-$pages-$round
		sync # the last build's files go to the disk first, not while this one writes its own
	fi
	case $who in
	handbok) timed "$method" handbok "$pages" "$round" "$out" "" "$WORK/handbok" build --source "$corpus" --dest "$out" ;;
	base) timed "$method" base "$pages" "$round" "$out" "" "$WORK/handbok-base" build --source "$corpus" --dest "$out" ;;
	hugo)
		timed "$method" hugo "$pages" "$round" "$out" pagefind "$HUGO" --source "$corpus" \
			--config "$ROOT/bench/build/hugo.toml" --themesDir "$ROOT/bench/build" \
			--destination "$out" --cacheDir "$cache" --noBuildLock
		if [[ $pagefind == yes ]]; then
			timed "$method" pagefind "$pages" "$round" "$out/pagefind" "" "$PF" --site "$out"
		fi
		;;
	esac
}

# rounds METHOD PAGES FIRST LAST: rounds FIRST to LAST of METHOD (quiet or loop), the
# order of the contenders turning by one place each round; this size's old lines of
# METHOD go. In a round of the loop, each contender builds twice in a row: spaced, then
# loop, right after.
rounds() {
	local method=$1 pages=$2 first=$3 last=$4 round i who
	awk -v method="$method" -v pages="$pages" '!(($1 == method || method == "loop" && $1 == "spaced") && $3 == pages)' \
		"$WORK/times.txt" >"$WORK/times.tmp"
	mv "$WORK/times.tmp" "$WORK/times.txt"
	for ((round = first; round <= last; round++)); do
		say "$method, $pages pages, round $round of $first–$last" \
			"(method tool pages round wall_s user_s sys_s peak_rss_kb files new removed others_cpu_s)"
		for ((i = 0; i < ${#contenders[@]}; i++)); do
			who=${contenders[(round + i) % ${#contenders[@]}]}
			if [[ $method == quiet ]]; then
				build quiet "$pages" "$round" "$who"
			else
				build spaced "$pages" "$round" "$who"
				build loop "$pages" "$round" "$who"
			fi
		done
	done
}

measure() {
	local start
	start=$(date +%s)
	echo "SIZES=\"$SIZES\" ROUNDS=$ROUNDS RUNS=$RUNS QUIET=$QUIET${BASE:+ BASE=$BASE} bench/build.sh" >"$WORK/command.txt"
	# 1. handbok at this commit, and at BASE.
	note_commit
	go build -o "$WORK/handbok" ./cmd/handbok
	contenders=(handbok)
	rm -f "$WORK/base.txt"
	if [[ -n $BASE ]]; then
		local base
		base=$(git rev-parse --short "$BASE^{commit}")
		say "building handbok at $base (BASE) in $WORK/base-src"
		rm -rf "$WORK/base-src"
		mkdir -p "$WORK/base-src"
		git archive "$base" | tar -x -C "$WORK/base-src"
		(cd "$WORK/base-src" && go build -o "$WORK/handbok-base" ./cmd/handbok)
		echo "$base" >"$WORK/base.txt"
		contenders+=(base)
	fi

	# 2. Hugo and Pagefind, outside the repository.
	hugo=$(have_hugo)
	pagefind=no
	if [[ $hugo == yes ]]; then
		"$HUGO" version >"$WORK/hugo-version.txt"
		contenders+=(hugo)
		pagefind=$(have_pagefind)
	else
		: >"$WORK/hugo-version.txt"
	fi
	if [[ $pagefind == yes ]]; then
		"$PF" --version >"$WORK/pagefind-version.txt"
	else
		: >"$WORK/pagefind-version.txt"
	fi

	# The machine, and the corpora.
	local dev fs
	dev=$(findmnt -no SOURCE -T "$WORK")
	fs="$WORK on $(findmnt -no FSTYPE -T "$WORK")"
	if [[ "$(cat "/sys/fs/ext4/${dev##*/}/journal_task" 2>/dev/null)" == "<none>" ]]; then
		fs="$fs without a journal"
	fi
	echo "$(nproc) cores ($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | sort -u | head -1))," \
		"$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory," \
		"Linux $(uname -r), $fs; $(go env GOVERSION)" >"$WORK/machine.txt"
	touch "$WORK/times.txt"
	mkdir -p "$WORK/logs"
	for pages in $SIZES; do
		local corpus=$WORK/corpus-$pages
		if [[ ! -s "$WORK/corpus-$pages.txt" || ! -d "$corpus/content" ]]; then
			rm -rf "$corpus"
			go run ./cmd/handbok-corpus -pages "$pages" -out "$corpus" | tee "$WORK/corpus-$pages.txt" >&2
		fi
	done
	if compgen -G "$WORK/out-*" >/dev/null || compgen -G "$WORK/*loop-*" >/dev/null; then
		say "removing the outputs of an earlier run"
		rm -rf "$WORK"/out-* "$WORK"/loop-* "$WORK"/.loop-*
		date +%s >"$WORK/removed-at"
	fi

	# 3. The quiet-disk runs, all sizes before any loop: the loop removes files all along.
	if ((RUNS > 0)); then
		local since=$(($(date +%s) - $(cat "$WORK/removed-at" 2>/dev/null || echo 0)))
		if ((since < QUIET)); then
			say "waiting $((QUIET - since)) s after the last removal of outputs (see the header)"
			sync
			sleep $((QUIET - since))
		fi
		for pages in $SIZES; do
			rounds quiet "$pages" 1 "$RUNS"
		done
	fi

	# 4. The rebuild loop.
	for pages in $SIZES; do
		rounds loop "$pages" 0 "$ROUNDS"
	done

	say "removing this run's outputs"
	rm -rf "$WORK"/out-* "$WORK"/loop-*
	date +%s >"$WORK/removed-at"
	local took=$(($(date +%s) - start))
	echo "$((took / 60)) min $((took % 60)) s" >"$WORK/duration.txt"
}

if [[ ${1:-} == summary ]]; then
	[[ -s "$WORK/times.txt" ]] || { say "no past run in $WORK"; exit 2; }
else
	measure
fi

# 5. The summary.
corpora=$(for f in "$WORK"/corpus-*.txt; do
	[[ -e $f ]] || continue
	p=${f##*/corpus-}
	printf '%s\t%s\n' "${p%.txt}" "$(sed -n 's/^Wrote \([0-9]*\) Markdown pages (\([^)]*\)).*/\1 files, \2/p' "$f")"
done | jq -Rn '[inputs | split("\t") | {key: .[0], value: .[1]}] | from_entries')
jq -rn \
	--argjson raw "$(jq -Rn '[inputs | split(" ") | select(length == 12 and (.[0] == "loop" or .[0] == "spaced" or .[0] == "quiet")) |
		{method: .[0], tool: .[1]} + (.[2:] | map(tonumber) |
		{pages: .[0], round: .[1], wall: .[2], user: .[3], sys: .[4], rss: .[5], files: .[6], new: .[7], removed: .[8], others: .[9]})]' "$WORK/times.txt")" \
	--arg older "$(awk '$1 != "loop" && $1 != "spaced" && $1 != "quiet"' "$WORK/times.txt" | wc -l)" \
	--argjson corpora "$corpora" \
	--arg commit "$(cat "$WORK/commit.txt")" \
	--arg base "$(cat "$WORK/base.txt" 2>/dev/null || true)" \
	--arg hugo "$(cat "$WORK/hugo-version.txt" 2>/dev/null || true)" \
	--arg pagefind "$(cat "$WORK/pagefind-version.txt" 2>/dev/null || true)" \
	--arg machine "$(cat "$WORK/machine.txt" 2>/dev/null || echo "machine not recorded")" \
	--arg command "$(cat "$WORK/command.txt" 2>/dev/null || true)" \
	--arg duration "$(cat "$WORK/duration.txt" 2>/dev/null || true)" "$JQ_TABLES"'
def yes(ok): if ok == null then "—" elif ok then "yes" else "**no**" end;
def num: tostring | [splits("")] | reverse | [range(0; length; 3) as $i | .[$i:$i + 3] | reverse | join("")] | reverse | join(",");

# Each Hugo build that Pagefind followed is also one build of "Hugo + Pagefind".
($raw + [$raw[] | select(.tool == "hugo") as $h |
	$raw[] | select(.tool == "pagefind" and .method == $h.method and .pages == $h.pages and .round == $h.round) as $p |
	{method: $h.method, tool: "hugopf", pages: $h.pages, round: $h.round, wall: ($h.wall + $p.wall),
	 user: ($h.user + $p.user), sys: ($h.sys + $p.sys), rss: ([$h.rss, $p.rss] | max),
	 files: ($h.files + $p.files), new: ($h.new + $p.new), removed: ($h.removed + $p.removed),
	 others: ($h.others + $p.others)}]) as $rows |
def name: {handbok: "handbok", base: "handbok@\($base)", hugo: "Hugo", hugopf: "Hugo + Pagefind",
	pagefind: "Pagefind alone (part of the above)"}[.];
def tools: ["handbok", "base", "hugo", "hugopf", "pagefind"];
def sizes(m): [$rows[] | select(.method == m) | .pages] | unique;
def methods: ["loop", "spaced", "quiet"];
def mlabel: {loop: "rebuild loop, back to back", spaced: "rebuild loop, after the others", quiet: "quiet disk (best case)"}[.];
# The builds that count: the loop without its warm-up round.
def builds(m; p; t): [$rows[] | select(.method == m and .pages == p and .tool == t and (m == "quiet" or .round >= 1))];
def med(m; p; t; f): [builds(m; p; t)[] | f] | median;
def cpu(m; p; t): med(m; p; t; .user + .sys);

def medians(m):
	"| Pages (Markdown files, size) | Contender | builds | wall | user | kernel | peak RSS | files in output | new / removed files |",
	"|---|---|--:|--:|--:|--:|--:|--:|--:|",
	(sizes(m)[] as $p | tools[] as $t | builds(m; $p; $t) | select(length > 0) |
		["\($p | num) (\($corpora[$p | tostring] // "?"))", ($t | name), length,
		 (med(m; $p; $t; .wall) | show(" s")), (med(m; $p; $t; .user) | show(" s")), (med(m; $p; $t; .sys) | show(" s")),
		 (med(m; $p; $t; .rss / 1024) | show(" MiB")), (med(m; $p; $t; .files) | num),
		 "\(med(m; $p; $t; .new) | num) / \(med(m; $p; $t; .removed) | num)"] | line);

def ratios:
	"| Method | Pages | Ratio of the medians | wall | user | kernel | CPU (user + kernel) | peak RSS | wall, round by round |",
	"|---|--:|---|--:|--:|--:|--:|--:|--:|",
	(methods[] as $m | sizes($m)[] as $p |
	 (["handbok", "hugo"], ["handbok", "hugopf"], ["handbok", "base"]) as [$a, $b] |
	 select((builds($m; $p; $a) | length) > 0 and (builds($m; $p; $b) | length) > 0) |
	 [builds($m; $p; $a)[] as $x | builds($m; $p; $b)[] | select(.round == $x.round) | $x.wall / .wall] as $each |
	 [($m | mlabel), ($p | num), "\($a | name) / \($b | name)",
	  ratio(med($m; $p; $a; .wall); med($m; $p; $b; .wall)), ratio(med($m; $p; $a; .user); med($m; $p; $b; .user)),
	  ratio(med($m; $p; $a; .sys); med($m; $p; $b; .sys)), ratio(cpu($m; $p; $a); cpu($m; $p; $b)),
	  ratio(med($m; $p; $a; .rss); med($m; $p; $b; .rss)),
	  "\($each | min | r(100))–\($each | max | r(100))"] | line);

def perround(m):
	([$rows[] | select(.method == m) | .round] | unique) as $rounds |
	"| Pages | Wall (kernel), s | " +
		($rounds | map(if m == "quiet" then "run \(.)" elif . == 0 then "warm-up" else "round \(.)" end) | join(" | ")) + " |",
	"|---|---|" + ($rounds | map("--:|") | join("")),
	(sizes(m)[] as $p |
	 (tools[] as $t | [$rows[] | select(.method == m and .pages == $p and .tool == $t)] | select(length > 0) | . as $b |
		[($p | num), ($t | name)] + ($rounds | map(. as $r | $b | map(select(.round == $r)) |
			if length == 0 then "—" else "\(.[0].wall | r(100)) (\(.[0].sys | r(100)))" end)) | line),
	 ([($p | num), "CPU used meanwhile by other processes and kernel threads"] + ($rounds | map(. as $r |
		[$rows[] | select(.method == m and .pages == $p and .round == $r and .tool != "hugopf") | .others] |
		add | if . == null then "—" elif . < 0 then "0" else "\(r(10))" end)) | line));

# target([measured, met] or null)
def target: if . == null then "—" else "\(.[0]): \(yes(.[1]))" end;

"Build benchmark: handbok at \($commit)" + (if $base != "" then " and at \($base) (BASE)" else "" end) +
	"; \(if $hugo != "" then $hugo else "HUGO NOT INSTALLED OR NOT RUNNING" end)" +
	"; \(if $pagefind != "" then $pagefind else "PAGEFIND NOT INSTALLED OR NOT RUNNING" end)" +
	"; \($machine); the machine is shared with other work." +
	(if $command != "" then " `\($command)`" else "" end) + (if $duration != "" then ", \($duration)." else "" end),
(if $older != "0" then "(\($older) lines of $WORK/times.txt in the format before issue 12 are left out.)" else empty end),
"",
(if (sizes("loop") | length) > 0 then
	"**Rebuild loop, back to back** (how users build): each contender builds again into its own fixed folder right",
	"after its last build there, with no wait; medians of the rounds after a warm-up round (not counted).",
	"",
	medians("loop"), "" else empty end),
(if (sizes("spaced") | length) > 0 then
	"**Rebuild loop, after the others:** the same folders, each contender'"'"'s first build of a round, after the other",
	"contenders'"'"' builds since its last (at 10,000 pages about a minute).",
	"",
	medians("spaced"), "" else empty end),
(if (sizes("quiet") | length) > 0 then
	"**Quiet disk, the best case** (not what a user who builds again sees): each build into a new folder, the first",
	"one after minutes without removals of files; medians of the runs.",
	"",
	medians("quiet"), "" else empty end),
"Wall, user and kernel (system) time apart, from /usr/bin/time -v. Files: the regular files in the output after the",
"build (handbok: pages, search fragments and shards, assets, offline list, manifest; Hugo: its output but pagefind/;",
"Pagefind: pagefind/); new: files whose inode was not in the output before the build; removed: files of the output",
"before that are gone after. Hugo + Pagefind: the two builds added up, peak RSS the larger.",
"",
ratios,
"",
"Round by round (the alternation; the order of the contenders turns each round):",
"",
(methods[] as $m | select((sizes($m) | length) > 0) | "\($m | mlabel | .[:1] | ascii_upcase)\($m | mlabel | .[1:]):", "", perround($m), ""),
"| Target | " + (methods | map(mlabel) | join(" | ")) + " |",
"|---|---|---|---|",
(def tw(m; p): med(m; p; "handbok"; .wall) as $a | med(m; p; "hugo"; .wall) as $b |
	if $a == null or $b == null then null else [ratio($a; $b), $a / $b <= 0.3] end;
 def tr(m; p): med(m; p; "handbok"; .rss) as $a | med(m; p; "hugo"; .rss) as $b |
	if $a == null or $b == null then null else [ratio($a; $b), $a / $b <= 0.3] end;
 def gb(m): med(m; 50000; "handbok"; .rss) as $a | if $a == null then null else ["\($a * 1024 / 1e6 | round) MB", $a * 1024 < 1e9] end;
 def nb(m): med(m; 10000; "handbok"; .wall) as $a | med(m; 10000; "base"; .wall) as $b |
	[builds(m; 10000; "handbok")[] as $x | builds(m; 10000; "base")[] | select(.round == $x.round) | $x.wall / .wall] as $each |
	if $a == null or $b == null then null
	else ["\(ratio($a; $b)) (rounds \($each | min | r(100))–\($each | max | r(100)))", $a <= $b] end;
 (["10,000 pages: handbok ≤ 0.3× Hugo'"'"'s wall time (issue 5)", (methods[] as $m | tw($m; 10000) | target)] | line),
 (["10,000 pages: handbok peak RSS ≤ 0.3× Hugo'"'"'s (issue 5)", (methods[] as $m | tr($m; 10000) | target)] | line),
 (["50,000 pages: handbok peak RSS < 1 GB (issue 5)", (methods[] as $m | gb($m) | target)] | line),
 (if $base != "" then ["10,000 pages: handbok not slower than handbok@\($base) (issue 12)",
	(methods[] as $m | nb($m) | target)] | line else empty end))
'
say "done; raw numbers in $WORK"
