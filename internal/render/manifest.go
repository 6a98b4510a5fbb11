package render

import (
	"bytes"
	"encoding/json"

	"github.com/handbok/handbok/internal/site"
)

// ManifestFile is the manifest's name in the output.
const ManifestFile = "handbok.json"

// Manifest is public/handbok.json: what the server and other tools need to know about the
// handbook without reading its HTML. URLs are relative to the site root.
type Manifest struct {
	Title      string              `json:"title"`
	Language   string              `json:"language"`
	Policies   []ManifestPolicy    `json:"policies"`
	Checklists []ManifestChecklist `json:"checklists"`
	Workplaces []ManifestWorkplace `json:"workplaces"`
}

// ManifestPolicy is a policy in the manifest. Workplace is "" for organisation-wide ones.
type ManifestPolicy struct {
	ID          string          `json:"id"`
	URL         string          `json:"url"`
	Title       string          `json:"title"`
	Workplace   string          `json:"workplace"`
	Version     int             `json:"version"`
	Revision    string          `json:"revision"`
	Acknowledge bool            `json:"acknowledge"`
	Owner       *site.Contact   `json:"owner,omitempty"`
	Effective   site.Date       `json:"effective"`
	Review      site.Date       `json:"review"`
	Approved    []site.Approval `json:"approved"`
}

// ManifestChecklist is a checklist in the manifest.
type ManifestChecklist struct {
	ID        string               `json:"id"`
	URL       string               `json:"url"`
	Title     string               `json:"title"`
	Workplace string               `json:"workplace"`
	Items     []site.ChecklistItem `json:"items"`
}

// ManifestWorkplace is a workplace in the manifest.
type ManifestWorkplace struct {
	Slug  string `json:"slug"`
	URL   string `json:"url"`
	Title string `json:"title"`
}

// NewManifest describes s.
func NewManifest(s *site.Site) Manifest {
	m := Manifest{
		Title: s.Config.Title, Language: s.Config.Language,
		Policies: []ManifestPolicy{}, Checklists: []ManifestChecklist{}, Workplaces: []ManifestWorkplace{},
	}
	for _, p := range s.Policies() {
		mp := ManifestPolicy{
			ID: p.ID, URL: p.URL, Title: p.Title, Workplace: workplaceSlug(p),
			Version: p.Policy.Version, Revision: p.Policy.Revision, Acknowledge: p.Policy.Acknowledge,
			Effective: p.Policy.Effective, Review: p.Policy.Review, Approved: p.Policy.Approved,
		}
		if !p.Policy.Owner.IsZero() {
			mp.Owner = &p.Policy.Owner
		}
		if mp.Approved == nil {
			mp.Approved = []site.Approval{}
		}
		m.Policies = append(m.Policies, mp)
	}
	for _, c := range s.Checklists() {
		items := c.Checklist.Items
		if items == nil {
			items = []site.ChecklistItem{}
		}
		m.Checklists = append(m.Checklists, ManifestChecklist{
			ID: c.ID, URL: c.URL, Title: c.Title, Workplace: workplaceSlug(c), Items: items,
		})
	}
	for _, w := range s.Workplaces {
		m.Workplaces = append(m.Workplaces, ManifestWorkplace{Slug: w.Slug, URL: w.Page.URL, Title: w.Title})
	}
	return m
}

func workplaceSlug(p *site.Page) string {
	if p.Workplace == nil {
		return ""
	}
	return p.Workplace.Slug
}

func (r *renderer) writeManifest() error {
	m := NewManifest(r.site)
	if r.mem == nil {
		data, err := json.Marshal(m)
		if err != nil {
			return err
		}
		return r.write(ManifestFile, append(data, '\n'))
	}
	// With a memory, each policy's entry is encoded once per change of its page: a large
	// handbook's manifest is mostly policies.
	entries := make(map[string][]byte, len(m.Policies))
	var policies bytes.Buffer
	policies.WriteByte('[')
	for i, p := range r.site.Policies() {
		key := r.pageHashes[p]
		entry, ok := r.mem.manifest[key]
		if !ok || key == "" {
			var err error
			if entry, err = json.Marshal(m.Policies[i]); err != nil {
				return err
			}
		}
		entries[key] = entry
		if i > 0 {
			policies.WriteByte(',')
		}
		policies.Write(entry)
	}
	policies.WriteByte(']')
	r.mem.nextManifest = entries
	// The rest is written around the policies as json.Marshal would write the whole
	// (a RawMessage would be compacted again, all 7 MB of it at 10,000 pages).
	var b bytes.Buffer
	for i, f := range []struct {
		key   string
		value any
	}{{"title", m.Title}, {"language", m.Language}, {"policies", json.RawMessage(policies.Bytes())},
		{"checklists", m.Checklists}, {"workplaces", m.Workplaces}} {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		b.WriteString(sep + `"` + f.key + `":`)
		if raw, ok := f.value.(json.RawMessage); ok {
			b.Write(raw)
			continue
		}
		v, err := json.Marshal(f.value)
		if err != nil {
			return err
		}
		b.Write(v)
	}
	b.WriteString("}")
	rest := b.Bytes()
	return r.write(ManifestFile, append(rest, '\n'))
}
