package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/server"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
	"github.com/handbok/handbok/search/bleveindex"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return searchWith(ctx, args, stdout, stderr, searchWaits{answer: answerWait, index: indexWait})
}

// searchWaits are how long handbok search waits for another handbok: a serve that has
// the search index open to answer, and another search that indexes to let go of it.
type searchWaits struct{ answer, index time.Duration }

// answerWait is how long a search waits for the handbok serve that has the index open
// to answer; it answers in milliseconds.
const answerWait = 5 * time.Second

// searchWith is runSearch, waiting as w says.
func searchWith(ctx context.Context, args []string, stdout, stderr io.Writer, w searchWaits) error {
	flags := newFlagSet("search", stdout)
	source := sourceFlag(flags)
	workplace := flags.String("workplace", "", "only pages of the workplace with this `SLUG` (or title), and the policies of every workplace")
	limit := flags.Int("limit", 10, "show at most `N` results")
	asJSON := flags.Bool("json", false, "print the results as JSON")
	if err := flags.parseWithArgs(args); err != nil {
		return err
	}
	text := strings.Join(flags.Args(), " ")
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("say what to search for, e.g. handbok search þagnarskylda: %w", errUsage)
	}
	p, err := openProject(*source)
	if err != nil {
		return err
	}
	// The content is read only when needed: a search on an index already up to date
	// with it needs nothing of it.
	content := build.NewContent(p, func(diags site.Diagnostics) {
		if n := diags.Count(site.Error); n > 0 {
			fmt.Fprintf(stderr, "handbok search: the content has %s (run handbok check); searching what could be read\n", plural(n, "error"))
		}
	})
	load := func() *site.Site { s, _ := content.Site(); return s }
	if *workplace != "" {
		w, err := findWorkplace(load(), *workplace)
		if err != nil {
			return err
		}
		if w.Slug != *workplace {
			fmt.Fprintf(stderr, "handbok search: --workplace %q is the workplace %s (%s)\n", *workplace, w.Slug, w.Title)
			*workplace = w.Slug
		}
	}

	results, err := find(ctx, content, load, search.Query{Text: text, Workplace: *workplace, Limit: *limit}, w, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // the snippet's <mark> as the README shows it, not \u003cmark\u003e
		return enc.Encode(results)
	}
	printResults(stdout, text, results)
	return nil
}

// find runs q on the project's bleve index, brought up to date with its content (load
// returns it, once read, which it is only when the index is not up to date); while handbok
// serve has the index open, it asks that server instead, which gives the same results.
// A server that no longer listens is stopping and is waited for, as another search
// that indexes is; one that takes the question and is silent keeps the index, and is
// not.
func find(ctx context.Context, content *build.Content, load func() *site.Site, q search.Query, w searchWaits, stderr io.Writer) ([]search.Result, error) {
	opt := bleveindex.Options{
		Holder:  bleveindex.Holder{Command: searchCommand},
		Wait:    w.index,
		GiveUp:  func(h bleveindex.Holder) bool { return h.URL != "" },
		Waiting: waiting(searchCommand, stderr),
	}
	idx, err := build.OpenIndexOf(ctx, content, opt)
	var locked *bleveindex.LockedError
	if errors.As(err, &locked) && locked.Holder.URL != "" {
		results, askErr := askServer(ctx, locked.Holder, load(), q, w.answer, stderr)
		switch {
		case askErr == nil || ctx.Err() != nil || errors.As(askErr, new(*server.QueryError)):
			return results, askErr
		case errors.Is(askErr, server.ErrBusy):
			return nil, fmt.Errorf("%s at %s is busy with other searches (asked for %s): search again in a moment", locked.Holder, locked.Holder.URL, w.answer)
		case errors.Is(askErr, server.ErrNoAnswer):
			h := locked.Holder
			return nil, fmt.Errorf("%s at %s does not answer (waited %s) and has the search index open: "+
				"if it was suspended with Ctrl-Z, resume it (fg, or kill -CONT %d); else stop it "+
				"(Ctrl-C where it runs, or kill %d) or wait until it answers; then search again", h, h.URL, w.answer, h.PID, h.PID)
		}
		fmt.Fprintf(stderr, "handbok search: %v\n", askErr)
		opt.GiveUp = nil
		idx, err = build.OpenIndexOf(ctx, content, opt)
	}
	switch {
	case errors.As(err, &locked) && locked.Holder.URL != "":
		h := locked.Holder
		return nil, fmt.Errorf("%s at %s has the search index open and does not answer: stop it (kill %d) or wait until it has stopped; then search again", h, h.URL, h.PID)
	case errors.Is(err, bleveindex.ErrLocked):
		return nil, fmt.Errorf("%w; try again once it is done", err)
	case err != nil:
		return nil, err
	}
	defer idx.Close()
	return idx.Search(ctx, q)
}

// askServer asks the handbok serve that has the index open for q's results, and adds
// what its answer leaves out for people: the workplaces' titles.
func askServer(ctx context.Context, h bleveindex.Holder, s *site.Site, q search.Query, wait time.Duration, stderr io.Writer) ([]search.Result, error) {
	if q.Limit > server.MaxLimit {
		fmt.Fprintf(stderr, "handbok search: %s answers with at most %d results\n", h, server.MaxLimit)
	}
	askCtx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	results, err := server.AskSearch(askCtx, h.URL, q)
	if err != nil {
		return nil, fmt.Errorf("%v, which has the search index open: %w", h, err)
	}
	titles := make(map[string]string, len(s.Workplaces))
	for _, w := range s.Workplaces {
		titles[w.Slug] = w.Title
	}
	for i := range results {
		results[i].WorkplaceTitle = titles[results[i].Workplace]
	}
	return results, nil
}

// findWorkplace returns the workplace that --workplace names: by its slug, or by its
// title or slug written in another case, without accents, or with spaces for dashes
// (Íþróttahús, ithrottahus). A name that fits none is a usage error with a suggestion,
// and one that fits more than one asks for the slug.
func findWorkplace(s *site.Site, name string) (*site.Workplace, error) {
	key := nameKey(name)
	var found []*site.Workplace
	var slugs []string
	for _, w := range s.Workplaces {
		if w.Slug == name {
			return w, nil
		}
		if nameKey(w.Slug) == key || nameKey(w.Title) == key {
			found = append(found, w)
		}
		slugs = append(slugs, w.Slug)
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		var which []string
		for _, w := range found {
			which = append(which, fmt.Sprintf("--workplace %s (%s)", w.Slug, w.Title))
		}
		return nil, fmt.Errorf("--workplace %q fits more than one workplace; say which: %s: %w", name, strings.Join(which, ", "), errUsage)
	}
	hint := "the workplaces are: " + strings.Join(slugs, ", ")
	if w := nearestWorkplace(s, key); w != nil {
		hint = fmt.Sprintf("did you mean --workplace %s?", w.Slug)
	}
	return nil, fmt.Errorf("no workplace %q (%s): %w", name, hint, errUsage)
}

// nearestWorkplace returns the workplace whose slug or title is nearest to the name
// whose nameKey is key, or nil when none is near enough to be a likely typo.
func nearestWorkplace(s *site.Site, key string) *site.Workplace {
	byKey := map[string]*site.Workplace{}
	var keys []string
	for _, w := range s.Workplaces {
		for _, k := range []string{nameKey(w.Slug), nameKey(w.Title)} {
			if byKey[k] == nil {
				byKey[k] = w
				keys = append(keys, k)
			}
		}
	}
	return byKey[site.Suggest(key, keys)]
}

// nameKey is a workplace's name as findWorkplace compares it: lower case, Icelandic
// letters folded as in slugs, and nothing but letters and digits.
func nameKey(name string) string { return strings.ReplaceAll(site.Slugify(name), "-", "") }

var markTags = regexp.MustCompile(`</?mark>`)

// printResults writes results for a person: title, where it is, and the snippet with
// the matching words marked (bold on a terminal, between » « elsewhere); before the
// pages found by correcting a misspelt word, the correction.
func printResults(w io.Writer, text string, results []search.Result) {
	if len(results) == 0 {
		fmt.Fprintf(w, "No pages found for %q.\n", text)
		return
	}
	open, closing := "»", "«"
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			open, closing = "\x1b[1m", "\x1b[0m"
		}
	}
	// Pages found only when a misspelt word was corrected come after the others.
	typed := slices.IndexFunc(results, func(r search.Result) bool { return r.Corrected != "" })
	if typed == 0 {
		fmt.Fprintf(w, "No pages found for %q. Did you mean %q? Pages for it:\n", text, results[0].Corrected)
	}
	if !results[0].All {
		fmt.Fprintln(w, "No page has all the words; pages with some of them:")
	}
	for i, r := range results {
		if i == typed && i > 0 {
			fmt.Fprintf(w, "Did you mean %q? Pages for it:\n", r.Corrected)
		}
		where := r.WorkplaceTitle
		if where == "" {
			where = "all workplaces"
		}
		fmt.Fprintf(w, "%d. %s\n   %s · %s · %s\n", i+1, r.Title, where, r.Kind, r.URL)
		if r.Snippet != "" {
			snippet := markTags.ReplaceAllStringFunc(r.Snippet, func(tag string) string {
				if tag == "<mark>" {
					return open
				}
				return closing
			})
			fmt.Fprintf(w, "   %s\n", htmlText(snippet))
		}
	}
}

var entities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&")

func htmlText(s string) string { return entities.Replace(s) }
