package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// privatePostgres is a PostgreSQL cluster of one test's own, in a temporary folder and
// listening only on a socket there, so that the test may stop and start it without
// troubling the tests that share the machine's server.
type privatePostgres struct {
	bin, data, sock, log string
	owner                *user.User // runs the cluster when the tests run as root, which PostgreSQL refuses
}

// startPrivatePostgres makes and starts a cluster; it is stopped and removed when the
// test ends. Without PostgreSQL's programs the test is skipped, or fails under CI=true.
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		msg := "no PostgreSQL programs (/usr/lib/postgresql/*/bin/initdb) to make a cluster of the test's own: apt-get install postgresql"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	base, err := os.MkdirTemp("", "handbok-pg-")
	if err != nil {
		t.Fatal(err)
	}
	pg := &privatePostgres{bin: filepath.Dir(found[len(found)-1]), data: filepath.Join(base, "data"), sock: filepath.Join(base, "sock"), log: filepath.Join(base, "log")}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Mkdir(pg.sock, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if pg.owner, err = user.Lookup("postgres"); err != nil {
			t.Fatalf("the tests run as root, which PostgreSQL refuses, and there is no user postgres to run it: %v", err)
		}
		uid, _ := strconv.Atoi(pg.owner.Uid)
		gid, _ := strconv.Atoi(pg.owner.Gid)
		for _, p := range []string{base, pg.sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	pg.run(t, "initdb", "--no-sync", "--auth=trust", "--username=handbok", "--encoding=UTF8", "-D", pg.data)
	pg.start(t)
	t.Cleanup(func() { pg.ctl(t, "stop", "-m", "immediate") })
	return pg
}

// dsn is the cluster's database as handbok's --db takes it.
func (pg *privatePostgres) dsn() string {
	return "postgres:///postgres?host=" + pg.sock + "&user=handbok"
}

func (pg *privatePostgres) start(t *testing.T) {
	pg.ctl(t, "start", "-l", pg.log, "-o", "-c listen_addresses='' -k "+pg.sock+" -c fsync=off")
}

// stop stops the cluster as an administrator restarting it does: the connections are
// ended, and the database is shut down cleanly.
func (pg *privatePostgres) stop(t *testing.T) {
	pg.ctl(t, "stop", "-m", "fast")
}

func (pg *privatePostgres) ctl(t *testing.T, args ...string) {
	pg.run(t, "pg_ctl", append([]string{"-D", pg.data, "-w", "-t", "60"}, args...)...)
}

func (pg *privatePostgres) run(t *testing.T, program string, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(pg.bin, program), args...)
	if pg.owner != nil {
		cmd = exec.Command("runuser", append([]string{"-u", pg.owner.Username, "--", cmd.Path}, args...)...)
	}
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		logged, _ := os.ReadFile(pg.log)
		t.Fatalf("%s %s: %v\n%s\n%s", program, strings.Join(args, " "), err, out, logged)
	}
}

// outcome is what the load saw of one request.
type outcome struct {
	what, email string
	code        int
	body        []byte
	err         error
	took        time.Duration
}

// TestPostgresRestart: the PostgreSQL server is stopped under a steady load of
// acknowledgments, /api/me and pages, and started again. Meanwhile the pages are
// served; every records request is answered, either as usual or with 503 and a JSON
// error that says to try again, never another 5xx, a broken connection or no answer;
// once the database is back the same server answers as usual again, by itself; and
// every acknowledgment answered 201 or 200 is in the records. The database is
// restarted once, or HANDBOK_PG_RESTARTS times.
func TestPostgresRestart(t *testing.T) {
	t.Parallel()
	restarts := 1
	if os.Getenv("HANDBOK_PG_RESTARTS") != "" {
		n, err := parsePositiveEnv("HANDBOK_PG_RESTARTS")
		if err != nil || n < 1 {
			t.Fatalf("HANDBOK_PG_RESTARTS=%q: give a number of restarts, such as 20", os.Getenv("HANDBOK_PG_RESTARTS"))
		}
		restarts = n
	}
	pg := startPrivatePostgres(t)
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Endurræsing\n")
	write(t, dir, "content/_index.md", "# Endurræsing\n")
	const clients, policies = 4, 50
	for i := range policies {
		write(t, dir, fmt.Sprintf("content/stefna%d.md", i), fmt.Sprintf("---\ntitle: Stefna %d\nkind: policy\nacknowledge: true\n---\nTexti %d.\n", i, i))
	}
	var emails []string
	for i := range clients {
		emails = append(emails, fmt.Sprintf("starfsmadur%d@dalvik.is", i))
		faultPerson(t, dir, pg.dsn(), emails[i])
	}
	out := &syncBuffer{}
	base := startServeTo(t, dir, out, "--no-watch", "--db", pg.dsn())
	tokens := signInAll(t, base, emails)

	var (
		mu    sync.Mutex
		seen  []outcome
		ok    atomic.Int64 // records requests answered 2xx
		down  atomic.Int64 // not answered 2xx
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		calls = []struct{ what, method, path, body string }{
			{"ack", "POST", "/api/acks", `{"policy":"stefna%d","version":1}`},
			{"me", "GET", "/api/me", ""},
			{"page", "GET", "/stefna%d.html", ""},
		}
	)
	for i := range clients {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				c := calls[n%len(calls)]
				p := (n/len(calls) + i*7) % policies
				path, body := c.path, c.body
				if strings.Contains(path, "%d") {
					path = fmt.Sprintf(path, p)
				}
				if body != "" {
					body = fmt.Sprintf(body, p)
				}
				began := time.Now()
				code, data, err := crashCall(base, tokens[i], c.method, path, body)
				o := outcome{what: c.what, email: emails[i], code: code, body: data, err: err, took: time.Since(began)}
				mu.Lock()
				seen = append(seen, o)
				mu.Unlock()
				switch {
				case c.what == "page":
				case code/100 == 2:
					ok.Add(1)
				default:
					down.Add(1)
				}
			}
		})
	}
	// waitFor waits until cond holds, or fails the test after a minute: the machine may
	// be busy, and the test needs the state, not a time.
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !cond() {
			if time.Now().After(deadline) {
				close(stop)
				wg.Wait()
				t.Fatalf("waited a minute for %s; the log:\n%s", what, out)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("answers before the restart", func() bool { return ok.Load() >= 20 })
	for range restarts {
		pg.stop(t)
		before := down.Load()
		waitFor("failures while the database is down", func() bool { return down.Load() >= before+20 })
		pg.start(t)
		after := ok.Load()
		waitFor("answers once the database is back", func() bool { return ok.Load() >= after+20 })
	}
	close(stop)
	wg.Wait()

	checkOutcomes(t, seen)
	var kept []answered
	for _, o := range seen {
		if o.what == "ack" && o.code/100 == 2 {
			a := answered{email: o.email}
			if err := json.Unmarshal(o.body, &a); err != nil {
				t.Fatalf("an acknowledgment answered %d: %v in %s", o.code, err, o.body)
			}
			kept = append(kept, a)
		}
	}
	checkKept(t, base, tokens, emails, kept, 1)
	crashVerify(t, dir, pg.dsn(), 1)
	var slowest time.Duration
	for _, o := range seen {
		slowest = max(slowest, o.took)
	}
	t.Logf("%d restarts, %d requests, %d records requests answered as usual, %d not; the slowest answer took %s",
		restarts, len(seen), ok.Load(), down.Load(), slowest.Round(time.Millisecond))
}

// checkOutcomes checks what the load saw: pages always served; records requests
// answered as usual, or 503 with a JSON error that says to try again.
func checkOutcomes(t *testing.T, seen []outcome) {
	t.Helper()
	var bad []string
	for _, o := range seen {
		var apiErr struct{ Error string }
		switch {
		case o.err != nil:
			bad = append(bad, fmt.Sprintf("%s as %s: %v after %s", o.what, o.email, o.err, o.took))
		case o.what == "page" && o.code != http.StatusOK:
			bad = append(bad, fmt.Sprintf("a page: %d", o.code))
		case o.code/100 == 2:
		case o.code != http.StatusServiceUnavailable:
			bad = append(bad, fmt.Sprintf("%s as %s: %d %s", o.what, o.email, o.code, bytes.TrimSpace(o.body)))
		case json.Unmarshal(o.body, &apiErr) != nil || !strings.Contains(apiErr.Error, "try again"):
			bad = append(bad, fmt.Sprintf("%s as %s: 503 without a JSON error that says to try again: %s", o.what, o.email, bytes.TrimSpace(o.body)))
		}
	}
	if len(bad) > 0 {
		t.Errorf("%d of %d requests were not answered as usual or with a clean 503, such as\n%s", len(bad), len(seen), strings.Join(bad[:min(len(bad), 8)], "\n"))
	}
}
