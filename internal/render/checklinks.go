package render

import (
	"context"
	"io/fs"

	"github.com/handbok/handbok/internal/parallel"
	"github.com/handbok/handbok/internal/site"
)

// CheckLinks reports what rendering s would say of its pages' links, without rendering
// them: links to missing pages, files and headings, links that show as text, and raw
// HTML left out. It is for a site whose content has errors, which cannot be rendered
// but whose links can still be checked, so that one run reports every mistake. project
// is the project folder, from which a page loaded without its Markdown is read;
// themeFS is the theme, whose own ids headings do not take (see theme.IDs). A theme
// that does not load (that is one of the errors) keeps no ids from the headings.
func CheckLinks(ctx context.Context, s *site.Site, project, themeFS fs.FS) (site.Diagnostics, error) {
	md := newMarkdown(s.Config.Markdown.RawHTML)
	if themeFS != nil {
		if th, err := loadTheme(themeFS, s.Config.Language); err == nil {
			md.reserved = th.IDs()
		}
	}
	links := newLinkResolver(s)
	pageIndex := make(map[string]int, len(s.Pages))
	for i, pg := range s.Pages {
		pageIndex[pg.URL] = i
	}
	results := make([]*pageResult, len(s.Pages))
	err := parallel.Do(ctx, len(s.Pages), func(i int) error {
		res, err := untilDone(ctx, func() (*pageResult, error) {
			body, err := s.Pages[i].ReadBody(project)
			if err != nil {
				return nil, err
			}
			res := &pageResult{}
			parsePage(md, links, s.Pages[i], body, res)
			return res, nil
		})
		results[i] = res
		return err
	})
	if err != nil {
		return nil, err
	}
	return checkAnchors(s.Pages, results, pageIndex), nil
}
