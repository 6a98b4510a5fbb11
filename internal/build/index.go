package build

import (
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
// pages whose content changed since they were indexed are read and indexed again. The
// caller closes it.
func OpenIndex(p *Project, s *site.Site) (*bleveindex.Index, error) {
	dir := filepath.Join(p.Dir, filepath.FromSlash(indexDir))
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	idx, err := bleveindex.Open(dir, search.Language(s.Config.Language))
	if err != nil {
		return nil, err
	}
	if err := staleOf(p, s).update(idx); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// OpenIndex opens the project's bleve index, up to date with s, the last build's site;
// the Builder keeps it up to date with each build after, and Close closes it. It opens
// it once: call it before the builds that follow, not while they run.
func (b *Builder) OpenIndex(s *site.Site) (*bleveindex.Index, error) {
	if b.index != nil {
		return nil, errors.New("the search index is open already")
	}
	idx, err := OpenIndex(b.project, s)
	if err != nil {
		return nil, err
	}
	b.index = idx
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

// update indexes the pages whose hash idx does not have, and removes those it has that
// the site has not.
func (st staleIndex) update(idx *bleveindex.Index) error {
	changed, removed := idx.Stale(st.hashes)
	pages := make([]*site.Page, len(changed))
	for i, id := range changed {
		pages[i] = st.pages[id]
	}
	return idx.Update(render.SearchDocuments(st.site, st.project.FS, pages), st.hashes, removed)
}
