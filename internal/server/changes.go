package server

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/store"
	"github.com/handbok/handbok/internal/wordiff"
)

// changesJSON is the answer of GET /api/policies/{id}/changes.
type changesJSON struct {
	// From is the version the person acknowledged last, with when; To the current one.
	From    int       `json:"from_version"`
	FromAt  time.Time `json:"acknowledged_at"`
	To      int       `json:"to_version"`
	Changed bool      `json:"changed"`
	// HTML is the word-level difference from the text acknowledged to the current
	// one, escaped, for the policy's page to show above the button.
	HTML string `json:"html"`
	// Missing: the text acknowledged (or the current one) was not kept, so there is
	// nothing to compare.
	Missing bool `json:"missing"`
}

// serveChanges is GET /api/policies/{id}/changes (the id's slashes as they are, or
// escaped): what changed in a policy since the
// version the person signed in acknowledged last. 404 for a policy that is not there,
// asks for no acknowledgment, or that they never acknowledged.
func (rc *records) serveChanges(w http.ResponseWriter, r *http.Request, v *visitor) {
	id, ok := strings.CutSuffix(r.PathValue("rest"), "/changes")
	pol := rc.s.live().policies[id]
	if !ok || pol == nil || !pol.Acknowledge {
		writeError(w, http.StatusNotFound, "there is no such policy to acknowledge")
		return
	}
	acks, err := rc.store.AcksOf(r.Context(), v.Email)
	if err != nil {
		rc.unavailable(w, "reading acknowledgments", err)
		return
	}
	var last *store.Acknowledgment
	for i := range acks {
		if acks[i].Policy == pol.ID {
			last = &acks[i] // oldest first: the last one is the latest
		}
	}
	if last == nil {
		writeError(w, http.StatusNotFound, "you have not acknowledged this policy, so every word of it is new to you")
		return
	}
	out := changesJSON{From: last.Version, FromAt: last.At, To: pol.Version}
	before, errBefore := rc.store.Revision(r.Context(), pol.ID, last.Revision)
	now, errNow := rc.store.Revision(r.Context(), pol.ID, pol.Revision)
	for _, err := range []error{errBefore, errNow} {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			rc.unavailable(w, "reading a policy's kept text", err)
			return
		}
	}
	if errBefore != nil || errNow != nil {
		out.Missing = true
		writeJSON(w, http.StatusOK, out)
		return
	}
	labels := wordiff.Labels{Inserted: "+", Deleted: "−"}
	if p := rc.s.pages.Load(); p != nil && p.records != nil {
		labels = wordiff.Labels{Inserted: p.records.Text("diff_added"), Deleted: p.records.Text("diff_removed")}
	}
	out.HTML, out.Changed = rc.diffs.get(before, now, labels)
	writeJSON(w, http.StatusOK, out)
}

// diffCache keeps the differences made last: after a new version, everyone who
// acknowledged the old one asks for the same difference.
type diffCache struct {
	mu    sync.Mutex
	diffs map[diffKey]diffValue
}

type diffKey struct {
	policy, from, to string
	labels           wordiff.Labels
}

type diffValue struct {
	html    string
	changed bool
}

// maxDiffs bounds the cache: a handbook's policies, each against a few older revisions.
const maxDiffs = 256

// get returns the difference from one kept revision to another, drawn with labels.
func (c *diffCache) get(before, now store.Revision, labels wordiff.Labels) (string, bool) {
	key := diffKey{before.Policy, before.Revision, now.Revision, labels}
	c.mu.Lock()
	v, ok := c.diffs[key]
	c.mu.Unlock()
	if ok {
		return v.html, v.changed
	}
	chunks := wordiff.Diff(before.Title+"\n"+before.Text, now.Title+"\n"+now.Text)
	v = diffValue{string(wordiff.HTML(chunks, labels)), wordiff.Changed(chunks)}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.diffs == nil || len(c.diffs) >= maxDiffs {
		c.diffs = map[diffKey]diffValue{}
	}
	c.diffs[key] = v
	return v.html, v.changed
}
