package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// indexDir is where a project keeps its bleve index, under its folder.
const indexDir = ".handbok/search.bleve"

// OpenIndex opens the project's bleve index and brings it up to date with s: only the
// pages whose content changed since they were indexed are read and indexed again. opt
// says how long to wait while another process has the index open; see bleveindex.Open.
// The caller closes it.
func OpenIndex(ctx context.Context, p *Project, s *site.Site, opt bleveindex.Options) (*bleveindex.Index, error) {
	c, err := ClaimIndex(ctx, p, opt)
	if err != nil {
		return nil, err
	}
	idx, err := openClaimed(ctx, p, c, s)
	if err != nil {
		c.Release()
	}
	return idx, err
}

// OpenIndexOf is OpenIndex for content that may not have been loaded: when the index
// was last brought up to date by OpenIndexOf with content of the same stamp, it is
// opened as it is and the content is not loaded. Otherwise the content is loaded, the
// index brought up to date with it, and, when the content has no errors, its stamp
// recorded with the index (which the next change to the index forgets).
func OpenIndexOf(ctx context.Context, c *Content, opt bleveindex.Options) (*bleveindex.Index, error) {
	claim, err := ClaimIndex(ctx, c.project, opt)
	if err != nil {
		return nil, err
	}
	// The language alone, from handbok.yaml: an index of another language is made anew.
	cfg, _ := site.LoadConfig(c.project.FS, c.project.Name())
	idx, err := claim.Open(search.Language(cfg.Language))
	if err != nil {
		claim.Release()
		return nil, err
	}
	// The lexicon, if any, is read when the index is brought up to date: a new
	// version of its file changes the stamp as a change to the content does.
	stamp := c.stamp
	if stamp != "" && cfg.Search.Lexicon != "" {
		stamp += " " + lexiconID(c.project.lexiconFile(cfg.Search.Lexicon))
	}
	if stamp != "" && idx.Stamp() == stamp {
		return idx, nil
	}
	s, diags := c.Site()
	if s.Config.Language != cfg.Language {
		idx.Close() // handbok.yaml changed since it was read above
		return OpenIndex(ctx, c.project, s, opt)
	}
	if err := staleOf(c.project, s).update(ctx, idx); err != nil {
		idx.Close()
		return nil, err
	}
	if stamp != "" && diags.Count(site.Error) == 0 {
		if err := idx.SetStamp(stamp); err != nil {
			idx.Close()
			return nil, err
		}
	}
	return idx, nil
}

// ClaimIndex claims the project's bleve index for this process, waiting as opt says
// while another has it; see bleveindex.ClaimIndex.
func ClaimIndex(ctx context.Context, p *Project, opt bleveindex.Options) (*bleveindex.Claim, error) {
	dir := filepath.Join(p.Dir, filepath.FromSlash(indexDir))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	return bleveindex.ClaimIndex(ctx, dir, opt)
}

// openClaimed opens the claimed index and brings it up to date with s.
func openClaimed(ctx context.Context, p *Project, c *bleveindex.Claim, s *site.Site) (*bleveindex.Index, error) {
	idx, err := c.Open(search.Language(s.Config.Language))
	if err != nil {
		return nil, err
	}
	if err := staleOf(p, s).update(ctx, idx); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// ClaimIndex claims the project's bleve index for OpenIndex, before the first build, so
// that a process that cannot have it learns so before it builds.
func (b *Builder) ClaimIndex(ctx context.Context, opt bleveindex.Options) error {
	if b.index != nil || b.claim != nil {
		return errors.New("the search index is claimed already")
	}
	c, err := ClaimIndex(ctx, b.project, opt)
	b.claim = c
	return err
}

// OpenIndex opens the project's bleve index, up to date with s, the last build's site;
// the Builder keeps it up to date with each build after, and Close closes it. It opens
// it once: call it before the builds that follow, not while they run. It opens the
// index that ClaimIndex claimed, or claims it without waiting.
func (b *Builder) OpenIndex(ctx context.Context, s *site.Site) (*bleveindex.Index, error) {
	if b.index != nil {
		return nil, errors.New("the search index is open already")
	}
	if b.claim == nil {
		if err := b.ClaimIndex(ctx, bleveindex.Options{}); err != nil {
			return nil, err
		}
	}
	idx, err := openClaimed(ctx, b.project, b.claim, s)
	if err != nil {
		return nil, err
	}
	b.index, b.claim = idx, nil
	return idx, nil
}

// staleIndex is what bringing a bleve index up to date with a site needs of it: the
// hash of each page's search document, and the pages by id, copied so that a rebuild
// may change the site in place meanwhile.
type staleIndex struct {
	project *Project
	site    *site.Site
	hashes  map[string]string
	pages   map[string]*site.Page
}

func staleOf(p *Project, s *site.Site) staleIndex {
	st := staleIndex{project: p, site: s, hashes: render.SearchHashes(s), pages: make(map[string]*site.Page, len(s.Pages))}
	copies := make([]site.Page, len(s.Pages))
	for i, pg := range s.Pages {
		copies[i] = *pg
		st.pages[pg.ID] = &copies[i]
	}
	return st
}

// updateChunk is how many pages update reads and indexes at a time: it stops between
// chunks when its context is done, and what it indexed so far stays indexed.
const updateChunk = 256

// update indexes the pages whose hash idx does not have, and removes those it has that
// the site has not.
func (st staleIndex) update(ctx context.Context, idx *bleveindex.Index) error {
	if err := idx.UseLexicon(lexiconID(st.site.Config.Search.LexiconPath), render.LexiconOf(st.site)); err != nil {
		return err
	}
	changed, removed := idx.Stale(st.hashes)
	for start := 0; start == 0 || start < len(changed); start += updateChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		ids := changed[start:min(start+updateChunk, len(changed))]
		pages := make([]*site.Page, len(ids))
		for i, id := range ids {
			pages[i] = st.pages[id]
		}
		if err := idx.Update(render.SearchDocuments(st.site, st.project.FS, pages), st.hashes, removed); err != nil {
			return err
		}
		removed = nil
	}
	// The table of compounds' parts once all pages are in, rather than at the first
	// search.
	return idx.RefreshParts()
}
