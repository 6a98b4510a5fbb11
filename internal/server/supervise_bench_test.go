package server

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/audit"
	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/themes"
)

// bigWorkplace is a records store in memory of one workplace of 2,000 people and 50
// policies (10 for everyone, 40 its own), each person with an acknowledgment of every
// policy, a fifth of them of an older version, and everyone signed in as an admin.
type bigWorkplace struct {
	Records // not called: the methods below are all the page uses
	staff   []people.Person
	acks    []store.Acknowledgment
	served  map[store.PolicyVersion]time.Time
	now     time.Time
}

func newBigWorkplace() (*bigWorkplace, *manifest.Manifest) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	bw := &bigWorkplace{served: map[store.PolicyVersion]time.Time{}, now: base.AddDate(0, 3, 0)}
	m := &manifest.Manifest{Workplaces: []manifest.Workplace{{Slug: "laug", Title: "Sundlaugin"}}}
	for i := range 50 {
		p := manifest.Policy{ID: fmt.Sprintf("stefna-%02d", i), Title: fmt.Sprintf("Stefna númer %d", i), Version: 2,
			Revision: "r", Acknowledge: true, AcknowledgeWithin: 14}
		if i >= 10 {
			p.Workplace, p.ID = "laug", "laug/"+p.ID
		}
		p.URL = p.ID + ".html"
		m.Policies = append(m.Policies, p)
		bw.served[store.PolicyVersion{Policy: p.ID, Version: 2}] = base.AddDate(0, 0, rng.IntN(60))
	}
	for i := range 2000 {
		p := people.Person{Email: fmt.Sprintf("p%04d@example.is", i), Name: fmt.Sprintf("Starfsmaður %d", rng.IntN(10000)),
			Role: people.Employee, Workplaces: []string{"laug"}, Start: base.AddDate(0, 0, -rng.IntN(1000))}
		bw.staff = append(bw.staff, p)
		for _, j := range rng.Perm(50) {
			version := 2
			if rng.IntN(5) == 0 {
				version = 1
			}
			bw.acks = append(bw.acks, store.Acknowledgment{Email: p.Email, Policy: m.Policies[j].ID, Version: version,
				At: base.Add(time.Duration(rng.IntN(90*24)) * time.Hour)})
		}
	}
	return bw, m
}

func (bw *bigWorkplace) Session(context.Context, string) (store.Session, error) {
	return store.Session{Email: "admin@example.is", How: store.Button, Created: bw.now, LastSeen: bw.now}, nil
}

func (bw *bigWorkplace) Person(context.Context, string) (people.Person, error) {
	return people.Person{Email: "admin@example.is", Name: "Stjórnandi", Role: people.Admin}, nil
}

func (bw *bigWorkplace) People(context.Context, string) ([]people.Person, error) {
	return bw.staff, nil
}

func (bw *bigWorkplace) AcksOfWorkplace(context.Context, string) ([]store.Acknowledgment, error) {
	return bw.acks, nil
}

func (bw *bigWorkplace) VersionsServed(context.Context) (map[store.PolicyVersion]time.Time, error) {
	return bw.served, nil
}

// BenchmarkWorkplacePage draws the page of a workplace of 2,000 people by 50 policies,
// from the request to the last byte, plain and gzipped, and reports its size.
func BenchmarkWorkplacePage(b *testing.B) {
	bw, m := newBigWorkplace()
	log := slog.New(slog.DiscardHandler)
	srv := &Server{Dir: b.TempDir(), Log: log, Records: bw, clock: func() time.Time { return bw.now }}
	srv.SetManifest(m)
	srv.SetPages(NewPages(themes.Default(), Handbook{Title: "Starfsmannahandbók", Language: "is"}, "", log))
	h := srv.Handler()
	for _, encoding := range []string{"", "gzip"} {
		b.Run("encoding="+encoding, func(b *testing.B) {
			var size int
			for b.Loop() {
				req := httptest.NewRequest("GET", workplacePath+"laug", nil)
				req.AddCookie(&http.Cookie{Name: cookieName, Value: "token"})
				req.Header.Set("Accept-Encoding", encoding)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d: %s", rec.Code, rec.Body.Bytes()[:min(rec.Body.Len(), 500)])
				}
				size = rec.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}

func (bw *bigWorkplace) AuditHead(context.Context) (audit.Head, error) {
	return audit.Head{Seq: 1}, nil
}
