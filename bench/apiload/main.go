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
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handbok/handbok/bench/load"
)

const reqTimeout = 10 * time.Second

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
	words := fs.String("words", strings.Join(load.Words, ","), "the normal clients' queries, comma-separated")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.maxRSS = *maxRSS
	cfg.words = strings.Split(*words, ",")
	u, err := url.Parse(*base)
	if err != nil {
		return cfg, err
	}
	if err := load.CheckLoopback(u); err != nil {
		return cfg, fmt.Errorf("-url: %w", err)
	}
	cfg.base = u.JoinPath("api", "search")
	switch {
	case cfg.normal < 0 || cfg.normal > load.MaxClients || cfg.abuse < 0 || cfg.abuse > load.MaxClients:
		return cfg, fmt.Errorf("-normal and -abuse are from 0 to %d", load.MaxClients)
	case cfg.duration <= 0 || cfg.duration > load.MaxDuration:
		return cfg, fmt.Errorf("-duration is at most %v", load.MaxDuration)
	case cfg.abuseKind != "long" && cfg.abuseKind != "heavy":
		return cfg, fmt.Errorf("-abuse-kind is long or heavy, not %q", cfg.abuseKind)
	}
	return cfg, nil
}

// Output is the line apiload prints.
type Output struct {
	Seconds    float64      `json:"seconds"`
	AbuseKind  string       `json:"abuse_kind,omitempty"`
	AbuseBytes int          `json:"abuse_bytes,omitempty"`
	IntervalMs int64        `json:"interval_ms"`
	Normal     load.Summary `json:"normal"`
	Abuse      load.Summary `json:"abuse"`
	RSSStartKB int64        `json:"rss_start_kb,omitempty"`
	RSSPeakKB  int64        `json:"rss_peak_kb,omitempty"` // VmHWM after the load
	RSSMaxKB   int64        `json:"rss_sampled_max_kb,omitempty"`
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
	var mem *load.Memory
	if cfg.pid > 0 {
		var err error
		if mem, err = load.WatchMemory(cfg.pid, cfg.maxRSS, 50*time.Millisecond, cancel); err != nil {
			return out, err
		}
		out.RSSStartKB = mem.Start()
	}
	client := &http.Client{Timeout: reqTimeout, Transport: &http.Transport{
		MaxIdleConnsPerHost: cfg.normal + cfg.abuse, DisableCompression: true}}
	normal, abuse := load.NewTally(), load.NewTally()
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
	out.Normal = normal.Summary(cfg.normal, elapsed)
	out.Abuse = abuse.Summary(cfg.abuse, elapsed)
	if mem != nil {
		m := mem.Stop()
		out.RSSPeakKB, out.RSSMaxKB, out.StoppedBy, out.CPUSeconds = m.PeakKB, m.SampledMaxKB, m.StoppedBy, m.CPUSeconds
	}
	return out, nil
}

// ask sends one search and tallies it, unless the load ended while it was asked.
func ask(ctx context.Context, client *http.Client, u string, t *load.Tally) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Add(0, 0, err)
		return
	}
	start := time.Now()
	res, err := client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	if ctx.Err() != nil && err != nil {
		t.CutOff()
		return
	}
	status := 0
	if res != nil {
		status = res.StatusCode
	}
	t.Add(time.Since(start), status, err)
}

func searchURL(base *url.URL, params url.Values) string {
	u := *base
	u.RawQuery = params.Encode()
	return u.String()
}

func normalClient(ctx context.Context, client *http.Client, cfg config, id int, t *load.Tally) {
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

func abusiveClient(ctx context.Context, client *http.Client, cfg config, id int, t *load.Tally) {
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
