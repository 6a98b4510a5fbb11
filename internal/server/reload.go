package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

const (
	reloadScriptPath = "/_handbok/reload.js"
	reloadEventsPath = "/_handbok/events"
)

//go:embed reload.js
var reloadScript []byte

// reloadTextMark is where reload.js gets the overlay's UI text: the server writes the
// JSON object in its place.
var reloadTextMark = []byte("{/* UI text */}")

// serveReloadScript serves reload.js with the overlay's UI text of the build that is
// live, or, before any, of the built-in theme.
func (s *Server) serveReloadScript(w http.ResponseWriter, r *http.Request) {
	var text []byte
	if p := s.pages.Load(); p != nil {
		text = p.reload
	} else {
		text = overlayText(nil, "is")
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(bytes.Replace(reloadScript, reloadTextMark, text, 1))
}

// Problem is a build error as the browser overlay shows it.
type Problem struct {
	Where   string `json:"where"`            // path:line:col
	Line    string `json:"line,omitempty"`   // the offending line of the file
	Number  int    `json:"number,omitempty"` // Line's number in the file
	Col     int    `json:"col,omitempty"`    // where in Line the caret goes, in characters from 1
	Message string `json:"message"`
}

// Reload tells open pages, over server-sent events, to reload after a rebuild, or shows
// them the errors of a build that failed.
type Reload struct {
	mu      sync.Mutex
	clients map[chan event]bool
	errors  []Problem // of the last build, shown to pages that connect after it
	closed  bool
}

type event struct {
	name string
	data string
}

// NewReload makes a Reload with no pages listening.
func NewReload() *Reload { return &Reload{clients: map[chan event]bool{}} }

// Built tells the pages that a build succeeded: they reload.
func (rl *Reload) Built() {
	rl.mu.Lock()
	rl.errors = nil
	rl.mu.Unlock()
	rl.send(event{name: "reload", data: "{}"})
}

// Failed tells the pages that a build failed: they show the problems over the last
// good page.
func (rl *Reload) Failed(problems []Problem) {
	data, _ := json.Marshal(problems)
	rl.mu.Lock()
	rl.errors = problems
	rl.mu.Unlock()
	rl.send(event{name: "problems", data: string(data)})
}

func (rl *Reload) send(e event) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	for c := range rl.clients {
		select {
		case c <- e:
		default: // a page that does not keep up misses one; the next event reaches it
		}
	}
}

// Close ends every events stream, for shutdown.
func (rl *Reload) Close() {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	rl.closed = true
	for c := range rl.clients {
		close(c)
		delete(rl.clients, c)
	}
}

// ServeHTTP streams events to one page.
func (rl *Reload) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // a stream lasts as long as the page is open
	c := make(chan event, 4)
	rl.mu.Lock()
	if rl.closed {
		rl.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	rl.clients[c] = true
	pending := rl.errors
	rl.mu.Unlock()
	defer func() {
		rl.mu.Lock()
		if rl.clients[c] {
			delete(rl.clients, c)
		}
		rl.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	fmt.Fprint(w, ": handbok live reload\n\n")
	if pending != nil {
		data, _ := json.Marshal(pending)
		fmt.Fprintf(w, "event: problems\ndata: %s\n\n", data)
	}
	rc.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			if err := rc.Flush(); err != nil {
				return
			}
		}
	}
}
