package server

import (
	"net/http"
	"net/url"
	"time"

	"github.com/handbok/handbok/internal/duty"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// myPoliciesPage is what the mypolicies layout shows: the policies a person must know,
// what is still to do first, and the workplaces whose people they may see.
type myPoliciesPage struct {
	Name string
	// Problem is the UI text key of why there is no list: records_unavailable.
	Problem string
	// ToDo are the policies still to acknowledge, the one due first at the top; Done
	// those whose current version is acknowledged.
	ToDo, Done []myPolicy
	Workplaces []workplaceLink
	// SignOut is where the sign-out button sends its form; "" under single sign-on,
	// where the proxy signs people in and out.
	SignOut string
	// Suggestions is the page of the person's suggestions, OpenSuggestions how many
	// open ones they handle, and Waited, "" for none, how many of those have waited too
	// long, in words.
	Suggestions     string
	OpenSuggestions int
	Waited          string
}

// myPolicy is where the person stands with one policy.
type myPolicy struct {
	Title, URL string
	State      string // current, older or never
	Version    int    // the current version
	// AckedVersion and AckedAt are of the acknowledgment: of the current version when
	// State is current, else the latest of another; zero for never.
	AckedVersion int
	AckedAt      time.Time
	Due          time.Time // zero when there is no due date
	Overdue      bool
}

// workplaceLink is a workplace whose page of acknowledgments the person may see.
type workplaceLink struct{ Title, URL string }

// serveMyPolicies is GET /_handbok/my-policies ("Mínar stefnur"): the policies the
// person signed in must acknowledge and where they stand with each, and for a
// supervisor or an administrator the workplaces they may see. Anyone not signed in is
// sent to sign in first.
func (rc *records) serveMyPolicies(w http.ResponseWriter, r *http.Request) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return
	}
	page := myPoliciesPage{Name: v.Name, Workplaces: rc.workplaceLinks(v), Suggestions: rc.s.EscapedPrefix() + suggestPath}
	if n, stale, err := rc.openHandled(r, v.Person); err != nil {
		rc.s.Log.Error("records: counting suggestions", "err", err)
	} else {
		page.OpenSuggestions = n
		if stale > 0 {
			page.Waited = rc.countText("suggest_my_stale", stale, stale)
		}
	}
	if v.how != store.SSO {
		page.SignOut = rc.s.EscapedPrefix() + signOutPath
	}
	_, statuses, err := rc.duties(r, v)
	if err != nil {
		rc.s.Log.Error("records: reading acknowledgments", "err", err)
		page.Problem = "records_unavailable"
		rc.s.draw(w, http.StatusServiceUnavailable, "mypolicies", "my_policies", page)
		return
	}
	root := rc.s.EscapedPrefix() + "/"
	for _, st := range statuses {
		p := myPolicy{Title: st.Policy.Title, URL: root + st.Policy.URL, State: st.State.String(),
			Version: st.Policy.Version, Due: st.Due, Overdue: st.Overdue}
		if st.State != duty.Never {
			p.AckedVersion, p.AckedAt = st.Acked.Version, st.Acked.At
		}
		if st.State == duty.Current {
			page.Done = append(page.Done, p)
		} else {
			page.ToDo = append(page.ToDo, p)
		}
	}
	rc.s.draw(w, http.StatusOK, "mypolicies", "my_policies", page)
}

// workplaceLinks returns the workplaces whose people v may see, in the handbook's
// order: every one for an administrator, their own for a supervisor, none for anyone
// else.
func (rc *records) workplaceLinks(v *visitor) []workplaceLink {
	if v.Role != people.Admin && v.Role != people.Supervisor {
		return nil
	}
	var out []workplaceLink
	for _, place := range rc.s.live().m.Workplaces {
		if maySee(v, place.Slug) {
			out = append(out, workplaceLink{Title: place.Title,
				URL: rc.s.EscapedPrefix() + workplacePath + url.PathEscape(place.Slug)})
		}
	}
	return out
}
