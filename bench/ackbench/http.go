package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/server"
	"github.com/handbok/handbok/internal/store"
)

// benchPassword is every benchmark person's password.
const benchPassword = "ackbench-password"

// overHTTP is the way acknowledgments reach the store with -http: each client a browser
// of its own, signed in, sending POST /api/acks to a records server on loopback, so that
// sessions, JSON and the handler are measured with the store.
type overHTTP struct {
	srv     *httptest.Server
	clients []*http.Client
}

// newOverHTTP starts a records server on s with acks policies to acknowledge and signs
// in each of staff.
func newOverHTTP(ctx context.Context, s store.Store, staff []people.Person, acks int) (*overHTTP, error) {
	hash, err := people.HashPassword(benchPassword)
	if err != nil {
		return nil, err
	}
	for _, p := range staff {
		if err := s.SetPasswordHash(ctx, "ackbench", p.Email, hash); err != nil {
			return nil, err
		}
	}
	m := &manifest.Manifest{}
	for i := range acks {
		m.Policies = append(m.Policies, manifest.Policy{ID: policyID(i), Version: 1, Revision: "r", Acknowledge: true})
	}
	srv := &server.Server{Dir: os.TempDir(), Records: s, Log: slog.New(slog.DiscardHandler)}
	srv.SetManifest(m)
	h := &overHTTP{srv: httptest.NewServer(srv.Handler())}
	transport := &http.Transport{MaxIdleConnsPerHost: len(staff)} // a connection per browser, kept
	for _, p := range staff {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: transport}
		code, err := h.post(c, "/api/session", fmt.Sprintf(`{"email":%q,"password":%q}`, p.Email, benchPassword))
		if err != nil || code != http.StatusOK {
			h.close()
			return nil, fmt.Errorf("signing in %s: %d %v", p.Email, code, err)
		}
		h.clients = append(h.clients, c)
	}
	return h, nil
}

func (h *overHTTP) post(c *http.Client, path, body string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, bytes.NewBufferString(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// ack has client c acknowledge policy i.
func (h *overHTTP) ack(c, i int) error {
	code, err := h.post(h.clients[c], "/api/acks", fmt.Sprintf(`{"policy":%q,"version":1}`, policyID(i)))
	if err == nil && code != http.StatusCreated {
		err = fmt.Errorf("POST /api/acks: %d", code)
	}
	return err
}

func (h *overHTTP) close() { h.srv.Close() }

func policyID(i int) string { return fmt.Sprintf("stefna-%04d", i) }
