package manifest

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A manifest as the renderer writes it reads back field for field, dates included, and
// an unset date is null both ways.
func TestRead(t *testing.T) {
	dir := t.TempDir()
	data := `{"title":"Handbók","language":"is",` +
		`"policies":[{"id":"thjonustustefna","url":"stefnur/thjonustustefna.html","title":"Þjónustustefna","workplace":"",` +
		`"version":3,"revision":"0123456789abcdef","acknowledge":true,"owner":{"email":"a@example.is"},` +
		`"effective":"2015-05-19","review":null,"approved":[{"body":"Sveitarstjórn","meeting":270,"date":"2015-05-19"}],"acknowledge_within":21}],` +
		`"checklists":[{"id":"laug/mottaka","url":"laug/mottaka.html","title":"Móttaka","workplace":"laug",` +
		`"items":[{"id":"lyklar","task":"Lyklar","owner":"supervisor","due":-2}],"for":["Laugarvörður"]}],` +
		`"workplaces":[{"slug":"laug","url":"laug/index.html","title":"Sundlaug","contact":{"name":"Afgreiðsla","email":"laug@example.is"}}],` +
		`"onboarding":{"new_hire_days":60,"due_days":"working_days"},` +
		`"pages":[{"url":"laug/opnun.html","title":"Opnunartími","workplace":"laug"}],"contact":{"email":"handbok@example.is"},` +
		`"suggestions":{"stale_days":10}}`
	if err := os.WriteFile(filepath.Join(dir, File), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Policies[0]
	if m.Title != "Handbók" || p.Version != 3 || !p.Acknowledge || p.Owner == nil || p.Owner.Email != "a@example.is" ||
		p.Effective.String() != "2015-05-19" || !p.Review.IsZero() || p.Approved[0].Date.Month() != time.May ||
		p.AcknowledgeWithin != 21 {
		t.Errorf("policy: %+v", p)
	}
	if it := m.Checklists[0].Items[0]; it.Owner != "supervisor" || it.Due != -2 || it.Policy != "" {
		t.Errorf("item: %+v", it)
	}
	if w := m.Workplaces[0]; w.Slug != "laug" || w.URL != "laug/index.html" {
		t.Errorf("workplace: %+v", w)
	}
	if c := m.Checklists[0]; len(c.For) != 1 || c.For[0] != "Laugarvörður" {
		t.Errorf("checklist for: %q", c.For)
	}
	if o := m.Onboarding; o.NewHireDays != 60 || o.DueDays != "working_days" {
		t.Errorf("onboarding: %+v", o)
	}
	if w := m.Workplaces[0]; w.Contact == nil || w.Contact.Email != "laug@example.is" || m.Contact == nil || m.Contact.Email != "handbok@example.is" {
		t.Errorf("contacts: %+v, %+v", w.Contact, m.Contact)
	}
	if len(m.Pages) != 1 || m.Pages[0] != (Page{URL: "laug/opnun.html", Title: "Opnunartími", Workplace: "laug"}) || m.Suggestions.StaleDays != 10 {
		t.Errorf("pages %+v, suggestions %+v", m.Pages, m.Suggestions)
	}
	again, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != data {
		t.Errorf("written again:\n%s\nwant\n%s", again, data)
	}
}

// A missing manifest is fs.ErrNotExist; a broken one names the file.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no manifest: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, File), []byte(`{"policies":[{"effective":"19.5.2015"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, File)) {
		t.Errorf("a bad date: %v", err)
	}
}
