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
		m.Policies = append(m.Policies, manifestPolicy(p))
	}
	m.Checklists, m.Workplaces = manifestChecklists(s), manifestWorkplaces(s)
	return m
}

func manifestPolicy(p *site.Page) ManifestPolicy {
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
	return mp
}

func manifestChecklists(s *site.Site) []ManifestChecklist {
	out := []ManifestChecklist{}
	for _, c := range s.Checklists() {
		items := c.Checklist.Items
		if items == nil {
			items = []site.ChecklistItem{}
		}
		out = append(out, ManifestChecklist{
			ID: c.ID, URL: c.URL, Title: c.Title, Workplace: workplaceSlug(c), Items: items,
		})
	}
	return out
}

func manifestWorkplaces(s *site.Site) []ManifestWorkplace {
	out := []ManifestWorkplace{}
	for _, w := range s.Workplaces {
		out = append(out, ManifestWorkplace{Slug: w.Slug, URL: w.Page.URL, Title: w.Title})
	}
	return out
}

func workplaceSlug(p *site.Page) string {
	if p.Workplace == nil {
		return ""
	}
	return p.Workplace.Slug
}

func (r *renderer) writeManifest() error {
	if r.mem == nil {
		data, err := json.Marshal(NewManifest(r.site))
		if err != nil {
			return err
		}
		return r.write(ManifestFile, append(data, '\n'))
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
		{"checklists", manifestChecklists(r.site)}, {"workplaces", manifestWorkplaces(r.site)}} {
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
	return r.write(ManifestFile, b.Bytes())
}

// writePolicies writes the policies of the manifest as a JSON array, each entry from
// the memory when its page is unchanged; entries gets the entries by page hash.
func (r *renderer) writePolicies(b *bytes.Buffer, entries map[string][]byte) error {
	b.WriteByte('[')
	for i, p := range r.site.Policies() {
		key := r.pageHashes[p]
		entry, ok := r.mem.manifest[key]
		if !ok || key == "" {
			var err error
			if entry, err = json.Marshal(manifestPolicy(p)); err != nil {
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
