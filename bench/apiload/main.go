// Command apiload puts load on a running handbok server's /api/search: normal clients,
// which search for words of the handbook as people do, and, beside them, abusive
// clients, which send queries made to be expensive as fast as they are answered. It
// prints one JSON line: for each kind of client its requests, requests per second,
// statuses, errors and latencies (p50, p99, max), and the server's peak memory.
//
//	go run ./bench/apiload -url http://127.0.0.1:18314/ -pid PID -normal 50 -interval 100ms \
//	    -abuse 50 -abuse-kind long -abuse-bytes 8192 -duration 15s
//
// Abusive kinds:
//
//   - long: each query is -abuse-bytes of made-up words (different words, which is what
//     costs an index most), as a proxy with nginx's default limits passes them.
//   - heavy: the costliest query a person could type: 16 different common words with
//     prefix matching and limit=100.
//
// With -interval 0 the normal clients ask again as soon as they are answered (the
// server's capacity); with -interval D each waits D between its searches, as people
// who type do. With -pid, the server's peak RSS (VmHWM of /proc/PID/status) is reset
// before the load (clear_refs) and read after it; RSS is also sampled every 50 ms, and
// the load stops early when it passes -max-rss, to spare a shared machine.
//
// It is bounded: loopback addresses only, at most 200 clients of each kind, at most a
// minute, and a 10 s timeout on each request.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	maxClients  = 200
	maxDuration = time.Minute
	reqTimeout  = 10 * time.Second
)

// config is what the flags say.
type config struct {
	base       *url.URL
	pid        int
	normal     int
	interval   time.Duration
	abuse      int
	abuseKind  string
	abuseBytes int
	duration   time.Duration
	maxRSS     int64 // kB
	words      []string
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiload:", err)
		os.Exit(2)
	}
	out, err := run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiload:", err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("apiload", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:1313/", "the site's `URL` on a loopback address")
	cfg := config{}
	fs.IntVar(&cfg.pid, "pid", 0, "the server's process id, for its memory")
	fs.IntVar(&cfg.normal, "normal", 50, "normal clients")
	fs.DurationVar(&cfg.interval, "interval", 100*time.Millisecond, "each normal client's pause between searches (0: none)")
	fs.IntVar(&cfg.abuse, "abuse", 0, "abusive clients")
	fs.StringVar(&cfg.abuseKind, "abuse-kind", "long", "long or heavy")
	fs.IntVar(&cfg.abuseBytes, "abuse-bytes", 8192, "bytes of each long query")
	fs.DurationVar(&cfg.duration, "duration", 15*time.Second, "how long the load lasts")
	maxRSS := fs.Int64("max-rss", 4<<20, "stop early when the server's RSS passes this many `kB`")
	words := fs.String("words", strings.Join(normalWords, ","), "the normal clients' queries, comma-separated")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.maxRSS = *maxRSS
	cfg.words = strings.Split(*words, ",")
	u, err := url.Parse(*base)
	if err != nil {
		return cfg, err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return cfg, fmt.Errorf("-url %s: only a loopback address is loaded", *base)
	}
	cfg.base = u.JoinPath("api", "search")
	switch {
	case cfg.normal < 0 || cfg.normal > maxClients || cfg.abuse < 0 || cfg.abuse > maxClients:
		return cfg, fmt.Errorf("-normal and -abuse are from 0 to %d", maxClients)
	case cfg.duration <= 0 || cfg.duration > maxDuration:
		return cfg, fmt.Errorf("-duration is at most %v", maxDuration)
	case cfg.abuseKind != "long" && cfg.abuseKind != "heavy":
		return cfg, fmt.Errorf("-abuse-kind is long or heavy, not %q", cfg.abuseKind)
	}
	return cfg, nil
}

// normalWords are searches people make in the example handbook and in the generated
// one (internal/corpus): single words, two words, and words being typed.
var normalWords = []string{
	"þagnarskylda", "veikindi", "ábending", "sundlaug", "öryggi", "móttaka", "opnunartími",
	"starfsfólk", "kvörtun", "persónuvernd", "veikindi barna", "þjónusta", "hljóðfæri",
	"lyklar", "trúnaður", "sumarleyfi", "eldvarnir", "mötuneyti", "skólaakstur", "vakt",
}

// tally is what the clients of one kind saw.
type tally struct {
	mu         sync.Mutex
	latencies  []time.Duration
	status     map[int]int
	errors     int
	lastErr    string
	unfinished int
}

// cutOff counts a request that the end of the load cut off before it was answered.
func (t *tally) cutOff() {
	t.mu.Lock()
	t.unfinished++
	t.mu.Unlock()
}

func newTally() *tally { return &tally{status: map[int]int{}} }

func (t *tally) add(d time.Duration, status int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		t.errors++
		t.lastErr = err.Error()
		return
	}
	t.latencies = append(t.latencies, d)
	t.status[status]++
}

// Summary is a tally as printed.
type Summary struct {
	Clients  int            `json:"clients"`
	Requests int            `json:"requests"`
	RPS      float64        `json:"rps"`
	Status   map[string]int `json:"status"`
	Errors   int            `json:"errors"`
	// Unfinished requests were still waiting for their answer when the load ended.
	Unfinished int     `json:"unfinished"`
	LastError  string  `json:"last_error,omitempty"`
	P50ms      float64 `json:"p50_ms"`
	P99ms      float64 `json:"p99_ms"`
	Maxms      float64 `json:"max_ms"`
}

func (t *tally) summary(clients int, elapsed time.Duration) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	slices.Sort(t.latencies)
	ms := func(q float64) float64 {
		if len(t.latencies) == 0 {
			return 0
		}
		i := min(int(q*float64(len(t.latencies))), len(t.latencies)-1)
		return float64(t.latencies[i].Microseconds()) / 1000
	}
	s := Summary{Clients: clients, Requests: len(t.latencies), Errors: t.errors, LastError: t.lastErr, Unfinished: t.unfinished,
		RPS: float64(len(t.latencies)) / elapsed.Seconds(), Status: map[string]int{},
		P50ms: ms(0.50), P99ms: ms(0.99), Maxms: ms(1)}
	for code, n := range t.status {
		s.Status[fmt.Sprint(code)] = n
	}
	return s
}

// Output is the line apiload prints.
type Output struct {
	Seconds    float64 `json:"seconds"`
	AbuseKind  string  `json:"abuse_kind,omitempty"`
	AbuseBytes int     `json:"abuse_bytes,omitempty"`
	IntervalMs int64   `json:"interval_ms"`
	Normal     Summary `json:"normal"`
	Abuse      Summary `json:"abuse"`
	RSSStartKB int64   `json:"rss_start_kb,omitempty"`
	RSSPeakKB  int64   `json:"rss_peak_kb,omitempty"` // VmHWM after the load
	RSSMaxKB   int64   `json:"rss_sampled_max_kb,omitempty"`
	// CPUSeconds is the server's CPU time (user and system) over the load, which the
	// other work on a shared machine does not lengthen as it does latencies.
	CPUSeconds float64 `json:"cpu_s,omitempty"`
	StoppedBy  string  `json:"stopped_by,omitempty"`
}

func run(cfg config) (Output, error) {
	out := Output{IntervalMs: cfg.interval.Milliseconds()}
	if cfg.abuse > 0 {
		out.AbuseKind = cfg.abuseKind
		if cfg.abuseKind == "long" {
			out.AbuseBytes = cfg.abuseBytes
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	var mem *memory
	if cfg.pid > 0 {
		var err error
		if mem, err = watchMemory(cfg.pid, cfg.maxRSS, cancel); err != nil {
			return out, err
		}
		out.RSSStartKB = mem.start
	}
	client := &http.Client{Timeout: reqTimeout, Transport: &http.Transport{
		MaxIdleConnsPerHost: cfg.normal + cfg.abuse, DisableCompression: true}}
	normal, abuse := newTally(), newTally()
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.normal {
		wg.Go(func() { normalClient(ctx, client, cfg, i, normal) })
	}
	for i := range cfg.abuse {
		wg.Go(func() { abusiveClient(ctx, client, cfg, i, abuse) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	out.Seconds = elapsed.Seconds()
	out.Normal = normal.summary(cfg.normal, elapsed)
	out.Abuse = abuse.summary(cfg.abuse, elapsed)
	if mem != nil {
		out.RSSPeakKB, out.RSSMaxKB, out.StoppedBy = mem.stop()
		if cpu, err := cpuTicks(cfg.pid); err == nil {
			out.CPUSeconds = float64(cpu-mem.cpuStart) / clockTicks
		}
	}
	return out, nil
}

// ask sends one search and tallies it, unless the load ended while it was asked.
func ask(ctx context.Context, client *http.Client, u string, t *tally) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.add(0, 0, err)
		return
	}
	start := time.Now()
	res, err := client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	if ctx.Err() != nil && err != nil {
		t.cutOff()
		return
	}
	status := 0
	if res != nil {
		status = res.StatusCode
	}
	t.add(time.Since(start), status, err)
}

func searchURL(base *url.URL, params url.Values) string {
	u := *base
	u.RawQuery = params.Encode()
	return u.String()
}

func normalClient(ctx context.Context, client *http.Client, cfg config, id int, t *tally) {
	for n := id; ctx.Err() == nil; n++ {
		word := cfg.words[n%len(cfg.words)]
		params := url.Values{"q": {word}}
		if n%3 == 0 { // a word being typed, as the search box asks
			r := []rune(word)
			params = url.Values{"q": {string(r[:max(2, len(r)*2/3)])}, "prefix": {"1"}}
		}
		ask(ctx, client, searchURL(cfg.base, params), t)
		if cfg.interval > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(cfg.interval):
			}
		}
	}
}

func abusiveClient(ctx context.Context, client *http.Client, cfg config, id int, t *tally) {
	var u string
	if cfg.abuseKind == "heavy" {
		u = searchURL(cfg.base, url.Values{"q": {heavyQuery(id)}, "prefix": {"1"}, "limit": {"100"}})
	} else {
		u = searchURL(cfg.base, url.Values{"q": {madeUpWords(id, cfg.abuseBytes)}})
	}
	for ctx.Err() == nil {
		ask(ctx, client, u, t)
	}
}

// heavyQuery is 16 different common words of the handbooks, in an order of the client's.
func heavyQuery(id int) string {
	common := []string{"starfsfólk", "þjónusta", "stefna", "skal", "öryggi", "veikindi", "reglur",
		"vinnustaður", "samskipti", "ábyrgð", "upplýsingar", "leyfi", "tími", "verklag", "dagur", "barna"}
	words := slices.Clone(common)
	for i := range words {
		j := (i*7 + id) % len(words)
		words[i], words[j] = words[j], words[i]
	}
	q := strings.Join(words, " ")
	for len(q) > 256 {
		words = words[:len(words)-1]
		q = strings.Join(words, " ")
	}
	r := []rune(q)
	return string(r[:len(r)-1]) // the last word being typed
}

// madeUpWords is n bytes of different made-up words, from a generator seeded by id.
func madeUpWords(id, n int) string {
	const letters = "abdefghijklmnoprstuvxyþæöáéíóú"
	runes := []rune(letters)
	state := uint64(id)*0x9e3779b97f4a7c15 + 1
	next := func() uint64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for range 4 + next()%6 {
			b.WriteRune(runes[next()%uint64(len(runes))])
		}
	}
	return strings.ToValidUTF8(b.String()[:n], "")
}

// memory samples a process's RSS.
type memory struct {
	pid       int
	start     int64
	max       int64
	cpuStart  int64 // clock ticks of CPU time when the load began
	stoppedBy string
	done      chan struct{}
	finished  chan struct{}
}

// watchMemory resets pid's peak RSS and samples its RSS until stop, calling cancel when
// it passes limit kB.
func watchMemory(pid int, limit int64, cancel func()) (*memory, error) {
	clear := fmt.Sprintf("/proc/%d/clear_refs", pid)
	if err := os.WriteFile(clear, []byte("5"), 0); err != nil {
		return nil, fmt.Errorf("resetting the peak RSS of process %d: %w", pid, err)
	}
	rss, err := status(pid, "VmRSS")
	if err != nil {
		return nil, err
	}
	cpu, err := cpuTicks(pid)
	if err != nil {
		return nil, err
	}
	m := &memory{pid: pid, start: rss, max: rss, cpuStart: cpu, done: make(chan struct{}), finished: make(chan struct{})}
	go func() {
		defer close(m.finished)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-m.done:
				return
			case <-tick.C:
			}
			rss, err := status(pid, "VmRSS")
			if err != nil {
				m.stoppedBy = err.Error()
				cancel()
				return
			}
			m.max = max(m.max, rss)
			if rss > limit {
				m.stoppedBy = fmt.Sprintf("RSS %d kB passed -max-rss", rss)
				cancel()
				return
			}
		}
	}()
	return m, nil
}

// stop ends the sampling and returns the peak RSS (VmHWM), the largest sample and why
// the load was stopped early, if it was.
func (m *memory) stop() (peak, sampled int64, stoppedBy string) {
	close(m.done)
	<-m.finished
	peak, err := status(m.pid, "VmHWM")
	if err != nil && m.stoppedBy == "" {
		m.stoppedBy = err.Error()
	}
	return peak, m.max, m.stoppedBy
}

// status reads a field in kB from /proc/PID/status.
func status(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			_, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb, err
		}
	}
	return 0, errors.New("no " + field + " in /proc/" + fmt.Sprint(pid) + "/status")
}

// clockTicks is Linux's USER_HZ, the unit of the times in /proc/PID/stat.
const clockTicks = 100

// cpuTicks reads a process's user and system CPU time from /proc/PID/stat.
func cpuTicks(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command, which is in parentheses and may hold spaces:
	// state is the first, utime the 12th and stime the 13th.
	_, rest, ok := strings.Cut(string(data), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected %q", pid, data)
	}
	var user, system int64
	if _, err := fmt.Sscan(f[11]+" "+f[12], &user, &system); err != nil {
		return 0, err
	}
	return user + system, nil
}
