# shellcheck shell=bash
# bench/tools.sh: the tools that handbok is measured against, installed outside the
# repository in ~/.cache/handbok-bench, and what every bench script notes of the code it
# measures. Sourced by the bench scripts, which define say (progress on stderr) before
# calling these.
#
#   note_commit      writes what is measured to $WORK/commit.txt: $COMMIT when set (a tree
#                    that is not a git checkout), else HEAD, marked when the tree outside
#                    bench/ has uncommitted changes
#   have_hugo        Hugo v0.160.0 at $HUGO (go install; several minutes the first time)
#   have_pagefind    Pagefind 1.6.0 at $PF (npm install --prefix)
#   note_machine     writes the cores, Go's version and the load average to
#                    $WORK/machine.txt; note_load_after adds the load average after the
#                    runs; read_machine sets cores, gover, load_before and load_after
#   wait_healthy PORT PID LOG WHAT
#                    waits until handbok serve answers /healthz on 127.0.0.1:PORT; if
#                    process PID stops first or two minutes pass, prints LOG and exits
#   JQ_TABLES        jq definitions the scripts' tables share (below)
#
# Each installs its tool when the version measured is missing, then prints yes or no: a
# benchmark goes on without the tool, and says so, rather than failing.

BENCH_TOOLS=$HOME/.cache/handbok-bench
HUGOVERSION=v0.160.0
HUGO=${HUGO:-$BENCH_TOOLS/bin/hugo}
PFVERSION=1.6.0
PF=$BENCH_TOOLS/node_modules/.bin/pagefind

have_hugo() {
	if [[ "$("$HUGO" version 2>/dev/null)" != *"$HUGOVERSION"* ]]; then
		say "installing Hugo $HUGOVERSION into $BENCH_TOOLS/bin (go install; this takes a while)"
		mkdir -p "$BENCH_TOOLS/bin"
		(cd /tmp && GOBIN=$BENCH_TOOLS/bin go install "github.com/gohugoio/hugo@$HUGOVERSION") >&2 || true
	fi
	if [[ "$("$HUGO" version 2>/dev/null)" == *"$HUGOVERSION"* ]]; then
		echo yes
	else
		say "HUGO $HUGOVERSION COULD NOT BE INSTALLED OR RUN ($HUGO)"
		echo no
	fi
}

have_pagefind() {
	if [[ "$("$PF" --version 2>/dev/null)" != "pagefind $PFVERSION" ]]; then
		say "installing Pagefind $PFVERSION into $BENCH_TOOLS"
		mkdir -p "$BENCH_TOOLS"
		npm install --prefix "$BENCH_TOOLS" "pagefind@$PFVERSION" >&2 || true
	fi
	if [[ "$("$PF" --version 2>/dev/null)" == "pagefind $PFVERSION" ]]; then
		echo yes
	else
		say "PAGEFIND $PFVERSION COULD NOT BE INSTALLED OR RUN ($PF)"
		echo no
	fi
}

note_commit() {
	if [[ -z ${COMMIT:-} ]]; then
		COMMIT=$(git rev-parse --short HEAD)
		if [[ -n "$(git status --porcelain --untracked-files=no -- . ':!bench')" ]]; then
			COMMIT="$COMMIT with uncommitted changes"
		fi
	fi
	echo "$COMMIT" >"$WORK/commit.txt"
}

note_machine() {
	{
		nproc
		go env GOVERSION
		cut -d' ' -f1-3 /proc/loadavg
	} >"$WORK/machine.txt"
}

note_load_after() {
	cut -d' ' -f1-3 /proc/loadavg >>"$WORK/machine.txt"
}

read_machine() {
	{
		read -r cores
		read -r gover
		read -r load_before
		read -r load_after || load_after="?"
	} <"$WORK/machine.txt"
}

wait_healthy() {
	local port=$1 pid=$2 log=$3 what=$4
	for _ in $(seq 600); do
		if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; then
			return
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	say "handbok serve ($what) did not answer on 127.0.0.1:$port:"
	cat "$log" >&2
	exit 1
}

# JQ_TABLES: median of an array of numbers (null when empty); r(n), a number rounded to
# 1/n; sig, a number to three significant digits or so; show(unit), that as text with
# its unit, or "—" for null; ratio(a; b), a/b to two decimals, or "—"; line, an array as
# a row of a Markdown table.
# shellcheck disable=SC2016 # jq's $ and \( are jq's, not the shell's
JQ_TABLES='
def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
def r(n): if . == null then null else (. * n | round) / n end;
def sig: if . >= 100 then round elif . >= 10 then r(10) else r(100) end;
def show(unit): if . == null then "—" else "\(sig)\(unit)" end;
def ratio(a; b): if a == null or b == null or b == 0 then "—" else (a / b | r(100) | tostring) end;
def line: "| " + (map(tostring) | join(" | ")) + " |";
'
