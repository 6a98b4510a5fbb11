package build

import (
	"context"
	"time"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
)

// Check finds everything a build would report, without writing anything, and more: a
// link that leads nowhere and a policy or checklist that applies to every workplace only
// because its folder is not marked (site.CodeScope) are errors rather than warnings, and
// site.Audit's findings (policies past review or without a review date or owner,
// checklists without items or with items that nothing can tick off) are warnings, as
// are the pages with suggestions (open, from the records) that waited too long.
// Content errors do not hide the rest: the links and the audit are checked all the
// same. A lexicon (search.lexicon) must be there and its first lines must read as
// BÍN's. With strict, every warning is an error. An error means the check could not be
// made (the theme failed, or ctx is done); the content's problems are in the diagnostics.
func Check(ctx context.Context, p *Project, strict bool, open []site.OpenSuggestion) (*site.Site, site.Diagnostics, error) {
	s, th, diags := p.load(nil)
	diags = append(diags, checkLexicon(s)...)
	var warnings site.Diagnostics
	var err error
	if diags.Count(site.Error) == 0 {
		_, warnings, err = render.Render(ctx, s, p.FS, th, render.Discard{})
	} else {
		// A site with errors cannot be rendered, but its links can still be checked.
		warnings, err = render.CheckLinks(ctx, s, p.FS, th)
	}
	if err != nil {
		return s, diags, err
	}
	diags = append(diags, warnings...)
	now := time.Now()
	diags = append(diags, site.Audit(s, now)...)
	diags = append(diags, site.AuditSuggestions(s, open, now)...)
	for i, d := range diags {
		if d.Code == site.CodeLink || d.Code == site.CodeScope {
			diags[i].Severity = site.Error
		}
	}
	if strict {
		diags = diags.Strict()
	}
	diags.Sort()
	return s, diags, ctx.Err()
}
