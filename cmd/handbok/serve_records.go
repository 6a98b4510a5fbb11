package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/build"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/render"
	"github.com/handbok/handbok/internal/server"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/store"
)

// serveRecords opens the records that serve keeps (the SQLite file is made on first
// start) and gives them to srv: after every build that goes live, the text of each new
// revision of a policy to acknowledge is kept, and then the server rereads handbok.json.
func serveRecords(ctx context.Context, dsn string, p *build.Project, b *build.Builder, srv *server.Server) (store.Store, error) {
	st, err := openStore(ctx, dsn, p.Dir)
	if err != nil {
		return nil, err
	}
	srv.Records = st
	kept := map[store.PolicyVersion]string{} // the revision kept last of each version
	b.OnLive(func(l build.Live) {
		// The pages of the build are live already: keep the new texts, within a bound
		// so that a slow database cannot hold the server to the old manifest.
		keepCtx, cancel := context.WithTimeout(ctx, keepRevisionsTimeout)
		keepRevisions(keepCtx, st, p, l.Site, kept, srv.Log)
		cancel()
		readManifest(srv, l.Dest)
	})
	return st, nil
}

// firstAdmin gives srv a one-time link that makes the first administrator when the
// records have none.
func firstAdmin(ctx context.Context, st store.Store, srv *server.Server) error {
	everyone, err := st.People(ctx, "")
	if err != nil {
		return fmt.Errorf("records: %w", err)
	}
	if !slices.ContainsFunc(everyone, func(q people.Person) bool { return q.Role == people.Admin && !q.Disabled }) {
		srv.FirstAdmin, _ = server.NewFirstAdmin(time.Now().Add(time.Hour))
	}
	return nil
}

// keepRevisionsTimeout bounds keeping the texts of a build's new revisions.
const keepRevisionsTimeout = 10 * time.Second

// readManifest gives srv the manifest of the site in dest. When it cannot be read, the
// server keeps the one it has; a site without any (no good build yet) has nothing to
// acknowledge.
func readManifest(srv *server.Server, dest string) {
	m, err := manifest.Read(dest)
	if err != nil {
		srv.Log.Warn("records: the built site's manifest cannot be read; the last one read stays in use", "err", err)
		if srv.HasManifest() {
			return
		}
		m = &manifest.Manifest{}
	}
	srv.SetManifest(m)
}

// keepRevisions keeps the text of every policy to acknowledge whose revision the
// records do not have yet, so that a person who acknowledged it can later be shown what
// changed. A revision that cannot be kept is logged and tried again after the next build.
func keepRevisions(ctx context.Context, st store.Store, p *build.Project, s *site.Site, kept map[store.PolicyVersion]string, log *slog.Logger) {
	var fresh []*site.Page
	for _, pg := range s.Pages {
		if pg.Kind == site.KindPolicy && pg.Policy.Acknowledge && kept[store.PolicyVersion{Policy: pg.ID, Version: pg.Policy.Version}] != pg.Policy.Revision {
			fresh = append(fresh, pg)
		}
	}
	if len(fresh) == 0 {
		return
	}
	byID := map[string]*site.Page{}
	for _, pg := range fresh {
		byID[pg.ID] = pg
	}
	docs := render.SearchDocuments(s, p.FS, fresh)
	if len(docs) < len(fresh) {
		log.Warn("records: some policies changed while being built; their texts are kept after the next build", "kept", len(docs), "of", len(fresh))
	}
	for _, doc := range docs {
		pg := byID[doc.ID]
		r := store.Revision{Policy: pg.ID, Version: pg.Policy.Version, Revision: pg.Policy.Revision, Title: pg.Title, Text: doc.Text}
		if _, err := st.KeepRevision(ctx, r); err != nil {
			log.Error("records: could not keep the text of a policy's revision", "policy", pg.ID, "revision", r.Revision, "err", err)
			continue
		}
		kept[store.PolicyVersion{Policy: pg.ID, Version: pg.Policy.Version}] = pg.Policy.Revision
	}
}

// sayFirstAdmin prints the one-time link that makes the first administrator.
func sayFirstAdmin(w io.Writer, srv *server.Server, base string) {
	if srv.FirstAdmin == nil {
		return
	}
	fmt.Fprintf(w, "The records have no administrator yet. Within the hour, open\n  %s%s\nto make the first one (the link works once).\n", base, srv.FirstAdmin.Path()[1:])
}

// serverAuth is handbok.yaml's single sign-on for the server, with the handbook's
// contact as whom a person not in the records should ask. It is read once, when serve
// starts.
func serverAuth(cfg site.Config) server.Auth {
	a := server.Auth{Header: cfg.Auth.Header, TrustedProxies: cfg.Auth.Proxies(), CreateUnknown: people.Role(cfg.Auth.CreateUnknown)}
	if c := cfg.Contact; c != nil {
		a.Contact = strings.TrimSpace(c.Name + " " + c.Email)
		if c.Name != "" && c.Email != "" {
			a.Contact = c.Name + " (" + c.Email + ")"
		}
	}
	return a
}

// authNotice says, once for each change, that handbok.yaml's auth: changed while serving
// and takes effect only when serve starts again: whoever is setting up single sign-on
// would otherwise look for the fault in the proxy.
type authNotice struct {
	serving *server.Auth // what the server uses; nil before it starts
	said    *server.Auth // the change said last
}

func (n *authNotice) start(a server.Auth) { n.serving = &a }

func (n *authNotice) check(a server.Auth, w io.Writer) {
	if n.serving == nil || reflect.DeepEqual(a, *n.serving) || (n.said != nil && reflect.DeepEqual(a, *n.said)) {
		return
	}
	n.said = &a
	fmt.Fprintln(w, "handbok.yaml's auth: changed; restart serve for it to take effect (signing in works as before until then).")
}
