package render

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/site"
)

// newManifest describes s as handbok.json does.
func newManifest(s *site.Site) manifest.Manifest {
	m := manifest.Manifest{
		Title: s.Config.Title, Language: s.Config.Language,
		Policies: []manifest.Policy{}, Checklists: manifestChecklists(s), Workplaces: manifestWorkplaces(s),
		Onboarding: manifest.Onboarding(s.Config.Onboarding), Pages: manifestPages(s), Contact: manifestContact(s.Config.Contact),
		Suggestions: manifest.Suggestions(s.Config.Suggestions),
	}
	for _, p := range s.Policies() {
		m.Policies = append(m.Policies, manifestPolicy(s, p))
	}
	return m
}

func manifestPolicy(s *site.Site, p *site.Page) manifest.Policy {
	mp := manifest.Policy{
		ID: p.ID, URL: p.URL, Title: p.Title, Workplace: workplaceSlug(p),
		Version: p.Policy.Version, Revision: p.Policy.Revision, Acknowledge: p.Policy.Acknowledge,
		Effective: manifest.Date(p.Policy.Effective), Review: manifest.Date(p.Policy.Review),
		Approved:          make([]manifest.Approval, len(p.Policy.Approved)),
		AcknowledgeWithin: s.Config.DaysToAcknowledge(p.Policy),
	}
	if !p.Policy.Owner.IsZero() {
		owner := manifest.Contact(p.Policy.Owner)
		mp.Owner = &owner
	}
	for i, a := range p.Policy.Approved {
		mp.Approved[i] = manifest.Approval{Body: a.Body, Meeting: a.Meeting, Date: manifest.Date(a.Date)}
	}
	return mp
}

func manifestChecklists(s *site.Site) []manifest.Checklist {
	out := []manifest.Checklist{}
	for _, c := range s.Checklists() {
		items := make([]manifest.Item, len(c.Checklist.Items))
		for i, it := range c.Checklist.Items {
			items[i] = manifest.Item(it)
		}
		out = append(out, manifest.Checklist{
			ID: c.ID, URL: c.URL, Title: c.Title, Workplace: workplaceSlug(c), Items: items, For: c.Checklist.For,
		})
	}
	return out
}

func manifestWorkplaces(s *site.Site) []manifest.Workplace {
	out := []manifest.Workplace{}
	for _, w := range s.Workplaces {
		mw := manifest.Workplace{Slug: w.Slug, URL: w.Page.URL, Title: w.Title}
		if !w.Contact.IsZero() {
			mw.Contact = manifestContact(&w.Contact)
		}
		out = append(out, mw)
	}
	return out
}

// manifestPages lists the pages that are neither policies nor checklists.
func manifestPages(s *site.Site) []manifest.Page {
	out := []manifest.Page{}
	for _, p := range s.Pages {
		if p.Kind != site.KindPolicy && p.Kind != site.KindChecklist {
			out = append(out, manifest.Page{URL: p.URL, Title: p.Title, Workplace: workplaceSlug(p)})
		}
	}
	return out
}

// manifestContact is c as the manifest has it, nil for none.
func manifestContact(c *site.Contact) *manifest.Contact {
	if c == nil || c.IsZero() {
		return nil
	}
	mc := manifest.Contact(*c)
	return &mc
}

func workplaceSlug(p *site.Page) string {
	if p.Workplace == nil {
		return ""
	}
	return p.Workplace.Slug
}

func (r *renderer) writeManifest() error {
	if r.mem == nil {
		data, err := json.Marshal(newManifest(r.site))
		if err != nil {
			return err
		}
		return r.write(manifest.File, append(data, '\n'))
	}
	// With a memory, each policy's entry is encoded once per change of its page: a large
	// handbook's manifest is mostly policies. The rest is written around them as
	// json.Marshal would write the whole, into the last manifest's buffer.
	entries := make(map[string][]byte, len(r.mem.manifest))
	b := r.mem.manifestBuf
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	for i, f := range []struct {
		key   string
		value any
	}{{"title", r.site.Config.Title}, {"language", r.site.Config.Language}, {"policies", nil},
		{"checklists", manifestChecklists(r.site)}, {"workplaces", manifestWorkplaces(r.site)},
		{"onboarding", manifest.Onboarding(r.site.Config.Onboarding)}, {"pages", manifestPages(r.site)},
		{"contact", manifestContact(r.site.Config.Contact)}, {"suggestions", manifest.Suggestions(r.site.Config.Suggestions)}} {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		b.WriteString(sep + `"` + f.key + `":`)
		if f.key == "policies" {
			if err := r.writePolicies(b, entries); err != nil {
				return err
			}
			continue
		}
		v, err := json.Marshal(f.value)
		if err != nil {
			return err
		}
		b.Write(v)
	}
	b.WriteString("}\n")
	r.mem.nextManifest, r.mem.manifestBuf = entries, b
	return r.write(manifest.File, b.Bytes())
}

// writePolicies writes the policies of the manifest as a JSON array, each entry from
// the memory when its page is unchanged; entries gets the entries by page hash and the
// days to acknowledge, which handbok.yaml can change while the page stays as it was.
func (r *renderer) writePolicies(b *bytes.Buffer, entries map[string][]byte) error {
	b.WriteByte('[')
	for i, p := range r.site.Policies() {
		key := r.pageHashes[p]
		if key != "" {
			key += "/" + strconv.Itoa(r.site.Config.DaysToAcknowledge(p.Policy))
		}
		entry, ok := r.mem.manifest[key]
		if !ok || key == "" {
			var err error
			if entry, err = json.Marshal(manifestPolicy(r.site, p)); err != nil {
				return err
			}
		}
		entries[key] = entry
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(entry)
	}
	b.WriteByte(']')
	return nil
}
