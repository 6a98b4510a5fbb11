package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store/postgres/pgtest"
)

// The crash test's size: people signed in at once, each acknowledging every policy and
// ticking every item of a checklist.
const (
	crashPeople   = 40
	crashPolicies = 5
	crashItems    = 3
	crashPassword = "hrun-og-endurræsing"
)

// TestCrashKeepsAnsweredAcks: a handbok serve process is killed with SIGKILL in the middle
// of a burst of acknowledgments and checklist ticks from many people at once, at a random
// moment, and started again on the same records. Every acknowledgment that was answered
// 201 or 200 before the kill is there, as it was answered, every tick answered 200
// stands, and handbok acks verify passes. This is repeated, each round at a new version
// of the policies so that every round has all of its acknowledgments still to make, and
// ticking the items the other way: HANDBOK_CRASH_ROUNDS rounds (3 by default), on SQLite
// and, when there is one (see pgtest), on PostgreSQL. HANDBOK_CRASH_SEED repeats a run's
// orders and kill moments (the kill still lands where the requests happen to be).
func TestCrashKeepsAnsweredAcks(t *testing.T) {
	rounds := 3
	if os.Getenv("HANDBOK_CRASH_ROUNDS") != "" {
		n, err := parsePositiveEnv("HANDBOK_CRASH_ROUNDS")
		if err != nil || n < 1 {
			t.Fatalf("HANDBOK_CRASH_ROUNDS=%q: give a number of rounds, such as 100", os.Getenv("HANDBOK_CRASH_ROUNDS"))
		}
		rounds = n
	}
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		crashRounds(t, "", rounds)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		base, admin := pgtest.Server(t)
		crashRounds(t, pgtest.Schema(t, base, admin), rounds)
	})
}

// answered is an acknowledgment as the server answered it.
type answered struct {
	email    string
	Policy   string    `json:"policy"`
	Version  int       `json:"version"`
	Revision string    `json:"revision"`
	At       time.Time `json:"at"`
}

// crashRounds runs the rounds on the records dsn names ("" for the project's SQLite
// file): round r serves version r of the policies, and after the last kill the server
// is started once more to check the last round's acknowledgments.
func crashRounds(t *testing.T, dsn string, rounds int) {
	dir := t.TempDir()
	emails := crashRecords(t, dir, dsn)
	seed := rand.Uint64()
	if env := os.Getenv("HANDBOK_CRASH_SEED"); env != "" {
		if _, err := fmt.Sscan(env, &seed); err != nil {
			t.Fatalf("HANDBOK_CRASH_SEED=%q: give the seed a run printed", env)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	var kept []answered     // answered 201 or 200 in every round so far
	var ticked []tickAnswer // answered 200 in the last round
	var sessions []string
	for r := 1; r <= rounds+1; r++ {
		crashPolicyFiles(t, dir, r)
		args := []string{"serve", "--source", dir, "--no-watch", "--addr", "127.0.0.1:0"}
		if dsn != "" {
			args = append(args, "--db", dsn)
		}
		srv := startHandbok(t, args...)
		base := waitLine(t, srv.stdout, `at (http://\S+)/ `, time.Minute)
		if sessions == nil {
			sessions = signInAll(t, base, emails)
		}
		checkKept(t, base, sessions, emails, kept, r)
		checkTicks(t, base, sessions, emails, ticked, r)
		crashVerify(t, dir, dsn, r)
		if r > rounds || t.Failed() {
			srv.cmd.Process.Kill()
			srv.wait(t, 10*time.Second)
			return
		}
		killAt := 1 + rng.IntN(crashPeople*(crashPolicies+crashItems)*3/4)
		acks, ticks := burst(t, base, sessions, emails, r, killAt, rng, srv)
		kept, ticked = append(kept, acks...), ticks
		if code, _, errOut := srv.wait(t, 10*time.Second); code != -1 {
			t.Fatalf("round %d: serve ended with exit %d, not killed:\n%s", r, code, errOut)
		}
	}
}

// crashRecords writes a handbook project in dir and puts its people in the records,
// each with crashPassword. It returns their emails.
func crashRecords(t *testing.T, dir, dsn string) []string {
	write(t, dir, "handbok.yaml", "title: Hrunprófun\n")
	write(t, dir, "content/_index.md", "# Hrunprófun\n")
	var staff []people.Person
	var emails []string
	start := time.Now().UTC().Truncate(24 * time.Hour)
	for i := range crashPeople {
		p := people.Person{Email: fmt.Sprintf("starfsmadur%02d@dalvik.is", i), Name: fmt.Sprintf("Starfsmaður %d", i), Role: people.Employee, Start: start}
		staff = append(staff, p)
		emails = append(emails, p.Email)
	}
	hash, err := people.HashPassword(crashPassword)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, dsn, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.AddPeople(ctx, "crash-test", staff); err != nil {
		t.Fatal(err)
	}
	for _, email := range emails {
		if err := st.SetPasswordHash(ctx, "crash-test", email, hash); err != nil {
			t.Fatal(err)
		}
	}
	return emails
}

// crashPolicyFiles writes the policies at version v, and the checklist everyone ticks.
func crashPolicyFiles(t *testing.T, dir string, v int) {
	for i := range crashPolicies {
		write(t, dir, fmt.Sprintf("content/stefna%d.md", i), fmt.Sprintf(
			"---\ntitle: Stefna %d\nkind: policy\nacknowledge: true\nversion: %d\n---\nÚtgáfa %d af stefnu %d.\n", i, v, v, i))
	}
	items := ""
	for i := range crashItems {
		items += fmt.Sprintf("  - {id: verk%d, task: Verk %d, owner: employee, due: %d}\n", i, i, i)
	}
	write(t, dir, "content/mottaka.md", "---\ntitle: Móttaka\nkind: checklist\nitems:\n"+items+"---\n")
}

// tickAnswer is a tick as the server answered it.
type tickAnswer struct {
	email string
	Item  string `json:"item"`
	Done  bool   `json:"done"`
}

// crashClient is the HTTP client of every person: enough connections for all at once.
var crashClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: crashPeople * 2}, Timeout: time.Minute}

// crashCall sends a request as the person whose session token is given ("" for none).
func crashCall(base, token, method, path, body string) (int, []byte, error) {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.AddCookie(&http.Cookie{Name: "handbok_session", Value: token})
	}
	res, err := crashClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

// signInAll signs everyone in, a few at a time, and returns their session tokens. The
// sessions are in the records, so they outlive the server.
func signInAll(t *testing.T, base string, emails []string) []string {
	tokens := make([]string, len(emails))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, email := range emails {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, crashPassword)
			req, _ := http.NewRequest("POST", base+"/api/session", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := crashClient.Do(req)
			if err != nil {
				t.Errorf("signing in as %s: %v", email, err)
				return
			}
			res.Body.Close()
			for _, c := range res.Cookies() {
				if c.Name == "handbok_session" {
					tokens[i] = c.Value
				}
			}
			if res.StatusCode != http.StatusOK || tokens[i] == "" {
				t.Errorf("signing in as %s: %d, session %q", email, res.StatusCode, tokens[i])
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return tokens
}

// burst has everyone acknowledge every policy at version v at once and tick every item
// of the checklist (done in odd rounds, not done in even ones), each in an order of
// their own and some acknowledgments twice, and kills the server when the killAt-th
// answer has come. It returns what was answered 201 or 200.
func burst(t *testing.T, base string, tokens, emails []string, v, killAt int, rng *rand.Rand, srv *process) ([]answered, []tickAnswer) {
	var (
		mu       sync.Mutex
		got      []answered
		ticks    []tickAnswer
		answers  atomic.Int64
		inFlight atomic.Int64
		killed   = make(chan int64, 1)
	)
	orders := make([][]int, len(emails))
	for i := range orders {
		orders[i] = rng.Perm(crashPolicies + crashItems)
	}
	answer := func() {
		if answers.Add(1) == int64(killAt) {
			srv.cmd.Process.Kill()
			killed <- inFlight.Load()
		}
	}
	var wg sync.WaitGroup
	for i := range emails {
		wg.Go(func() {
			for _, p := range orders[i] {
				if p >= crashPolicies {
					item := fmt.Sprintf("verk%d", p-crashPolicies)
					body := fmt.Sprintf(`{"done":%t}`, v%2 == 1)
					inFlight.Add(1)
					code, data, err := crashCall(base, tokens[i], "PUT", "/api/checklists/mottaka/items/"+item, body)
					inFlight.Add(-1)
					if err != nil {
						return // killed: what this request did is not known
					}
					tk := tickAnswer{email: emails[i]}
					if err := json.Unmarshal(data, &tk); code != http.StatusOK || err != nil || tk.Item != item || tk.Done != (v%2 == 1) {
						t.Errorf("%s: PUT %s %s: %d %s", emails[i], item, body, code, data)
						return
					}
					mu.Lock()
					ticks = append(ticks, tk)
					mu.Unlock()
					answer()
					continue
				}
				for try := range 2 {
					body := fmt.Sprintf(`{"policy":"stefna%d","version":%d}`, p, v)
					inFlight.Add(1)
					code, data, err := crashCall(base, tokens[i], "POST", "/api/acks", body)
					inFlight.Add(-1)
					if err != nil {
						return // killed: what this request did is not known
					}
					a, ok := checkAnswer(t, emails[i], body, try, code, data)
					if !ok {
						return
					}
					mu.Lock()
					got = append(got, a)
					mu.Unlock()
					answer()
					if (i+p+v)%3 != 0 {
						break // two in three are acknowledged once, the others twice
					}
				}
			}
		})
	}
	wg.Wait()
	select {
	case n := <-killed:
		t.Logf("round %d: killed after %d answers, %d requests in flight", v, killAt, n)
	default:
		t.Fatalf("round %d: the burst ended with %d answers, before the kill after %d", v, answers.Load(), killAt)
	}
	return got, ticks
}

// checkAnswer reads the answer to an acknowledgment: 201 the first time, 200 the second.
func checkAnswer(t *testing.T, email, body string, try, code int, data []byte) (answered, bool) {
	want := []int{http.StatusCreated, http.StatusOK}[try]
	a := answered{email: email}
	if code != want {
		t.Errorf("%s: POST /api/acks %s: %d %s, want %d", email, body, code, data, want)
		return a, false
	}
	if err := json.Unmarshal(data, &a); err != nil {
		t.Errorf("%s: POST /api/acks %s: %v in %s", email, body, err, data)
		return a, false
	}
	return a, true
}

// checkKept checks through GET /api/me that each person has every acknowledgment they
// were answered, as they were answered.
func checkKept(t *testing.T, base string, tokens, emails []string, kept []answered, round int) {
	byEmail := map[string][]answered{}
	for _, a := range kept {
		byEmail[a.email] = append(byEmail[a.email], a)
	}
	var lost []string
	for i, email := range emails {
		have := meAcks(t, base, tokens[i], email)
		for _, a := range byEmail[email] {
			h, ok := have[fmt.Sprint(a.Policy, a.Version)]
			switch {
			case !ok:
				lost = append(lost, fmt.Sprintf("%s %s v%d answered at %s: not there", email, a.Policy, a.Version, a.At.Format(time.RFC3339Nano)))
			case h.Revision != a.Revision || !h.At.Equal(a.At):
				lost = append(lost, fmt.Sprintf("%s %s v%d answered %s at %s: there as %s at %s",
					email, a.Policy, a.Version, a.Revision, a.At.Format(time.RFC3339Nano), h.Revision, h.At.Format(time.RFC3339Nano)))
			}
		}
	}
	if len(lost) > 0 {
		t.Errorf("after the kill in round %d, %d of the %d acknowledgments answered 201 or 200 are not as answered, such as\n%s",
			round-1, len(lost), len(kept), strings.Join(lost[:min(len(lost), 5)], "\n"))
	}
}

// crashMe is what the crash test reads of GET /api/me.
type crashMe struct {
	Acks       []answered
	Onboarding struct {
		Checklists []struct {
			ID    string
			Items []struct {
				ID   string
				Done bool
			}
		}
	}
}

// me returns GET /api/me as the person whose token is given.
func me(t *testing.T, base, token, email string) crashMe {
	code, data, err := crashCall(base, token, "GET", "/api/me", "")
	var me crashMe
	if err == nil && code == http.StatusOK {
		err = json.Unmarshal(data, &me)
	}
	if err != nil || code != http.StatusOK {
		t.Fatalf("/api/me as %s: %d %v %s", email, code, err, data)
	}
	return me
}

// meAcks returns a person's acknowledgments as GET /api/me gives them, by policy and
// version.
func meAcks(t *testing.T, base, token, email string) map[string]answered {
	have := map[string]answered{}
	for _, a := range me(t, base, token, email).Acks {
		have[fmt.Sprint(a.Policy, a.Version)] = a
	}
	return have
}

// checkTicks checks through GET /api/me that every tick answered 200 in the round before
// the kill stands as answered. Those not answered may stand either way.
func checkTicks(t *testing.T, base string, tokens, emails []string, ticked []tickAnswer, round int) {
	byEmail := map[string][]tickAnswer{}
	for _, tk := range ticked {
		byEmail[tk.email] = append(byEmail[tk.email], tk)
	}
	var lost []string
	for i, email := range emails {
		if len(byEmail[email]) == 0 {
			continue
		}
		done := map[string]bool{}
		for _, c := range me(t, base, tokens[i], email).Onboarding.Checklists {
			for _, it := range c.Items {
				if c.ID == "mottaka" {
					done[it.ID] = it.Done
				}
			}
		}
		for _, tk := range byEmail[email] {
			if done[tk.Item] != tk.Done {
				lost = append(lost, fmt.Sprintf("%s %s answered done=%t: stands as %t", email, tk.Item, tk.Done, done[tk.Item]))
			}
		}
	}
	if len(lost) > 0 {
		t.Errorf("after the kill in round %d, %d of the %d ticks answered 200 do not stand, such as\n%s",
			round-1, len(lost), len(ticked), strings.Join(lost[:min(len(lost), 5)], "\n"))
	}
}

// crashVerify runs handbok acks verify on the records, while the server runs.
func crashVerify(t *testing.T, dir, dsn string, round int) {
	args := []string{"acks", "verify", "--source", dir}
	if dsn != "" {
		args = append(args, "--db", dsn)
	}
	var out, errOut strings.Builder
	if code := run(context.Background(), args, &out, &errOut); code != 0 || !strings.Contains(out.String(), "The audit log verifies") {
		t.Errorf("round %d: handbok acks verify: exit %d\n%s%s", round, code, &out, &errOut)
	}
}
