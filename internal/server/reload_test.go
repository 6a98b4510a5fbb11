package server

import (
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/handbok/handbok/themes"
)

// TestReloadScriptText: the overlay speaks the handbook's language alone, from the
// theme's i18n; before any build is live, and for a theme without the overlay's words,
// the built-in theme lends them.
func TestReloadScriptText(t *testing.T) {
	const (
		is = `"title":"Ekki tókst að byggja handbókina"`
		en = `"title":"The handbook could not be built"`
	)
	// A theme of one's own whose UI text is older than the overlay.
	old := fstest.MapFS{}
	if err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Default(), p)
		if strings.HasPrefix(p, "i18n/") {
			data = []byte(strings.NewReplacer("reload_failed_title:", "gamalt_heiti:", "reload_close:", "gamalt_loka:").Replace(string(data)))
		}
		old[p] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		theme fs.FS // nil: no build is live
		lang  string
		want  []string
		not   string
	}{
		{"before any build", nil, "", []string{is, `"close":"Loka"`}, "could not"},
		{"Icelandic", themes.Default(), "is", []string{is, `"close":"Loka"`, `"text":"Síðasta útgáfan`}, "could not"},
		{"English", themes.Default(), "en", []string{en, `"close":"Close"`, `"text":"The last good version`}, "tókst"},
		{"an older theme of one's own", old, "en", []string{en, `"close":"Close"`}, "tókst"},
		{"a language the theme lacks", themes.Default(), "de", []string{is}, "could not"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Server{Dir: site(t), Reload: NewReload()}
			if c.theme != nil {
				s.SetPages(NewPages(c.theme, Handbook{Title: "Handbók", Language: c.lang}, "", slog.New(slog.DiscardHandler)))
			}
			srv := newServer(t, s)
			code, script := readBody(t, srv.URL+reloadScriptPath)
			if code != 200 || strings.Contains(script, string(reloadTextMark)) {
				t.Fatalf("%d: the script's UI text is not filled in:\n%s", code, script)
			}
			for _, want := range c.want {
				if !strings.Contains(script, want) {
					t.Errorf("the script lacks %s", want)
				}
			}
			if strings.Contains(script, c.not) {
				t.Errorf("the script mixes languages (%q)", c.not)
			}
		})
	}
}
