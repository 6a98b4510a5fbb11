package site

import (
	"fmt"
	"time"
)

// OpenSuggestion is what AuditSuggestions needs of a suggestion still waiting for an
// answer: the key of its page (a policy's or checklist's id, else the page's URL) and
// when it was written.
type OpenSuggestion struct {
	Page    string
	Created time.Time
}

// AgeDays is how many whole days old something created at created is at now.
func AgeDays(created, now time.Time) int {
	if now.Before(created) {
		return 0
	}
	return int(now.Sub(created) / (24 * time.Hour))
}

// AuditSuggestions warns, at each page of s that has them, about suggestions that have
// waited for an answer longer than handbok.yaml's suggestions.stale_days at now. A
// suggestion about a page the site no longer has is left out: there is no file to name.
func AuditSuggestions(s *Site, open []OpenSuggestion, now time.Time) Diagnostics {
	stale := s.Config.Suggestions.StaleDays
	type waiting struct {
		count, oldest int
	}
	byPage := map[*Page]*waiting{}
	var byURL map[string]*Page
	for _, sg := range open {
		age := AgeDays(sg.Created, now)
		if age <= stale {
			continue
		}
		p := s.PageByID(sg.Page)
		if p == nil {
			if byURL == nil {
				byURL = make(map[string]*Page, len(s.Pages))
				for _, pg := range s.Pages {
					byURL[pg.URL] = pg
				}
			}
			p = byURL[sg.Page]
		}
		if p == nil {
			continue
		}
		w := byPage[p]
		if w == nil {
			w = &waiting{}
			byPage[p] = w
		}
		w.count++
		w.oldest = max(w.oldest, age)
	}
	var ds Diagnostics
	for p, w := range byPage {
		what := "page"
		if p.Kind == KindPolicy {
			what = "policy"
		}
		msg := fmt.Sprintf("%s %q: 1 suggestion has waited %d days for an answer, more than %d: answer it on the intranet's suggestions page (/_handbok/suggestions)",
			what, p.Title, w.oldest, stale)
		if w.count > 1 {
			msg = fmt.Sprintf("%s %q: %d suggestions have waited more than %d days for an answer, the oldest %d days: answer them on the intranet's suggestions page (/_handbok/suggestions)",
				what, p.Title, w.count, stale, w.oldest)
		}
		ds = append(ds, Diagnostic{Pos: p.KeyPos("kind"), Severity: Warning, Message: msg})
	}
	ds.Sort()
	return ds
}
