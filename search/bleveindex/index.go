// Package bleveindex is the bleve index of a handbook, behind `handbok search` and the
// server's /api/search. It keeps each text field three times, once per form of its
// words (exact, folded, stemmed, by the analyzer of package search), so that a query
// can weigh an exact match above a folded one and that above a stemmed one. It is kept
// up to date page by page: Stale says which pages changed since they were indexed, and
// Update indexes just those.
//
// It is a package of its own so that building the static site does not link bleve.
package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/handbok/handbok/search"
)

// The analyzers are registered with bleve under these names, one set per language:
// handbok_is_exact, handbok_is_fold, handbok_is_stem…
var forms = []string{"exact", "fold", "stem"}

// formAnalyzer is a bleve analyzer that emits one form of each token of search.Analyze.
type formAnalyzer struct {
	lang search.Language
	form string
}

func (a formAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return tokenStream(search.Analyze(string(text), a.lang), a.form)
}

// tokenStream returns one form of each of tokens. The tokens, and their terms, share
// one allocation each: a page has thousands of words.
func tokenStream(tokens []search.Token, form string) analysis.TokenStream {
	term := func(tk search.Token) string {
		switch form {
		case "exact":
			return tk.Exact
		case "stem":
			return tk.Stem
		}
		return tk.Fold
	}
	size := 0
	for _, tk := range tokens {
		size += len(term(tk))
	}
	terms := make([]byte, 0, size)
	all := make([]analysis.Token, len(tokens))
	out := make(analysis.TokenStream, len(tokens))
	for i, tk := range tokens {
		start := len(terms)
		terms = append(terms, term(tk)...)
		all[i] = analysis.Token{
			Term: terms[start:len(terms):len(terms)], Start: tk.Start, End: tk.End, Position: i + 1, Type: analysis.AlphaNumeric,
		}
		out[i] = &all[i]
	}
	return out
}

func analyzerName(lang search.Language, form string) string {
	return "handbok_" + string(lang) + "_" + form
}

func init() {
	for _, lang := range []search.Language{search.Icelandic, search.English} {
		for _, form := range forms {
			a := formAnalyzer{lang: lang, form: form}
			if err := registry.RegisterAnalyzer(analyzerName(lang, form), func(map[string]any, *registry.Cache) (analysis.Analyzer, error) {
				return a, nil
			}); err != nil {
				panic(err)
			}
		}
	}
}

// schema changes whenever the mapping, the analyzer or what goes into a document does,
// so that an index made by an older handbok is made anew rather than searched wrongly.
// (handbok-2 indexes made by handbok serve --no-watch lack the pages' text; handbok-3
// indexes keep headings and body apart, not the text in reading order; handbok-4 ones
// have no table of compounds' parts; handbok-5 ones copy every field into bleve's
// field of all fields and keep doc values of each; handbok-6 ones file "eldri" under
// "eldur" and "kallandi" apart from "kalla".)
const schema = "handbok-7"

// Index is the bleve index of a handbook, kept up to date page by page.
type Index struct {
	idx     bleve.Index
	mapping *mapping.IndexMappingImpl // what the index holds, and how Update makes it
	lang    search.Language
	hashes  map[string]string // page id → hash of what was indexed
	stamp   string            // see Stamp
	claim   *Claim
	// parts maps the key of each part of the handbook's compound words to the
	// compounds (see RefreshParts), and with a lexicon each form's key to the words
	// of its lemma; searches read it while an update makes the next. partsStale says
	// the pages changed since it was made; partsMu is held while it is made, and
	// guards lexicon and lexiconID, the lexicon it was made with (see UseLexicon).
	parts      atomic.Pointer[map[string][]string]
	partsStale atomic.Bool
	partsMu    sync.Mutex
	lexicon    search.Lexicon
	lexiconID  string
}

// boltTimeout bounds each wait for bbolt's own lock on the index, which a handbok from
// before the lock file beside the index holds alone; Open tries again while it waits.
const boltTimeout = "100ms"

// Open opens the index in dir, or makes it there, for this process alone. While
// another process has it open, Open waits as opt says, then returns a *LockedError
// (errors.Is ErrLocked); it returns ctx's error as soon as ctx is done. Either way it
// leaves the index as it is. An index of another schema or language, or one that
// cannot be read, is removed and made anew.
func Open(ctx context.Context, dir string, lang search.Language, opt Options) (*Index, error) {
	return waitFor(ctx, opt, func() (*Index, error) {
		c, err := tryClaim(dir, opt.Holder)
		if err != nil {
			return nil, err
		}
		x, err := c.Open(lang)
		if err != nil {
			c.Release()
		}
		return x, err
	})
}

// Open opens the claimed index, or makes it, as the package's Open does, without
// waiting; the Index holds the claim from then on, and lets go of it when closed.
func (c *Claim) Open(lang search.Language) (*Index, error) {
	if c.f == nil {
		return nil, errors.New("the search index's claim was let go of")
	}
	x, err := openClaimed(c.dir, search.Language(langCode(lang)))
	if err != nil {
		return nil, err
	}
	x.claim = c
	return x, nil
}

// openClaimed opens the index in dir, which this process has claimed, or makes it
// anew.
func openClaimed(dir string, lang search.Language) (*Index, error) {
	idx, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": boltTimeout})
	switch {
	case err == nil:
		if x := fromIndex(idx, lang); x != nil {
			return x, nil
		}
		if err := idx.Close(); err != nil {
			return nil, fmt.Errorf("search index %s: %w", dir, err)
		}
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, &LockedError{Dir: dir} // by a handbok from before the lock file
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("search index %s: %w", dir, err)
	}
	// There is no index, or one that cannot be read (bleve does not tell its kinds of
	// damage apart), or one of another schema: it is made anew, which is safe since no
	// other process can have it open while this one holds the claim.
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	m := indexMapping(lang)
	idx, err = bleve.New(dir, m)
	if err != nil {
		return nil, fmt.Errorf("search index %s: %w", dir, err)
	}
	if err := idx.SetInternal([]byte("schema"), []byte(schemaOf(lang))); err != nil {
		idx.Close()
		return nil, fmt.Errorf("search index %s: %w", dir, err)
	}
	return &Index{idx: idx, mapping: m, lang: lang, hashes: map[string]string{}}, nil
}

// fromIndex returns the Index of an open bleve index, or nil when the index is of
// another schema or language, or what it says it holds cannot be read.
func fromIndex(idx bleve.Index, lang search.Language) *Index {
	got, err := idx.GetInternal([]byte("schema"))
	if err != nil || string(got) != schemaOf(lang) {
		return nil
	}
	x := &Index{idx: idx, mapping: indexMapping(lang), lang: lang, hashes: map[string]string{}}
	data, err := idx.GetInternal([]byte("hashes"))
	if err != nil || (data != nil && json.Unmarshal(data, &x.hashes) != nil) || x.readParts() != nil {
		return nil
	}
	stamp, err := idx.GetInternal(stampKey)
	if err != nil {
		return nil
	}
	x.stamp = string(stamp)
	return x
}

func schemaOf(lang search.Language) string { return schema + "/" + string(lang) }

func langCode(l search.Language) string {
	if l == search.English {
		return "en"
	}
	return "is"
}

func indexMapping(lang search.Language) *mapping.IndexMappingImpl {
	doc := bleve.NewDocumentStaticMapping()
	for _, field := range []string{"title", "headings", "body"} {
		var fms []*mapping.FieldMapping
		for _, form := range forms {
			fm := bleve.NewTextFieldMapping()
			fm.Name = field + "_" + form
			fm.Analyzer = analyzerName(lang, form)
			fm.Store = false
			fm.IncludeTermVectors = false
			fm.IncludeInAll = false
			fm.DocValues = false
			fms = append(fms, fm)
		}
		// Results show the title as stored; snippets come from the text, below.
		if field == "title" {
			stored := bleve.NewTextFieldMapping()
			stored.Index = false
			stored.Store = true
			stored.IncludeInAll = false
			stored.DocValues = false
			fms = append(fms, stored)
		}
		doc.AddFieldMappingsAt(field, fms...)
	}
	for _, field := range []string{"workplace", "kind"} {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.IncludeInAll = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(field, fm)
	}
	// The text in reading order is kept for snippets, and searched as headings and body.
	for _, field := range []string{"url", "workplace_title", "id", "text"} {
		fm := bleve.NewTextFieldMapping()
		fm.Index = false
		fm.IncludeInAll = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(field, fm)
	}
	// Queries name their fields, so nothing is copied into the field of all fields.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName(lang, "fold")
	return m
}

// Stale compares the pages of the handbook, by id and hash of their content, with what
// the index holds, and returns the ids to index again and the ids to remove.
func (x *Index) Stale(hashes map[string]string) (changed, removed []string) {
	for id, h := range hashes {
		if x.hashes[id] != h {
			changed = append(changed, id)
		}
	}
	for id := range x.hashes {
		if _, ok := hashes[id]; !ok {
			removed = append(removed, id)
		}
	}
	slices.Sort(changed)
	slices.Sort(removed)
	return changed, removed
}

// batchSize bounds the pages indexed in one bleve batch: one batch of a whole large
// handbook holds all of it in memory at once.
const batchSize = 256

// Update indexes docs (whose content hashes are in hashes) and removes the ids in
// removed, in batches of a few hundred pages. The table of compounds' parts is made
// anew by RefreshParts, or by the next search.
func (x *Index) Update(docs []search.Document, hashes map[string]string, removed []string) error {
	if len(docs) == 0 && len(removed) == 0 {
		return nil
	}
	for start := 0; start < len(docs) || start == 0; start += batchSize {
		b := x.idx.NewBatch()
		for _, d := range docs[start:min(start+batchSize, len(docs))] {
			if err := b.IndexAdvanced(documentOf(x.mapping, d)); err != nil {
				return err
			}
			x.hashes[d.ID] = hashes[d.ID]
		}
		if start == 0 {
			// The table of parts goes with the first batch, so that an index cut
			// short makes it anew (see readParts).
			x.partsStale.Store(true)
			b.DeleteInternal(partsKey)
			if x.stamp != "" {
				b.DeleteInternal(stampKey)
				x.stamp = ""
			}
			for _, id := range removed {
				b.Delete(id)
				delete(x.hashes, id)
			}
		}
		// The hashes go with each batch, so that an index cut short knows what it holds.
		data, err := json.Marshal(x.hashes)
		if err != nil {
			return err
		}
		b.SetInternal([]byte("hashes"), data)
		if err := x.idx.Batch(b); err != nil {
			return err
		}
		if len(docs) == 0 {
			break
		}
	}
	return nil
}

// Announce tells the processes that find the index in use that this one answers
// searches on the site at url (http://127.0.0.1:1313/), so that they can ask it.
func (x *Index) Announce(url string) error {
	h := x.claim.holder
	h.URL = url
	return x.claim.tell(h)
}

// Close closes the index and lets other processes open it.
func (x *Index) Close() error {
	err := x.idx.Close()
	if uerr := x.claim.Release(); err == nil {
		err = uerr
	}
	return err
}
