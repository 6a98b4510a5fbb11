package server

import (
	"net/http"
	"sync"
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/onboarding"
	"github.com/handbok/handbok/internal/store"
)

// meJSON is the answer of GET /api/me.
type meJSON struct {
	personJSON
	Acks []ackJSON `json:"acks"`
	// Policies are the policies the person must know, those still to acknowledge
	// first, oldest due first.
	Policies []dutyJSON `json:"policies"`
	// Onboarding is where the person stands with every checklist assigned to them,
	// whether or not they are a new hire.
	Onboarding progressJSON `json:"onboarding"`
}

// dutyJSON is where a person stands with a policy.
type dutyJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Workplace string     `json:"workplace"`
	Version   int        `json:"version"`
	State     string     `json:"state"` // current, older or never
	Acked     int        `json:"acked_version,omitempty"`
	AckedAt   *time.Time `json:"acked_at,omitempty"`
	Due       string     `json:"due,omitempty"` // YYYY-MM-DD
	Overdue   bool       `json:"overdue"`
}

func toDutyJSON(st duty.Status) dutyJSON {
	d := dutyJSON{ID: st.Policy.ID, Title: st.Policy.Title, URL: st.Policy.URL, Workplace: st.Policy.Workplace,
		Version: st.Policy.Version, State: st.State.String(), Overdue: st.Overdue}
	if st.State != duty.Never {
		at := st.Acked.At
		d.Acked, d.AckedAt = st.Acked.Version, &at
	}
	if !st.Due.IsZero() {
		d.Due = st.Due.Format(time.DateOnly)
	}
	return d
}

// serveMe is GET /api/me: who is signed in, their workplaces, their acknowledgments,
// where they stand with each policy they must know, and with their checklists.
func (rc *records) serveMe(w http.ResponseWriter, r *http.Request, v *visitor) {
	acks, statuses, err := rc.duties(r, v)
	if err != nil {
		rc.unavailable(w, "reading acknowledgments", err)
		return
	}
	st, err := rc.progress(r, v.Person, acks)
	if err != nil {
		rc.unavailable(w, "reading ticks", err)
		return
	}
	pj, err := rc.progressJSON(r.Context(), v.Person, st)
	if err != nil {
		rc.unavailable(w, "reading who ticked", err)
		return
	}
	out := meJSON{personJSON: rc.personJSON(v.Person, v.how), Acks: []ackJSON{}, Policies: []dutyJSON{},
		Onboarding: pj}
	for _, a := range acks {
		out.Acks = append(out.Acks, toAckJSON(a))
	}
	for _, st := range statuses {
		out.Policies = append(out.Policies, toDutyJSON(st))
	}
	writeJSON(w, http.StatusOK, out)
}

// duties returns a person's acknowledgments and where they stand with each policy.
func (rc *records) duties(r *http.Request, v *visitor) ([]store.Acknowledgment, []duty.Status, error) {
	acks, err := rc.store.AcksOf(r.Context(), v.Email)
	if err != nil {
		return nil, nil, err
	}
	h := rc.s.live()
	ps, err := h.duties(r, rc.store)
	if err != nil {
		return nil, nil, err
	}
	return acks, duty.For(v.Person, ps, acks, onboarding.PolicyDays(h.m), rc.s.now()), nil
}

// dutyPolicies are the policies of a build to acknowledge, with when each current
// version was first served, read once per build.
type dutyPolicies struct {
	mu sync.Mutex
	ps []duty.Policy // nil until read
}

// duties returns the policies of the handbook that staff must acknowledge. They are
// read from the store once, when it knows when every current version was first
// served (serve keeps each new revision's text before it gives the server the build's
// manifest); until then they are read again each time.
func (h *handbook) duties(r *http.Request, st Records) ([]duty.Policy, error) {
	h.duty.mu.Lock()
	defer h.duty.mu.Unlock()
	if h.duty.ps != nil {
		return h.duty.ps, nil
	}
	served, err := st.VersionsServed(r.Context())
	if err != nil {
		return nil, err
	}
	ps := duty.Policies(h.m, served)
	for _, p := range ps {
		if p.Since.IsZero() {
			return ps, nil
		}
	}
	if ps == nil {
		ps = []duty.Policy{}
	}
	h.duty.ps = ps
	return ps, nil
}
