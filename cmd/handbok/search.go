package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/search"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("search", stdout)
	source := sourceFlag(flags)
	workplace := flags.String("workplace", "", "only pages of the workplace with this `SLUG`")
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
	s, diags := p.LoadContent()
	if n := diags.Count(site.Error); n > 0 {
		fmt.Fprintf(stderr, "handbok search: the content has %s (run handbok check); searching what could be read\n", plural(n, "error"))
	}
	if *workplace != "" && !hasWorkplace(s, *workplace) {
		var slugs []string
		for _, w := range s.Workplaces {
			slugs = append(slugs, w.Slug)
		}
		hint := "the workplaces are: " + strings.Join(slugs, ", ")
		if c := site.Suggest(*workplace, slugs); c != "" {
			hint = fmt.Sprintf("did you mean %s?", c)
		}
		return fmt.Errorf("no workplace %q (%s): %w", *workplace, hint, errUsage)
	}

	idx, err := build.OpenIndex(p, s)
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := ctx.Err(); err != nil {
		return err
	}
	results, err := idx.Search(search.Query{Text: text, Workplace: *workplace, Limit: *limit})
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

func hasWorkplace(s *site.Site, slug string) bool {
	for _, w := range s.Workplaces {
		if w.Slug == slug {
			return true
		}
	}
	return false
}

var markTags = regexp.MustCompile(`</?mark>`)

// printResults writes results for a person: title, where it is, and the snippet with
// the matching words marked (bold on a terminal, between » « elsewhere).
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
	if !results[0].All {
		fmt.Fprintln(w, "No page has all the words; pages with some of them:")
	}
	for i, r := range results {
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
