package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/handbok/handbok/search"
)

// matchHeader tells a client of /api/search whether the results have every word of the
// query ("all") or, since no page has them all, some ("some"): the JSON is what
// `handbok search --json` prints, which has no room for it.
const matchHeader = "Handbok-Match"

func matchOf(results []search.Result) string {
	if len(results) > 0 && !results[0].All {
		return "some"
	}
	return "all"
}

// ErrNoAnswer is AskSearch's error when ctx's deadline passes before the server
// answers: it takes the question (the system does, for a process that is suspended or
// stuck) but says nothing.
var ErrNoAnswer = errors.New("does not answer")

// ErrBusy is AskSearch's error when ctx's deadline passes while the server still
// answers that it is busy with other searches: it is there, and answers, but not yet.
var ErrBusy = errors.New("is busy with other searches")

// maxAnswer bounds what is read of an answer: a hundred results with their snippets
// are far less.
const maxAnswer = 8 << 20

// AskSearch asks the handbok server whose site is at base (http://127.0.0.1:1313/, as
// the server announced it) for the results of q, as its /api/search gives them: at
// most MaxLimit, without WorkplaceTitle, and with All as the server says. A base whose
// host is all addresses (0.0.0.0, [::]) is asked on the loopback address. ctx bounds
// the wait: a running server answers in milliseconds, so give it seconds, not minutes.
// A query the server refuses is a *QueryError; while the server is too busy, it is
// asked again after the time it says to wait.
func AskSearch(ctx context.Context, base string, q search.Query) ([]search.Result, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("the handbok server's address %q is not an http URL", base)
	}
	if ip := net.ParseIP(u.Hostname()); ip != nil && ip.IsUnspecified() {
		loopback := "127.0.0.1"
		if ip.To4() == nil {
			loopback = "::1"
		}
		u.Host = net.JoinHostPort(loopback, u.Port())
	}
	u = u.JoinPath("api", "search")
	params := url.Values{"q": {q.Text}}
	if q.Workplace != "" {
		params.Set("workplace", q.Workplace)
	}
	if q.Limit > 0 {
		params.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Prefix {
		params.Set("prefix", "1")
	}
	u.RawQuery = params.Encode()

	res, err := ask(ctx, u.String())
	if err != nil {
		return nil, silence(ctx, base, fmt.Errorf("asking the handbok server at %s: %w", base, err))
	}
	defer res.Body.Close()
	results, err := readAnswer(res, base)
	if err != nil {
		return nil, silence(ctx, base, err)
	}
	return results, nil
}

// silence is err, or ErrNoAnswer when err came of ctx's deadline (ErrBusy stays).
func silence(ctx context.Context, base string, err error) error {
	if errors.Is(err, ErrBusy) {
		return fmt.Errorf("the handbok server at %s %w", base, ErrBusy)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("the handbok server at %s %w", base, ErrNoAnswer)
	}
	return err
}

// maxRetryAfter bounds the wait that a busy server asks for before it is asked again.
const maxRetryAfter = 5 * time.Second

// ask gets u; while the server answers that it is busy (503 with Retry-After), it asks
// again after the time it says, until ctx is done, and then it is ErrBusy.
func ask(ctx context.Context, u string) (*http.Response, error) {
	busy := false
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			if busy && ctx.Err() != nil {
				return nil, ErrBusy
			}
			return nil, err
		}
		secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.StatusCode != http.StatusServiceUnavailable || err != nil || secs < 0 {
			return res, nil
		}
		res.Body.Close()
		busy = true
		t := time.NewTimer(min(time.Duration(secs)*time.Second, maxRetryAfter))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ErrBusy
		case <-t.C:
		}
	}
}

// QueryError is a handbok server's answer to a query it will not run (a 400, such as
// one over the limits of search.CheckQuery): asking again gives the same answer.
type QueryError struct {
	Server  string // the server's address, as AskSearch was given it
	Message string // what the server said
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("the handbok server at %s answered: %s", e.Server, e.Message)
}

// readAnswer reads an answer of /api/search.
func readAnswer(res *http.Response, base string) ([]search.Result, error) {
	body := io.LimitReader(res.Body, maxAnswer)
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		if json.NewDecoder(body).Decode(&e) != nil || e.Error == "" {
			e.Error = res.Status
		}
		if res.StatusCode == http.StatusBadRequest {
			return nil, &QueryError{Server: base, Message: e.Error}
		}
		return nil, fmt.Errorf("the handbok server at %s answered: %s", base, e.Error)
	}
	var results []search.Result
	if err := json.NewDecoder(body).Decode(&results); err != nil {
		return nil, fmt.Errorf("the handbok server at %s answered what is not search results: %w", base, err)
	}
	all := res.Header.Get(matchHeader) != "some"
	for i := range results {
		results[i].All = all
	}
	return results, nil
}
