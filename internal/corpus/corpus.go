// Package corpus writes handbook projects of any size for benchmarking handbok: the
// build, the Markdown renderer and the search index. A corpus is deterministic (the same
// Options give the same bytes) and looks like a real handbook in Icelandic: an
// organisation with a few organisation-wide policies in content/stefnur/, and workplaces
// that each have a front page, policies and an onboarding checklist.
//
// The text is drawn from a vocabulary of about 3,000 Icelandic words and inflected forms
// (words.txt) with a Zipf-like frequency, so a few words are very common and most are
// rare. Policies have 300–1,500 words in 3–8 sections with lists, some tables, emphasis
// and links to other policies, some to a heading. File and folder names are mostly
// slugs, some with Icelandic letters and spaces. Every corpus loads and builds without
// errors or warnings; review dates are 2027 or later, so `handbok check` is quiet too.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/site"
)

// Options say how big a corpus to make.
type Options struct {
	Workplaces int   // folders with kind: workplace
	Policies   int   // policies per workplace
	Seed       int64 // same seed, same bytes
}

// Pages is how many Markdown pages Write writes for o: each workplace's _index.md,
// policies and checklist, the organisation-wide policies and their folder's _index.md,
// and the front page.
func (o Options) Pages() int { return o.Workplaces*(1+o.Policies+1) + OrgPolicies + 2 }

// OptionsFor returns options for a corpus of about pages Markdown pages: round(√pages)
// workplaces, each with as many policies as brings the total closest to pages (at least
// one workplace and one policy). 10,000 pages are 100 workplaces of 98 policies, which
// makes 10,008 pages.
func OptionsFor(pages int, seed int64) Options {
	w := max(1, int(math.Round(math.Sqrt(float64(pages)))))
	p := max(1, int(math.Round(float64(pages-OrgPolicies-2)/float64(w)))-2)
	return Options{Workplaces: w, Policies: p, Seed: seed}
}

// Write writes handbok.yaml and content/ into dir (which must be empty or missing) and
// returns how many Markdown pages it wrote. After an error, what was written stays.
func Write(dir string, o Options) (pages int, err error) {
	if o.Workplaces < 0 || o.Policies < 0 {
		return 0, fmt.Errorf("corpus: workplaces and policies cannot be negative (%d, %d)", o.Workplaces, o.Policies)
	}
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return 0, fmt.Errorf("corpus: %w", err)
	case len(entries) > 0:
		return 0, fmt.Errorf("corpus: %s is not empty", dir)
	}
	g := &generator{r: rand.New(rand.NewPCG(uint64(o.Seed), 0x68616e64626f6b)), root: dir}
	g.plan(o)
	err = g.write()
	return g.pages, err
}

// A policy as planned before any page is written, so that links can name the headings
// of pages not yet written.
type policy struct {
	dir, file   string // folder under content/ and file name
	title, id   string
	sections    []section
	acknowledge bool // known once its page is written
}

type section struct {
	heading heading
	subs    []heading // ### headings in the section
}

type heading struct{ text, id string }

type workplace struct {
	dir, title, slug string
	kind             int // index into workplaceKinds
	place            place
	head             string // the person in charge
	policies         []*policy
}

type generator struct {
	r          *rand.Rand
	root       string
	pages      int
	org        []*policy
	workplaces []*workplace
}

func (g *generator) plan(o Options) {
	for _, op := range orgPolicies {
		stem := strings.TrimSuffix(op.file, ".md")
		g.org = append(g.org, &policy{dir: "stefnur", file: op.file, title: op.title,
			id: site.Slugify(stem), sections: g.planSections()})
	}
	combos := len(workplaceKinds) * len(places)
	order := g.r.Perm(combos)
	taken := map[string]bool{"stefnur": true}
	for i := range o.Workplaces {
		c := order[i%combos]
		w := &workplace{kind: c % len(workplaceKinds), place: places[c/len(workplaceKinds)], head: personName(g.r)}
		w.title = workplaceKinds[w.kind].name + " " + w.place.gen
		if i >= combos {
			w.title += " " + strconv.Itoa(i/combos+1)
		}
		w.dir = w.title
		if g.r.IntN(4) > 0 {
			w.dir = site.Slugify(w.title)
		}
		w.slug = site.Slugify(w.dir)
		for n := 2; taken[w.slug]; n++ {
			w.dir, w.slug = site.Slugify(w.title)+"-"+strconv.Itoa(n), site.Slugify(w.title)+"-"+strconv.Itoa(n)
		}
		taken[w.slug] = true
		w.policies = g.planPolicies(w, o.Policies)
		g.workplaces = append(g.workplaces, w)
	}
}

// planPolicies names a workplace's policies: topics in random order, then the topics
// again with qualifiers ("Öryggisreglur á vöktum"), then with numbers.
func (g *generator) planPolicies(w *workplace, n int) []*policy {
	order := g.r.Perm(len(policyTopics))
	taken := map[string]bool{"mottaka": true, "_index": true, "index": true}
	var out []*policy
	for i := range n {
		title := policyTopics[order[i%len(order)]]
		switch round := i / len(order); {
		case round == 0:
		case round <= len(topicQualifiers):
			title += " " + topicQualifiers[round-1]
		default:
			title += " " + strconv.Itoa(round+1)
		}
		stem := site.Slugify(title)
		spaced := g.r.IntN(5) == 0 // the file is named by its title, spaces and all
		for k := 2; taken[stem]; k++ {
			stem = site.Slugify(title) + "-" + strconv.Itoa(k)
			spaced = false
		}
		taken[stem] = true
		file := stem + ".md"
		if spaced {
			file = title + ".md"
		}
		out = append(out, &policy{dir: w.dir, file: file, title: title, id: w.slug + "/" + stem,
			sections: g.planSections()})
	}
	return out
}

// planSections picks 3–8 headings for a policy, a quarter of them with one or two
// subheadings, all with different ids.
func (g *generator) planSections() []section {
	used := map[string]bool{}
	var out []section
	for _, i := range g.r.Perm(len(sectionHeadings))[:3+g.r.IntN(6)] {
		s := section{heading: newHeading(sectionHeadings[i], used)}
		if g.r.IntN(4) == 0 {
			for range 1 + g.r.IntN(2) {
				h := subHeadings[g.r.IntN(len(subHeadings))]
				if !used[site.Slugify(h)] {
					s.subs = append(s.subs, newHeading(h, used))
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func newHeading(text string, used map[string]bool) heading {
	h := heading{text: text, id: site.Slugify(text)}
	used[h.id] = true
	return h
}

func (g *generator) write() error {
	if err := g.file("handbok.yaml", fmt.Sprintf(`title: Starfsmannahandbók %[1]s
organisation: %[2]s
language: is
description: Stefnur, verklag og móttökulistar allra vinnustaða %[1]s á einum stað.
contact: {name: Mannauðsstjóri %[1]s, email: mannaudur@example.is, phone: "460 4900"}
`, orgGenitiv, orgName)); err != nil {
		return err
	}
	if err := g.page("_index.md", g.frontPage()); err != nil {
		return err
	}
	if err := g.page("stefnur/_index.md", "---\ntitle: Stefnur\nscope: all\n---\nStefnur sem gilda á öllum vinnustöðum "+orgGenitiv+".\n"); err != nil {
		return err
	}
	for _, p := range g.org {
		if err := g.page(path.Join(p.dir, p.file), g.policyPage(p, g.org)); err != nil {
			return err
		}
	}
	for _, w := range g.workplaces {
		if err := g.page(path.Join(w.dir, "_index.md"), g.workplacePage(w)); err != nil {
			return err
		}
		for _, p := range w.policies {
			if err := g.page(path.Join(p.dir, p.file), g.policyPage(p, w.policies)); err != nil {
				return err
			}
		}
		if err := g.page(path.Join(w.dir, "mottaka.md"), g.checklistPage(w)); err != nil {
			return err
		}
	}
	return nil
}

// page writes a Markdown page to content/.
func (g *generator) page(name, data string) error {
	g.pages++
	return g.file(path.Join(site.ContentDir, name), data)
}

func (g *generator) file(name, data string) error {
	p := filepath.Join(g.root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return nil
}

func (g *generator) newText() *text { return &text{r: g.r, wrap: g.r.IntN(2) == 0} }

func (g *generator) frontPage() string {
	t := g.newText()
	t.b.WriteString("---\ntitle: Starfsmannahandbók " + orgGenitiv + "\nkind: page\n---\n")
	t.b.WriteString("Í starfsmannahandbókinni eru þær stefnur og reglur sem gilda um störf okkar hjá " + orgName +
		". Ef þú ert nýr starfsmaður skaltu byrja á vinnustaðnum þínum: þar er móttökulisti sem sýnir hvað þú átt " +
		"að lesa og staðfesta á fyrstu dögunum. Ábendingar um það sem er óljóst eða úrelt fara til ábyrgðarmanns síðunnar.\n\n")
	t.paragraph(40 + g.r.IntN(60))
	t.heading(2, "Stefnur sem gilda á öllum vinnustöðum")
	for _, p := range g.org {
		t.b.WriteString("- [" + p.title + "](" + g.link("", p, "") + ")\n")
	}
	return t.b.String()
}

func (g *generator) workplacePage(w *workplace) string {
	t := g.newText()
	k := workplaceKinds[w.kind]
	fmt.Fprintf(&t.b, `---
title: %s
kind: workplace
description: %s
contact:
  name: %s, %s
  email: %s@example.is
  phone: "%s"
address: %s %d, %d %s
---
`, w.title, k.about, w.head, lowerFirst(pick(g.r, roles)), w.slug, phone(g.r),
		pick(g.r, streets), 1+g.r.IntN(60), 100+g.r.IntN(800), w.place.nom)
	t.paragraph(30+g.r.IntN(60), "Nýir starfsmenn byrja á [móttökulistanum](mottaka.md).")
	var links []string
	for _, p := range w.policies[:min(len(w.policies), 1+g.r.IntN(2))] {
		links = append(links, fmt.Sprintf(pick(g.r, linkSentences), p.title, g.link(w.dir, p, "")))
	}
	t.paragraph(30+g.r.IntN(60), links...)
	return t.b.String()
}

func (g *generator) checklistPage(w *workplace) string {
	type item struct {
		id, task, policy, owner string
		due                     int
	}
	var items []item
	n := 5 + g.r.IntN(6)
	policies := append(slices.Clone(w.policies), g.org...)
	np := min(2+g.r.IntN(4), len(policies), n)
	tasks := g.r.Perm(len(onboardingTasks))
	for i := range n - np {
		ot := onboardingTasks[tasks[i%len(tasks)]]
		items = append(items, item{ot.id, ot.task, "", ot.owner, ot.due})
	}
	for _, i := range g.r.Perm(len(policies))[:np] {
		p := policies[i]
		it := item{"lesa-" + path.Base(p.id), "Lesa og staðfesta " + lowerFirst(p.title), p.id, "employee", 1 + g.r.IntN(14)}
		if !p.acknowledge { // nothing would tick it off; the employee does, by hand
			it.task, it.policy = "Lesa "+lowerFirst(p.title), ""
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.due - b.due })

	t := g.newText()
	fmt.Fprintf(&t.b, "---\ntitle: Móttaka nýrra starfsmanna – %s\nkind: checklist\nid: %s/mottaka\nitems:\n", w.title, w.slug)
	ids := map[string]bool{}
	for _, it := range items {
		id := it.id
		for k := 2; ids[id]; k++ {
			id = it.id + "-" + strconv.Itoa(k)
		}
		ids[id] = true
		fmt.Fprintf(&t.b, "  - id: %s\n    task: %s\n", id, it.task)
		if it.policy != "" {
			fmt.Fprintf(&t.b, "    policy: %s\n", it.policy)
		}
		fmt.Fprintf(&t.b, "    owner: %s\n    due: %d\n", it.owner, it.due)
	}
	t.b.WriteString("---\n")
	t.paragraph(20 + g.r.IntN(40))
	return t.b.String()
}

// policyPage writes a policy with links to some of peers (the policies of its folder)
// and of the organisation-wide policies.
func (g *generator) policyPage(p *policy, peers []*policy) string {
	t := g.newText()
	g.policyFrontMatter(t, p)

	// 1–4 links to other policies of the folder and, from a workplace, to the
	// organisation-wide ones; two in five go to a heading.
	others := slices.DeleteFunc(slices.Clone(peers), func(c *policy) bool { return c == p })
	var targets []*policy
	for range 1 + g.r.IntN(4) {
		to := pick(g.r, g.org)
		if len(others) > 0 && (p.dir == "stefnur" || g.r.IntN(5) >= 2) {
			to = pick(g.r, others)
		}
		if to != p && !slices.Contains(targets, to) {
			targets = append(targets, to)
		}
	}
	links := make([][]string, len(p.sections))
	for _, to := range targets {
		s := g.r.IntN(len(p.sections))
		if g.r.IntN(5) < 2 {
			hs := headingsOf(to)
			h := hs[g.r.IntN(len(hs))]
			links[s] = append(links[s], fmt.Sprintf(pick(g.r, sectionLinkSentences), h.text, g.link(p.dir, to, h.id), to.title))
		} else {
			links[s] = append(links[s], fmt.Sprintf(pick(g.r, linkSentences), to.title, g.link(p.dir, to, "")))
		}
	}

	// Words to write: 300–1,300, more often short, plus headings and links.
	budget := 300 + int(1000*math.Pow(g.r.Float64(), 1.5))
	if g.r.IntN(3) > 0 {
		t.paragraph(20 + g.r.IntN(50))
	}
	table, callout := -1, -1
	if g.r.IntN(4) == 0 {
		table = g.r.IntN(len(p.sections))
	}
	if g.r.IntN(3) == 0 {
		callout = g.r.IntN(len(p.sections))
	}
	per := max(30, (budget-t.words)/len(p.sections))
	for i, s := range p.sections {
		t.heading(2, s.heading.text)
		part := per / (1 + len(s.subs))
		g.blocks(t, part, links[i], i == table, i == callout)
		for _, h := range s.subs {
			t.heading(3, h.text)
			g.blocks(t, part, nil, false, false)
		}
	}
	return t.b.String()
}

// blocks writes about budget words of paragraphs and lists, the links at the end of the
// first paragraph.
func (g *generator) blocks(t *text, budget int, links []string, table, callout bool) {
	start := t.words
	t.paragraph(min(budget, 25+g.r.IntN(60)), links...)
	if callout {
		t.callout()
	}
	if table {
		t.table()
	}
	// A list never follows a list of the same kind, which Markdown would join into one.
	last := 0
	for t.words-start < budget {
		switch k := g.r.IntN(10); {
		case k < 5 || last == 1 && k < 8 || last == 2 && k >= 8:
			t.paragraph(min(budget-(t.words-start), 25+g.r.IntN(70)))
			last = 0
		case k < 8:
			t.bullets()
			last = 1
		default:
			t.steps()
			last = 2
		}
	}
}

func (g *generator) policyFrontMatter(t *text, p *policy) {
	b := &t.b
	fmt.Fprintf(b, "---\ntitle: %s\nkind: policy\nid: %s\ndescription: %s\n", p.title, p.id, t.plain(8+g.r.IntN(10)))
	owner := "Mannauðsstjóri " + orgGenitiv
	email := "mannaudur"
	if p.dir != "stefnur" {
		owner = personName(g.r)
		email = strings.ReplaceAll(site.Slugify(owner), "-", ".")
	}
	fmt.Fprintf(b, "owner: {name: %s, email: %s@example.is, phone: \"%s\"}\n", owner, email, phone(g.r))
	effective := time.Date(2019+g.r.IntN(7), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
	b.WriteString("approved:\n")
	if g.r.IntN(2) == 0 {
		first := effective.AddDate(0, 0, -14-g.r.IntN(30))
		fmt.Fprintf(b, "  - {body: %s, meeting: %d, date: %s}\n", pick(g.r, approvers), 100+g.r.IntN(800), first.Format(time.DateOnly))
	}
	fmt.Fprintf(b, "  - {body: Sveitarstjórn, meeting: %d, date: %s}\n", 100+g.r.IntN(400), effective.AddDate(0, 0, -g.r.IntN(10)).Format(time.DateOnly))
	review := time.Date(2027+g.r.IntN(4), effective.Month(), effective.Day(), 0, 0, 0, 0, time.UTC)
	version := 1 + g.r.IntN(10)/6 + g.r.IntN(10)/9
	p.acknowledge = g.r.IntN(10) < 7
	fmt.Fprintf(b, "effective: %s\nreview: %s\nversion: %d\nacknowledge: %t\n", effective.Format(time.DateOnly),
		review.Format(time.DateOnly), version, p.acknowledge)
	var tg []string
	for _, i := range g.r.Perm(len(tags))[:1+g.r.IntN(3)] {
		tg = append(tg, tags[i])
	}
	fmt.Fprintf(b, "tags: [%s]\n", strings.Join(tg, ", "))
	if g.r.IntN(10) == 0 {
		b.WriteString("example: true\n")
	}
	b.WriteString("---\n")
}

func headingsOf(p *policy) []heading {
	var out []heading
	for _, s := range p.sections {
		out = append(out, s.heading)
		out = append(out, s.subs...)
	}
	return out
}

// link is the Markdown link destination from a page in folder from ("" for the top of
// content/) to policy to, with a heading id when frag is set. Paths with spaces are
// written in angle brackets or with %20; a link to an organisation-wide policy is now
// and then written from the top of content/.
func (g *generator) link(from string, to *policy, frag string) string {
	p := to.file
	switch {
	case to.dir == from:
	case from == "":
		p = to.dir + "/" + p
	case to.dir == "stefnur" && g.r.IntN(6) == 0:
		p = "/" + to.dir + "/" + p
	default:
		p = "../" + to.dir + "/" + p
	}
	if frag != "" {
		p += "#" + frag
	}
	if strings.Contains(p, " ") {
		if g.r.IntN(3) == 0 {
			return strings.ReplaceAll(p, " ", "%20")
		}
		return "<" + p + ">"
	}
	return p
}
