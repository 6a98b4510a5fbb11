package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/store"
)

// The kinds of request of the records mix.
const (
	Page   = "page"   // GET of a page of the handbook
	Search = "search" // GET /api/search
	Me     = "me"     // GET /api/me
	Ack    = "ack"    // POST /api/acks
	Tick   = "tick"   // PUT /api/checklists/{id}/items/{item}
)

// Kinds are the kinds of request, in the order reports list them.
var Kinds = []string{Page, Search, Me, Ack, Tick}

// schedule is what a client asks for, in turn from a place of its own: pages most, as
// people read, then searches and their own records, and a write in every five.
var schedule = []string{Page, Search, Me, Page, Ack, Page, Search, Tick, Page, Me}

// reqTimeout bounds each request.
const reqTimeout = 10 * time.Second

// Records is a records load on a running `handbok serve`: one client per person, each a
// browser of its own, signed in, reading pages, searching, asking who they are,
// acknowledging their policies and ticking their checklist items. It remembers every
// acknowledgment and tick the server confirmed, for Verify.
type Records struct {
	base    *url.URL
	origin  string
	pages   []string
	clients []*client
	signIns Summary
}

// client is one person's browser, and what the server confirmed to it.
type client struct {
	email    string
	http     *http.Client
	policies []policyVersion
	items    []item
	acks     map[policyVersion]ackAnswer // confirmed, 201 or 200
	ticks    map[item]tickAnswer         // the last confirmed of each item
	// unanswered are ticks sent after the last confirmed one of their item and not
	// answered (cut off by the end of the load, or failed): the server may have made
	// them or not.
	unanswered map[item]bool
	// asked counts the requests of each kind, which choose the page, word, policy or
	// item of the next: counted by kind, each goes through all of its list, whatever
	// the schedule's length.
	asked map[string]int
}

type policyVersion struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

type item struct{ checklist, id string }

type ackAnswer struct {
	Policy   string    `json:"policy"`
	Version  int       `json:"version"`
	Revision string    `json:"revision"`
	At       time.Time `json:"at"`
}

type tickAnswer struct {
	Done bool      `json:"done"`
	At   time.Time `json:"at"`
}

// meAnswer is what the mix reads of GET /api/me.
type meAnswer struct {
	Acks       []ackAnswer     `json:"acks"`
	Policies   []policyVersion `json:"policies"`
	Onboarding struct {
		Checklists []struct {
			ID    string `json:"id"`
			Items []struct {
				ID     string     `json:"id"`
				Owner  string     `json:"owner"`
				Policy string     `json:"policy"`
				Done   bool       `json:"done"`
				At     *time.Time `json:"at"`
			} `json:"items"`
		} `json:"checklists"`
	} `json:"onboarding"`
}

// signInAtOnce is how many people sign in at a time: as at the start of a working day,
// not all in the same instant, and within the throttle of sign-ins from one address
// (every client is on loopback), which gives a try back when the password is right.
const signInAtOnce = 4

// NewRecords reads the handbook's manifest from the server at base, for the pages to
// load, and signs each of emails in with password, each on a client of its own; then
// asks each who they are, for their policies and their checklist items to tick.
func NewRecords(ctx context.Context, base *url.URL, emails []string, password string) (*Records, error) {
	if err := CheckLoopback(base); err != nil {
		return nil, err
	}
	if len(emails) < 1 || len(emails) > MaxClients {
		return nil, fmt.Errorf("from 1 to %d people, not %d", MaxClients, len(emails))
	}
	r := &Records{base: base, origin: base.Scheme + "://" + base.Host}
	if err := r.readPages(ctx); err != nil {
		return nil, err
	}
	transport := &http.Transport{MaxIdleConnsPerHost: len(emails), DisableCompression: true}
	tally := NewTally()
	errs := make([]error, len(emails))
	sem := make(chan struct{}, signInAtOnce)
	var wg sync.WaitGroup
	start := time.Now()
	for i, email := range emails {
		jar, _ := cookiejar.New(nil)
		c := &client{email: email, http: &http.Client{Jar: jar, Transport: transport, Timeout: reqTimeout},
			acks: map[policyVersion]ackAnswer{}, ticks: map[item]tickAnswer{}, unanswered: map[item]bool{}, asked: map[string]int{}}
		r.clients = append(r.clients, c)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = r.signIn(ctx, c, password, tally)
		})
	}
	wg.Wait()
	r.signIns = tally.Summary(len(emails), time.Since(start))
	return r, errors.Join(errs...)
}

// readPages reads the manifest for the pages to load: the front page, the search page,
// and every policy's, checklist's and workplace's page.
func (r *Records) readPages(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base.JoinPath("handbok.json").String(), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var m manifest.Manifest
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET handbok.json: %s", res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		return fmt.Errorf("GET handbok.json: %w", err)
	}
	r.pages = []string{"", "search.html"}
	for _, p := range m.Policies {
		r.pages = append(r.pages, p.URL)
	}
	for _, c := range m.Checklists {
		r.pages = append(r.pages, c.URL)
	}
	for _, w := range m.Workplaces {
		r.pages = append(r.pages, w.URL)
	}
	slices.Sort(r.pages)
	r.pages = slices.Compact(r.pages)
	return nil
}

// signIn signs c in and reads what its person has to do.
func (r *Records) signIn(ctx context.Context, c *client, password string, t *Tally) error {
	body := map[string]string{"email": c.email, "password": password}
	code, _, err := r.send(ctx, c, http.MethodPost, "api/session", body, t)
	if err == nil && code != http.StatusOK {
		err = fmt.Errorf("status %d", code)
	}
	if err != nil {
		return fmt.Errorf("signing in as %s: %w", c.email, err)
	}
	me, err := r.me(ctx, c)
	if err != nil {
		return err
	}
	c.policies = me.Policies
	for _, cl := range me.Onboarding.Checklists {
		for _, it := range cl.Items {
			if it.Owner == "employee" && it.Policy == "" {
				c.items = append(c.items, item{cl.ID, it.ID})
			}
		}
	}
	if len(c.policies) == 0 || len(c.items) == 0 {
		return fmt.Errorf("%s has %d policies to acknowledge and %d checklist items to tick: the mix needs some of each", c.email, len(c.policies), len(c.items))
	}
	return nil
}

// me asks who c is, outside the load's tallies.
func (r *Records) me(ctx context.Context, c *client) (meAnswer, error) {
	var me meAnswer
	code, data, err := r.send(ctx, c, http.MethodGet, "api/me", nil, nil)
	if err == nil && code != http.StatusOK {
		err = fmt.Errorf("status %d: %s", code, data)
	}
	if err == nil {
		err = json.Unmarshal(data, &me)
	}
	if err != nil {
		return me, fmt.Errorf("GET /api/me as %s: %w", c.email, err)
	}
	return me, nil
}

// RecordsReport is what a records load saw, by kind of request and in all.
type RecordsReport struct {
	Clients      int                `json:"clients"`
	Seconds      float64            `json:"seconds"`
	IntervalMs   int64              `json:"interval_ms"`
	Requests     int                `json:"requests"`
	RPS          float64            `json:"rps"`
	Errors       int                `json:"errors"`
	ServerErrors int                `json:"status_5xx"`
	Unfinished   int                `json:"unfinished"`
	SignIn       Summary            `json:"sign_in"`
	Kinds        map[string]Summary `json:"kinds"`
}

// Run puts the load on the server until ctx ends or d has passed: every client at once,
// each pausing interval after each answer.
func (r *Records) Run(ctx context.Context, d, interval time.Duration) RecordsReport {
	ctx, cancel := context.WithTimeout(ctx, min(d, MaxDuration))
	defer cancel()
	tallies := map[string]*Tally{}
	for _, k := range Kinds {
		tallies[k] = NewTally()
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i, c := range r.clients {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				kind := schedule[n%len(schedule)]
				r.ask(ctx, c, kind, i+c.asked[kind], tallies[kind])
				c.asked[kind]++
				if interval > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(interval):
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	out := RecordsReport{Clients: len(r.clients), Seconds: elapsed.Seconds(), IntervalMs: interval.Milliseconds(),
		SignIn: r.signIns, Kinds: map[string]Summary{}}
	for _, k := range Kinds {
		s := tallies[k].Summary(len(r.clients), elapsed)
		out.Kinds[k] = s
		out.Requests += s.Requests
		out.Errors += s.Errors
		out.ServerErrors += s.ServerErrors()
		out.Unfinished += s.Unfinished
	}
	out.RPS = float64(out.Requests) / elapsed.Seconds()
	return out
}

// ask sends c's request of kind, the n-th of its lists, and keeps what the server
// confirmed.
func (r *Records) ask(ctx context.Context, c *client, kind string, n int, t *Tally) {
	switch kind {
	case Page:
		r.send(ctx, c, http.MethodGet, r.pages[n%len(r.pages)], nil, t)
	case Search:
		word := Words[n%len(Words)]
		q := url.Values{"q": {word}}
		if n%3 == 0 { // a word being typed, as the search box asks
			w := []rune(word)
			q = url.Values{"q": {string(w[:max(2, len(w)*2/3)])}, "prefix": {"1"}}
		}
		r.send(ctx, c, http.MethodGet, "api/search?"+q.Encode(), nil, t)
	case Me:
		r.send(ctx, c, http.MethodGet, "api/me", nil, t)
	case Ack:
		// Each policy in turn: the first time 201, then 200 with the record there.
		pv := c.policies[n%len(c.policies)]
		code, data, err := r.send(ctx, c, http.MethodPost, "api/acks", map[string]any{"policy": pv.ID, "version": pv.Version}, t)
		var a ackAnswer
		if err == nil && (code == http.StatusCreated || code == http.StatusOK) && json.Unmarshal(data, &a) == nil {
			c.acks[pv] = a
		}
	case Tick:
		it := c.items[n%len(c.items)]
		done := !c.ticks[it].Done
		path := "api/checklists/" + it.checklist + "/items/" + it.id
		code, data, err := r.send(ctx, c, http.MethodPut, path, map[string]any{"done": done}, t)
		var a tickAnswer
		switch {
		case err != nil:
			c.unanswered[it] = done
		case code == http.StatusOK && json.Unmarshal(data, &a) == nil:
			c.ticks[it] = a
			delete(c.unanswered, it)
		}
	}
}

// send sends one request as c, a browser would (a change with its page's Origin), and
// tallies it in t (nil: not tallied). A request that the end of ctx cuts off is
// counted as unfinished and returns ctx's error.
func (r *Records) send(ctx context.Context, c *client, method, path string, body any, t *Tally) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(data)
	}
	u := r.base.String()
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	req, err := http.NewRequestWithContext(ctx, method, u+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		req.Header.Set("Origin", r.origin)
	}
	start := time.Now()
	res, err := c.http.Do(req)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err != nil && ctx.Err() != nil {
		if t != nil {
			t.CutOff()
		}
		return 0, nil, ctx.Err()
	}
	if t != nil {
		code := 0
		if res != nil {
			code = res.StatusCode
		}
		t.Add(time.Since(start), code, err)
	}
	if err != nil {
		return 0, nil, err
	}
	return res.StatusCode, data, nil
}

// Verification is what Verify found.
type Verification struct {
	// Acks is how many acknowledgments the server confirmed (201 or 200), each person's
	// policy and version counted once; AcksMissing how many of them GET /api/me does not
	// give as they were confirmed.
	Acks        int `json:"acks"`
	AcksMissing int `json:"acks_missing"`
	// Ticks is how many checklist items were ticked with 200; TicksWrong how many of
	// them GET /api/me does not give as the last answer said (or, when a later tick of
	// the item went unanswered, as that one would have left it).
	Ticks      int      `json:"ticks"`
	TicksWrong int      `json:"ticks_wrong"`
	Problems   []string `json:"problems,omitempty"` // the first few
}

// maxProblems is how many problems a Verification names.
const maxProblems = 5

// Verify asks each person who they are, after a Run, and checks that every
// acknowledgment the server confirmed is in their records as it was confirmed, and
// that each item they ticked stands as the last answer to a tick of it said.
func (r *Records) Verify(ctx context.Context) (Verification, error) {
	var v Verification
	problem := func(format string, args ...any) {
		if len(v.Problems) < maxProblems {
			v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
		}
	}
	for _, c := range r.clients {
		me, err := r.me(ctx, c)
		if err != nil {
			return v, err
		}
		have := map[policyVersion]ackAnswer{}
		for _, a := range me.Acks {
			have[policyVersion{a.Policy, a.Version}] = a
		}
		for pv, a := range c.acks {
			v.Acks++
			if h, ok := have[pv]; !ok || h.Revision != a.Revision || !h.At.Equal(a.At) {
				v.AcksMissing++
				problem("%s: %s v%d confirmed as %s at %s, the records have %+v", c.email, pv.ID, pv.Version, a.Revision, a.At.Format(time.RFC3339Nano), h)
			}
		}
		stands := map[item]tickAnswer{}
		for _, cl := range me.Onboarding.Checklists {
			for _, it := range cl.Items {
				ta := tickAnswer{Done: it.Done}
				if it.At != nil {
					ta.At = *it.At
				}
				stands[item{cl.ID, it.ID}] = ta
			}
		}
		for it, a := range c.ticks {
			v.Ticks++
			// The records give when an item was ticked done, not when it was undone.
			s := stands[it]
			if done, ok := c.unanswered[it]; ok && s.Done == done {
				continue
			}
			if s.Done != a.Done || (a.Done && !s.At.Equal(a.At)) {
				v.TicksWrong++
				problem("%s: %s/%s last answered done=%t at %s, the records have done=%t at %s", c.email, it.checklist, it.id,
					a.Done, a.At.Format(time.RFC3339Nano), s.Done, s.At.Format(time.RFC3339Nano))
			}
		}
	}
	return v, nil
}

// Confirmed returns every acknowledgment the server confirmed (201 or 200), as it was
// confirmed, after a Run: for a test to look for each in the store itself.
func (r *Records) Confirmed() []store.Acknowledgment {
	var out []store.Acknowledgment
	for _, c := range r.clients {
		for _, a := range c.acks {
			out = append(out, store.Acknowledgment{Email: c.email, Policy: a.Policy, Version: a.Version, Revision: a.Revision, At: a.At})
		}
	}
	return out
}
