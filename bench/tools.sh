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
