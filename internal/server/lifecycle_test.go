package server

import (
	"bufio"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// logRecords is a log handler that hands each record to a test.
type logRecords chan slog.Record

func (c logRecords) Enabled(context.Context, slog.Level) bool      { return true }
func (c logRecords) Handle(_ context.Context, r slog.Record) error { c <- r.Clone(); return nil }
func (c logRecords) WithAttrs([]slog.Attr) slog.Handler            { return c }
func (c logRecords) WithGroup(string) slog.Handler                 { return c }

// request waits for the access log's line of a request for path, and returns its
// attributes.
func (c logRecords) request(t *testing.T, path string) map[string]string {
	t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case r := <-c:
			attrs := map[string]string{}
			r.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
			if r.Message == "request" && attrs["path"] == path {
				return attrs
			}
		case <-timeout.C:
			t.Fatalf("no access log line for %s", path)
		}
	}
}

// serving runs s.Serve on a port of its own until the test ends or stop is called. done
// is closed when Serve returns, and then err is what it returned.
type serving struct {
	base string
	stop context.CancelFunc
	done chan struct{}
	err  error
}

func serve(t *testing.T, s *Server) *serving {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := &serving{base: "http://" + ln.Addr().String(), stop: cancel, done: make(chan struct{})}
	go func() {
		run.err = s.Serve(ctx, ln)
		close(run.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-run.done
	})
	return run
}

// bigFile adds a file of size random bytes to the site in dir.
func bigFile(t *testing.T, dir string, size int) {
	t.Helper()
	data := make([]byte, size)
	rand.Read(data)
	if err := os.WriteFile(filepath.Join(dir, "stort.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// slowGet asks for path over a connection that takes little at a time (a small receive
// buffer, as on a slow line), and returns the response once its header is read.
func slowGet(t *testing.T, base, path string, header ...string) (*http.Response, net.Conn) {
	t.Helper()
	return getBuffered(t, base, path, 32<<10, header...)
}

// getBuffered asks for path over a connection with a receive buffer of size bytes.
func getBuffered(t *testing.T, base, path string, size int, header ...string) (*http.Response, net.Conn) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.(*net.TCPConn).SetReadBuffer(size)
	req := "GET " + path + " HTTP/1.1\r\nHost: x\r\n"
	for i := 0; i+1 < len(header); i += 2 {
		req += header[i] + ": " + header[i+1] + "\r\n"
	}
	io.WriteString(conn, req+"\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, conn
}

const bigSize = 24 << 20 // more than the sockets' buffers hold between them

// TestSlowClient: a big file goes whole to a client slower than the server's write
// timeout, which is for small answers; the access log says how much was sent.
func TestSlowClient(t *testing.T) {
	dir := site(t)
	bigFile(t, dir, bigSize)
	log := make(logRecords, 100)
	lim := limits{writeTimeout: 100 * time.Millisecond, shutdown: 10 * time.Second, pace: pace{grace: 10 * time.Second, minRate: 8 << 10}}
	base := serve(t, &Server{Dir: dir, Log: slog.New(log), testLimits: &lim}).base
	res, _ := slowGet(t, base, "/stort.bin")
	// The client takes nothing for a while, as a slow one is at times: longer than the
	// write timeout, shorter than the file's own deadline.
	<-time.After(5 * lim.writeTimeout)
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || n != bigSize {
		t.Errorf("got %d of %d bytes: %v", n, bigSize, err)
	}
	if line := log.request(t, "/stort.bin"); line["status"] != "200" || line["bytes"] != "25165824" || line["cut"] != "" {
		t.Errorf("access log %v", line)
	}
}

// TestSteadyClient: a client that takes a file in bursts, on average faster than the
// slowest pace allowed, gets all of it, even when the sockets' buffers hold megabytes of
// it: a write then waits for what is ahead of it in them, not only for its own bytes
// (curl --limit-rate was cut off so, when each piece had a deadline of its own).
func TestSteadyClient(t *testing.T) {
	dir := site(t)
	const size = 16 << 20
	bigFile(t, dir, size)
	log := make(logRecords, 100)
	lim := limits{writeTimeout: time.Hour, shutdown: 10 * time.Second, pace: pace{grace: 200 * time.Millisecond, minRate: 4 << 20}}
	base := serve(t, &Server{Dir: dir, Log: slog.New(log), testLimits: &lim}).base
	res, _ := getBuffered(t, base, "/stort.bin", 4<<20)
	// 4 MiB each half second is 8 MiB/s, twice the slowest pace: two seconds.
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	var n int64
	var err error
	for err == nil {
		<-tick.C
		var k int64
		k, err = io.CopyN(io.Discard, res.Body, 4<<20)
		n += k
	}
	if n != size {
		t.Errorf("got %d of %d bytes: %v", n, size, err)
	}
	if line := log.request(t, "/stort.bin"); line["cut"] != "" {
		t.Errorf("access log %v", line)
	}
}

// TestStalledClient: a client that stops taking a file is cut off when it has taken
// nothing for the grace (not after the server's write timeout, nor never), and the
// access log says that the response was cut, and how much went.
func TestStalledClient(t *testing.T) {
	dir := site(t)
	bigFile(t, dir, bigSize)
	log := make(logRecords, 100)
	lim := limits{writeTimeout: time.Hour, shutdown: 10 * time.Second, pace: pace{grace: 200 * time.Millisecond, minRate: 1 << 30}}
	base := serve(t, &Server{Dir: dir, Log: slog.New(log), testLimits: &lim}).base
	slowGet(t, base, "/stort.bin")
	line := log.request(t, "/stort.bin")
	if line["status"] != "200" || line["cut"] == "" || line["bytes"] == "25165824" {
		t.Errorf("access log of a response cut off: %v", line)
	}
}

// TestShutdown: Serve returns within its limit after ctx is done, with the live-reload
// stream open or a download that the client stopped taking; by then the download's
// request has ended (it is logged), so that nothing still uses what the caller closes
// next (the search index).
func TestShutdown(t *testing.T) {
	for _, c := range []struct {
		name  string
		watch bool
		open  func(t *testing.T, base string)
		path  string // whose access log line must be written before Serve returns
	}{
		{"an events stream", true, func(t *testing.T, base string) {
			res, _ := slowGet(t, base, reloadEventsPath)
			if line, err := bufio.NewReader(res.Body).ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
				t.Fatalf("the stream's greeting: %q %v", line, err)
			}
		}, ""},
		{"a stalled download", false, func(t *testing.T, base string) {
			if res, _ := slowGet(t, base, "/stort.bin"); res.StatusCode != 200 {
				t.Fatalf("download: %d", res.StatusCode)
			}
		}, "/stort.bin"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := site(t)
			bigFile(t, dir, bigSize)
			log := make(logRecords, 100)
			lim := limits{writeTimeout: time.Hour, shutdown: time.Second, pace: pace{grace: time.Hour, minRate: 1}}
			s := &Server{Dir: dir, Log: slog.New(log), testLimits: &lim}
			if c.watch {
				s.Reload = NewReload()
			}
			run := serve(t, s)
			c.open(t, run.base)
			run.stop()
			limit, cancel := context.WithTimeout(context.Background(), lim.shutdown+500*time.Millisecond)
			defer cancel()
			select {
			case <-run.done:
				if run.err != nil {
					t.Errorf("Serve: %v", run.err)
				}
			case <-limit.Done():
				t.Fatalf("Serve did not return within %s of the shutdown", lim.shutdown)
			}
			if c.path == "" {
				return
			}
			for {
				select {
				case r := <-log:
					ended := false
					r.Attrs(func(a slog.Attr) bool { ended = ended || a.Key == "path" && a.Value.String() == c.path; return true })
					if ended {
						return
					}
				default:
					t.Fatalf("Serve returned while the request for %s was still running", c.path)
				}
			}
		})
	}
}

// TestHeaderLimit: a request whose headers are bigger than a browser ever sends is
// refused before it is read whole.
func TestHeaderLimit(t *testing.T) {
	base := serve(t, &Server{Dir: site(t), Log: slog.New(slog.DiscardHandler)}).base
	for size, want := range map[int]int{8 << 10: 200, 100 << 10: http.StatusRequestHeaderFieldsTooLarge} {
		res, _ := slowGet(t, base, "/index.html", "Cookie", "c="+strings.Repeat("x", size))
		if res.StatusCode != want {
			t.Errorf("a %d-byte header: %d, want %d", size, res.StatusCode, want)
		}
	}
}
