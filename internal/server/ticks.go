package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/onboarding"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// tickRequest is the body of PUT /api/checklists/{id}/items/{item}.
type tickRequest struct {
	Done *bool `json:"done"`
	// At is when it was ticked on the device, for a tick made offline and sent later;
	// none is now.
	At *time.Time `json:"at"`
	// Person is whose checklist, when a supervisor ticks for one of their people.
	Person string `json:"person"`
}

// tickJSON is the state of an item that stands after a tick, as PUT answers it.
type tickJSON struct {
	Checklist string    `json:"checklist"`
	Item      string    `json:"item"`
	Person    string    `json:"person"`
	Done      bool      `json:"done"`
	At        time.Time `json:"at"`
	By        string    `json:"by"`
	// Applied is false when a later change was there already: what stands is that one,
	// and the device adopts it.
	Applied bool `json:"applied"`
}

// serveTick is PUT /api/checklists/{id}/items/{item}: the person signed in ticks an item
// of their checklist done or not done, or a supervisor one of their people's (see
// mayTick). The change made last on a device stands, whatever order they arrive in (see
// store.Store.SetTick); a time later than the server's is taken as now, so that a
// device's clock running ahead cannot keep its change standing. 200 with what stands.
func (rc *records) serveTick(w http.ResponseWriter, r *http.Request, v *visitor) {
	rest := r.PathValue("rest")
	cut := strings.LastIndex(rest, "/items/")
	if cut <= 0 || strings.Contains(rest[cut+len("/items/"):], "/") || strings.HasSuffix(rest, "/") {
		writeError(w, http.StatusNotFound, "there is no such API request: tick an item with PUT /api/checklists/{id}/items/{item}")
		return
	}
	id, itemID := rest[:cut], rest[cut+len("/items/"):]
	var req tickRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Done == nil {
		writeError(w, http.StatusBadRequest, `say whether the item is done, as {"done":true} or {"done":false}`)
		return
	}
	h := rc.s.live()
	c := h.checklists[id]
	if c == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("the handbook has no checklist %q", id))
		return
	}
	i := slices.IndexFunc(c.Items, func(it manifest.Item) bool { return it.ID == itemID })
	if i < 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("the checklist %q has no item %q", id, itemID))
		return
	}
	item := c.Items[i]
	if item.Policy != "" {
		title := item.Policy
		if pol := h.policies[item.Policy]; pol != nil {
			title = pol.Title
		}
		writeError(w, http.StatusBadRequest, fmt.Sprintf("this item is done when %s is acknowledged: read it and acknowledge it on its page", title))
		return
	}
	target, ok := rc.whose(w, r, v, req.Person, true)
	if !ok {
		return
	}
	if len(onboarding.Assigned(target, []manifest.Checklist{*c})) == 0 {
		writeError(w, http.StatusForbidden, fmt.Sprintf("%q is not one of %s's checklists", c.Title, target.Name))
		return
	}
	if item.Owner == "supervisor" && v.Role == people.Employee {
		writeError(w, http.StatusForbidden, "this item is the supervisor's to tick: ask them")
		return
	}
	now := rc.s.now()
	at := now
	if req.At != nil && req.At.Before(now) {
		at = *req.At
	}
	stands, applied, err := rc.store.SetTick(r.Context(), store.Tick{Email: target.Email, Checklist: c.ID, Item: item.ID,
		Done: *req.Done, At: at, By: v.Email})
	switch {
	case (errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled)) && target.Email == v.Email:
		writeError(w, http.StatusUnauthorized, "sign in again")
		return
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled):
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s is no longer in the records", target.Email))
		return
	case err != nil:
		rc.s.Log.Error("records: a tick was not saved", "person", target.Email, "checklist", c.ID, "item", item.ID, "err", err)
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "the tick was not saved; try again in a moment")
		return
	}
	writeJSON(w, http.StatusOK, tickJSON{Checklist: stands.Checklist, Item: stands.Item, Person: stands.Email,
		Done: stands.Done, At: stands.At, By: stands.By, Applied: applied})
}

// whose returns the person whose checklists v asks about: v themself for "", or the
// person with that email when v may see and tick their checklists: an administrator
// anyone's, a supervisor those of the people of their workplaces. Otherwise it answers
// why not and returns false: 403 for someone else's, 404 for someone not in the records
// (or, for an email given in a request's body, 400 for one that is not an address).
func (rc *records) whose(w http.ResponseWriter, r *http.Request, v *visitor, email string, inBody bool) (people.Person, bool) {
	if email == "" {
		return v.Person, true
	}
	email, err := people.NormalizeEmail(email)
	if err != nil {
		if inBody {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("the person is given by their email address: %v", err))
		} else {
			writeError(w, http.StatusNotFound, err.Error())
		}
		return people.Person{}, false
	}
	if email == v.Email {
		return v.Person, true
	}
	if v.Role == people.Employee {
		writeError(w, http.StatusForbidden, "you see and tick only your own checklists")
		return people.Person{}, false
	}
	p, err := rc.store.Person(r.Context(), email)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s is not in the records", email))
		return people.Person{}, false
	}
	if err != nil {
		rc.unavailable(w, "reading a person", err)
		return people.Person{}, false
	}
	if !slices.ContainsFunc(p.Workplaces, func(slug string) bool { return maySee(v, slug) }) && v.Role != people.Admin {
		writeError(w, http.StatusForbidden, fmt.Sprintf("only the supervisors of %s's workplaces and administrators see and tick their checklists", p.Name))
		return people.Person{}, false
	}
	return p, true
}
