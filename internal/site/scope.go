package site

import (
	"fmt"
	"path"
)

// CodeScope marks a policy or checklist that applies to every workplace without being
// put where the handbook says so: in a folder that is neither a workplace nor marked
// scope: all, most likely a workplace whose _index.md was forgotten. A warning while
// building, an error when checking.
const CodeScope = "scope"

// ScopeAll is the scope: of a folder's index page whose policies and checklists, and
// those of the folders inside it, apply to every workplace.
const ScopeAll = "all"

// readScope keeps the scope: of an index page for the linker, and reports it anywhere else.
func (s *source) readScope(scope string) {
	switch {
	case scope == "":
	case !isIndexFile(s.page.Path):
		s.report("scope", Error, "scope: belongs in the _index.md of a folder, and marks what the folder holds; move it to %s",
			path.Join(path.Dir(s.page.Path), "_index.md"))
	case scope != ScopeAll:
		s.report("scope", Error, "scope %q: write scope: all to mark what the folder holds as for every workplace, or leave scope: out", scope)
	default:
		s.forAll = true
	}
}

// checkScopes reports the policies and checklists that would apply to every workplace
// only because their folder is not a workplace: a policy outside every workplace is
// listed on each one's page, so forgetting a workplace's _index.md would publish its
// rules to all of them. Outside workplaces, policies and checklists belong at the top of
// content/ or in a folder whose index page (or a folder's above it) says scope: all.
func (l *linker) checkScopes() {
	marked := map[*Section]bool{} // folders whose index says scope: all
	unsure := map[*Section]bool{} // folders whose index could not be read: already reported
	for _, src := range l.sources {
		pg := src.page
		if !pg.IsIndex() {
			continue
		}
		sec := pg.Section
		unsure[sec] = src.uncertain
		if !src.forAll {
			continue
		}
		switch w := sec.Workplace; {
		case w == nil:
			marked[sec] = true
		case w.Section == sec:
			src.report("scope", Error, "%s is the workplace %s, whose policies and checklists are its own; remove scope: all, or remove kind: workplace",
				folderName(sec), w.Title)
		default:
			src.report("scope", Error, "%s is inside the workplace %s, whose policies and checklists are its own; remove scope: all, or move the folder out of %s",
				folderName(sec), w.Title, folderName(w.Section))
		}
	}
	for _, src := range l.sources {
		pg := src.page
		if pg.Workplace != nil || src.uncertain || pg.Kind != KindPolicy && pg.Kind != KindChecklist || !needsMark(pg.Section, marked, unsure) {
			continue
		}
		src.report("kind", Warning, "%s %q applies to every workplace, since %s is neither a workplace nor marked for every workplace: %s",
			pg.Kind, pg.Title, folderName(pg.Section), scopeFix(pg.Section))
		src.diags[len(src.diags)-1].Code = CodeScope
	}
}

// needsMark reports whether a folder outside every workplace holds policies and
// checklists for all of them without saying so: it is not the top of content/, and
// neither it nor a folder above it is marked. A folder whose index page, or one above
// it, could not be read is given the benefit of the doubt, since that page may be
// meant as a workplace and its error is reported already.
func needsMark(sec *Section, marked, unsure map[*Section]bool) bool {
	if sec.Parent == nil {
		return false
	}
	for ; sec != nil; sec = sec.Parent {
		if marked[sec] || unsure[sec] {
			return false
		}
	}
	return true
}

// scopeFix says how to make a folder either a workplace or a folder for every workplace.
func scopeFix(sec *Section) string {
	if sec.Index != nil {
		return fmt.Sprintf("if that folder is a workplace, set kind: workplace in %s; if what it holds is for every workplace, set scope: all there",
			sec.Index.Path)
	}
	index := path.Join(ContentDir, sec.Dir, "_index.md")
	return fmt.Sprintf("if that folder is a workplace, add %s with kind: workplace and a title; if what it holds is for every workplace, add %s with scope: all",
		index, index)
}

// folderName names a folder in messages as the source path it has: "content/laug/".
func folderName(sec *Section) string { return path.Join(ContentDir, sec.Dir) + "/" }
