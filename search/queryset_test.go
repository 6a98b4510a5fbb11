package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/handbok/handbok/internal/corpus"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

// The query set: testdata/queries.json holds queries as people type them, with graded
// relevance, on the example handbook and on a generated one (its "about" says how). Both
// engines run every query after Enter (prefix off) through their public API: the bleve
// index as `handbok search` and the server do, and the browser script in node on the
// static index. Run
//
//	go test ./search -run TestQuerySet -v
//
// to see the figures that BENCHMARKS.md records, by engine and kind of query.

// querySetFile is testdata/queries.json.
type querySetFile struct {
	Handbook []struct {
		Q      string         `json:"q"`
		Kind   string         `json:"kind"`
		Grades map[string]int `json:"grades"`
	} `json:"handbook"`
	Generated struct {
		Pages   int   `json:"pages"`
		Seed    int64 `json:"seed"`
		Queries []struct {
			Q        string   `json:"q"`
			Kind     string   `json:"kind"`
			Relevant string   `json:"relevant"`
			Also     string   `json:"also"`
			False    string   `json:"false"`
			Unless   []string `json:"unless"`
		} `json:"queries"`
	} `json:"generated"`
}

// queryKinds are the kinds of query, in the order figures are shown.
var queryKinds = []string{"plain", "accents", "inflection", "compound", "typo"}

// gradedQuery is a query with the grade of each page it grades, by page id.
type gradedQuery struct {
	q, kind string
	grades  map[string]int
}

// figures are what an engine scores on a set of queries.
type figures struct {
	queries int     // with a page of grade 2
	recall3 float64 // mean share of the grade-2 pages in the top 3 (of at most 3)
	mrr     float64 // mean reciprocal rank of the first grade-2 page in the top 10
	ndcg10  float64 // mean nDCG of the top 10, gain 2^grade-1
	falses  int     // grade-0 pages in the top 10, over all queries
}

func (f figures) String() string {
	return fmt.Sprintf("%3d queries  recall@3 %.3f  MRR %.3f  nDCG@10 %.3f  false matches %d",
		f.queries, f.recall3, f.mrr, f.ndcg10, f.falses)
}

// queryFloors are the figures each engine reached on each corpus and kind of query when
// they were set (BENCHMARKS.md, "Query set"), less a hundredth: a figure below its floor
// fails the test, and so do more false matches than falses. Raise them when the figures
// rise. The field queries is not checked.
var queryFloors = map[string]figures{
	"handbook/bleve/all":        {recall3: 0.89, mrr: 0.87, ndcg10: 0.87, falses: 2},
	"handbook/bleve/plain":      {recall3: 0.99, mrr: 0.94, ndcg10: 0.95, falses: 1},
	"handbook/bleve/accents":    {recall3: 0.99, mrr: 0.99, ndcg10: 0.95, falses: 0},
	"handbook/bleve/inflection": {recall3: 0.90, mrr: 0.88, ndcg10: 0.89, falses: 0},
	"handbook/bleve/compound":   {recall3: 0.42, mrr: 0.44, ndcg10: 0.44, falses: 1},
	"handbook/bleve/typo":       {recall3: 0.99, mrr: 0.95, ndcg10: 0.96, falses: 0},

	"handbook/static/all":        {recall3: 0.86, mrr: 0.86, ndcg10: 0.86, falses: 2},
	"handbook/static/plain":      {recall3: 0.95, mrr: 0.92, ndcg10: 0.94, falses: 1},
	"handbook/static/accents":    {recall3: 0.99, mrr: 0.99, ndcg10: 0.95, falses: 0},
	"handbook/static/inflection": {recall3: 0.90, mrr: 0.91, ndcg10: 0.90, falses: 0},
	"handbook/static/compound":   {recall3: 0.42, mrr: 0.50, ndcg10: 0.47, falses: 1},
	"handbook/static/typo":       {recall3: 0.91, mrr: 0.89, ndcg10: 0.94, falses: 0},

	"generated/bleve/all":        {recall3: 0.89, mrr: 0.90, ndcg10: 0.89, falses: 0},
	"generated/bleve/plain":      {recall3: 0.99, mrr: 0.99, ndcg10: 0.99, falses: 0},
	"generated/bleve/accents":    {recall3: 0.99, mrr: 0.99, ndcg10: 0.98, falses: 0},
	"generated/bleve/inflection": {recall3: 0.92, mrr: 0.92, ndcg10: 0.92, falses: 0},
	"generated/bleve/compound":   {recall3: 0.65, mrr: 0.68, ndcg10: 0.64, falses: 0},
	"generated/bleve/typo":       {recall3: 0.99, mrr: 0.99, ndcg10: 0.99, falses: 0},

	"generated/static/all":        {recall3: 0.85, mrr: 0.85, ndcg10: 0.83, falses: 0},
	"generated/static/plain":      {recall3: 0.99, mrr: 0.99, ndcg10: 0.99, falses: 0},
	"generated/static/accents":    {recall3: 0.92, mrr: 0.89, ndcg10: 0.94, falses: 0},
	"generated/static/inflection": {recall3: 0.88, mrr: 0.89, ndcg10: 0.90, falses: 0},
	"generated/static/compound":   {recall3: 0.54, mrr: 0.58, ndcg10: 0.48, falses: 0},
	"generated/static/typo":       {recall3: 0.99, mrr: 0.92, ndcg10: 0.95, falses: 0},
}

func TestQuerySet(t *testing.T) {
	data, err := os.ReadFile("testdata/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var set querySetFile
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatalf("testdata/queries.json: %v", err)
	}

	handbook := projectDocs(t, "..")
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := corpus.Write(dir, corpus.OptionsFor(set.Generated.Pages, set.Generated.Seed)); err != nil {
		t.Fatal(err)
	}
	generated := projectDocs(t, dir)

	var hq []gradedQuery
	for _, q := range set.Handbook {
		hq = append(hq, gradedQuery{q.Q, q.Kind, q.Grades})
	}
	var gq []gradedQuery
	for _, q := range set.Generated.Queries {
		grades, err := titleGrades(generated, q.Relevant, q.Also, q.False, q.Unless)
		if err != nil {
			t.Fatalf("generated query %q: %v", q.Q, err)
		}
		// A pattern that grades no page says the generator has changed.
		count := map[int]int{}
		for _, g := range grades {
			count[g]++
		}
		if count[2] == 0 || q.False != "" && count[0] == 0 {
			t.Fatalf("generated query %q: no title matches %q or no page is a false match for %q: the corpus has changed, and testdata/queries.json must follow it",
				q.Q, q.Relevant, q.False)
		}
		gq = append(gq, gradedQuery{q.Q, q.Kind, grades})
	}
	checkQueries(t, "handbook", handbook, hq)
	checkQueries(t, "generated", generated, gq)

	// Each engine searches each corpus at the same time as the others: the bleve index
	// mostly waits for its files, the static one for node.
	type run struct {
		corpus, engine string
		docs           []search.Document
		queries        []gradedQuery
		results        [][]string
		err            error
	}
	var runs []*run
	node := nodeForQuerySet(t)
	for _, c := range []struct {
		name    string
		docs    []search.Document
		queries []gradedQuery
	}{{"handbook", handbook, hq}, {"generated", generated, gq}} {
		runs = append(runs, &run{corpus: c.name, engine: "bleve", docs: c.docs, queries: c.queries})
		if node != "" {
			runs = append(runs, &run{corpus: c.name, engine: "static", docs: c.docs, queries: c.queries})
		}
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(func() {
			if r.engine == "bleve" {
				r.results, r.err = bleveResults(t.TempDir(), r.queries, r.docs)
			} else {
				r.results, r.err = staticResults(t.TempDir(), node, r.queries, r.docs)
			}
		})
	}
	wg.Wait()
	for _, r := range runs {
		if r.err != nil {
			t.Fatalf("%s, %s: %v", r.corpus, r.engine, r.err)
		}
	}
	for i, r := range runs {
		t.Run(r.corpus+"/"+r.engine, func(t *testing.T) {
			reportQueries(t, r.corpus+"/"+r.engine, r.queries, r.results)
		})
		if r.engine == "static" {
			logDisagreements(t, r.corpus, r.queries, runs[i-1].results, r.results)
		}
	}
}

// projectDocs loads the handbook project in dir and returns its search documents, as
// the build and `handbok search` index them.
func projectDocs(t *testing.T, dir string) []search.Document {
	t.Helper()
	fsys := os.DirFS(dir)
	s, diags := site.Load(fsys, filepath.Base(dir))
	if diags.Count(site.Error) > 0 {
		t.Fatalf("%s: %v", dir, diags)
	}
	var docs []search.Document
	for _, d := range render.SearchDocuments(s, fsys, s.Pages) {
		if d.Kind != string(site.KindSection) {
			docs = append(docs, d)
		}
	}
	return docs
}

// titleGrades grades the pages of docs by their titles: 2 for those that match relevant,
// 1 for those that match also, and 0 for those that match falseMatch and have none of
// the words unless in their text.
func titleGrades(docs []search.Document, relevant, also, falseMatch string, unless []string) (map[string]int, error) {
	var res [3]*regexp.Regexp
	for i, expr := range []string{falseMatch, also, relevant} {
		if expr == "" {
			continue
		}
		re, err := regexp.Compile("(?i)" + expr)
		if err != nil {
			return nil, err
		}
		res[i] = re
	}
	grades := map[string]int{}
	for _, d := range docs {
		for g := 2; g >= 0; g-- {
			if res[g] == nil || !res[g].MatchString(d.Title) {
				continue
			}
			if g == 0 && hasAnyWord(d, unless) {
				break
			}
			grades[d.ID] = g
			break
		}
	}
	return grades, nil
}

// hasAnyWord reports whether a page's text or title has one of words, ignoring case.
func hasAnyWord(d search.Document, words []string) bool {
	text := strings.ToLower(d.Title + "\n" + d.SnippetText() + "\n" + strings.Join(d.Tags, "\n"))
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// checkQueries fails the test for a query of an unknown kind, one that grades a page the
// corpus has not, or one with no page to find or avoid.
func checkQueries(t *testing.T, corpus string, docs []search.Document, queries []gradedQuery) {
	t.Helper()
	if len(queries) == 0 {
		t.Fatalf("%s: no queries", corpus)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	for _, q := range queries {
		if !slices.Contains(queryKinds, q.kind) {
			t.Errorf("%s: %q has kind %q, not one of %v", corpus, q.q, q.kind, queryKinds)
		}
		if len(q.grades) == 0 {
			t.Errorf("%s: %q grades no page", corpus, q.q)
		}
		for id, g := range q.grades {
			if !ids[id] {
				t.Errorf("%s: %q grades %s, which is no page of the corpus", corpus, q.q, id)
			}
			if g < 0 || g > 2 {
				t.Errorf("%s: %q gives %s the grade %d, not 0, 1 or 2", corpus, q.q, id, g)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// bleveResults runs each query on a bleve index of docs, made in dir, and returns the
// ids of the first ten pages of each.
func bleveResults(dir string, queries []gradedQuery, docs []search.Document) ([][]string, error) {
	ctx := context.Background()
	idx, err := bleveindex.Open(ctx, filepath.Join(dir, "idx"), search.Icelandic, bleveindex.Options{})
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	hashes := map[string]string{}
	for _, d := range docs {
		hashes[d.ID] = d.Title + d.Text
	}
	if err := idx.Update(docs, hashes, nil); err != nil {
		return nil, err
	}
	out := make([][]string, len(queries))
	for i, q := range queries {
		res, err := idx.Search(ctx, search.Query{Text: q.q, Limit: 10})
		if err != nil {
			return nil, fmt.Errorf("%q: %w", q.q, err)
		}
		for _, r := range res {
			out[i] = append(out[i], r.ID)
		}
	}
	return out, nil
}

// staticResults writes the static index of docs into dir, runs each query with the
// browser script in node (js/queryset-results.js) and returns the ids of the first ten
// pages of each.
func staticResults(dir, node string, queries []gradedQuery, docs []search.Document) ([][]string, error) {
	o := search.DefaultStaticOptions
	o.Language = search.Icelandic
	if _, err := search.WriteStatic(docs, o, folderOutput(dir)); err != nil {
		return nil, err
	}
	texts := make([]string, len(queries))
	for i, q := range queries {
		texts[i] = q.q
	}
	list := filepath.Join(dir, "queries.json")
	data, err := json.Marshal(texts)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(list, data, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(node, "js/queryset-results.js", list)
	cmd.Env = append(os.Environ(), "HANDBOK_STATIC_DIR="+filepath.Join(dir, search.StaticDir))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	outJSON, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node js/queryset-results.js: %v\n%s", err, stderr.String())
	}
	var urls [][]string
	if err := json.Unmarshal(outJSON, &urls); err != nil || len(urls) != len(queries) {
		return nil, fmt.Errorf("node js/queryset-results.js: want %d lists of URLs, got %.200s (%v)", len(queries), outJSON, err)
	}
	byURL := map[string]string{}
	for _, d := range docs {
		byURL[d.URL] = d.ID
	}
	out := make([][]string, len(queries))
	for i, us := range urls {
		for _, u := range us {
			id, ok := byURL[u]
			if !ok {
				return nil, fmt.Errorf("%q: a result's URL %q is no page's", queries[i].q, u)
			}
			out[i] = append(out[i], id)
		}
	}
	return out, nil
}

// score returns the figures of the results (page ids, best first) of queries.
func score(queries []gradedQuery, results [][]string) figures {
	var f figures
	for i, q := range queries {
		top := results[i][:min(10, len(results[i]))]
		relevant := 0
		var ideal []int
		for _, g := range q.grades {
			if g == 2 {
				relevant++
			}
			if g > 0 {
				ideal = append(ideal, g)
			}
		}
		for _, id := range top {
			if g, ok := q.grades[id]; ok && g == 0 {
				f.falses++
			}
		}
		if relevant == 0 {
			continue // a query for false matches only
		}
		f.queries++
		found, first := 0, 0
		dcg := 0.0
		for rank, id := range top {
			g, ok := q.grades[id]
			if !ok {
				continue
			}
			if g == 2 {
				if rank < 3 {
					found++
				}
				if first == 0 {
					first = rank + 1
				}
			}
			dcg += gain(g) / math.Log2(float64(rank+2))
		}
		f.recall3 += float64(found) / float64(min(3, relevant))
		if first > 0 {
			f.mrr += 1 / float64(first)
		}
		slices.SortFunc(ideal, func(a, b int) int { return b - a })
		idcg := 0.0
		for rank, g := range ideal[:min(10, len(ideal))] {
			idcg += gain(g) / math.Log2(float64(rank+2))
		}
		f.ndcg10 += dcg / idcg
	}
	if f.queries > 0 {
		n := float64(f.queries)
		f.recall3, f.mrr, f.ndcg10 = f.recall3/n, f.mrr/n, f.ndcg10/n
	}
	return f
}

func gain(grade int) float64 { return math.Exp2(float64(grade)) - 1 }

// reportQueries logs the figures of an engine on a corpus (name is "corpus/engine"), in
// all and by kind, and the queries whose top 3 have no page of grade 2 or that return a
// false match; it fails the test for figures below their floors.
func reportQueries(t *testing.T, name string, queries []gradedQuery, results [][]string) {
	got := map[string]figures{"all": score(queries, results)}
	for _, kind := range queryKinds {
		var qs []gradedQuery
		var rs [][]string
		for i, q := range queries {
			if q.kind == kind {
				qs, rs = append(qs, q), append(rs, results[i])
			}
		}
		got[kind] = score(qs, rs)
	}
	kinds := append([]string{"all"}, queryKinds...)
	for _, kind := range kinds {
		t.Logf("%-20s %-10s %v", name, kind, got[kind])
	}
	for i, q := range queries {
		top := results[i][:min(10, len(results[i]))]
		var wanted, falses []string
		hit := false
		for id, g := range q.grades {
			switch {
			case g == 2:
				wanted = append(wanted, id)
				hit = hit || slices.Contains(top[:min(3, len(top))], id)
			case g == 0 && slices.Contains(top, id):
				falses = append(falses, id)
			}
		}
		slices.Sort(wanted)
		slices.Sort(falses)
		if len(wanted) > 0 && !hit {
			t.Logf("%-20s %-10s %q: none of %v in the top 3 %v", name, q.kind, q.q, wanted, top[:min(3, len(top))])
		}
		if len(falses) > 0 {
			t.Logf("%-20s %-10s %q: false matches %v", name, q.kind, q.q, falses)
		}
	}
	for _, kind := range kinds {
		f := got[kind]
		floor, ok := queryFloors[name+"/"+kind]
		if !ok {
			continue
		}
		if f.recall3 < floor.recall3 || f.mrr < floor.mrr || f.ndcg10 < floor.ndcg10 {
			t.Errorf("%s, %s queries: %v; the floors are recall@3 %.2f, MRR %.2f, nDCG@10 %.2f",
				name, kind, f, floor.recall3, floor.mrr, floor.ndcg10)
		}
		if f.falses > floor.falses {
			t.Errorf("%s, %s queries: %d false matches in the top 10, more than the %d allowed", name, kind, f.falses, floor.falses)
		}
	}
}

// logDisagreements logs the queries of a corpus for which one engine has a page of grade
// 2 in its top 3 and the other has none.
func logDisagreements(t *testing.T, corpus string, queries []gradedQuery, bleve, static [][]string) {
	hit := func(q gradedQuery, res []string) bool {
		for _, id := range res[:min(3, len(res))] {
			if q.grades[id] == 2 {
				return true
			}
		}
		return false
	}
	for i, q := range queries {
		if b, s := hit(q, bleve[i]), hit(q, static[i]); b != s {
			t.Logf("%-20s %-10s %q: bleve %v, static %v", corpus+" engines differ", q.kind, q.q,
				bleve[i][:min(3, len(bleve[i]))], static[i][:min(3, len(static[i]))])
		}
	}
}

// nodeForQuerySet returns the path of node, or "" (the static engine is then left out)
// when it is not installed, except under CI=true, where the test fails.
func nodeForQuerySet(t *testing.T) string {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed for the static index's figures (CI=true)")
		}
		t.Log("node not installed: the static index is not measured")
		return ""
	}
	return node
}

// folderOutput writes files under a folder.
type folderOutput string

func (d folderOutput) WriteFile(name string, data []byte) error {
	p := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
