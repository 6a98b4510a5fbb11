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
// tick). 200 with what stands.
func (rc *records) serveTick(w http.ResponseWriter, r *http.Request, v *visitor) {
	rest := r.PathValue("rest")
	cut := strings.LastIndex(rest, "/items/")
	if cut <= 0 || strings.Contains(rest[cut+len("/items/"):], "/") || strings.HasSuffix(rest, "/") {
		writeError(w, http.StatusNotFound, "there is no such API request: tick an item with PUT /api/checklists/{id}/items/{item}")
		return
	}
	var req tickRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Done == nil {
		writeError(w, http.StatusBadRequest, `say whether the item is done, as {"done":true} or {"done":false}`)
		return
	}
	stands, problem := rc.tick(r, v, rest[:cut], rest[cut+len("/items/"):], req.Person, *req.Done, req.At, true)
	if problem != nil {
		rc.writeProblem(w, problem)
		return
	}
	writeJSON(w, http.StatusOK, stands)
}

// problem is why a request about the records was refused: its status and what to tell
// the person, or, with 503, the error the records gave, which is logged, not told.
type problem struct {
	code  int
	msg   string
	doing string // with 503: what was being done
	err   error
}

func refuse(code int, format string, args ...any) *problem {
	return &problem{code: code, msg: fmt.Sprintf(format, args...)}
}

// writeProblem answers p as the API answers errors.
func (rc *records) writeProblem(w http.ResponseWriter, p *problem) {
	if p.code == http.StatusServiceUnavailable {
		rc.unavailable(w, p.doing, p.err)
		return
	}
	writeError(w, p.code, p.msg)
}

// tick changes item itemID of checklist id of person's (v's own for "") to done, at
// the time at on the device (nil: now). An employee ticks their own items; a supervisor
// the items of the people of their workplaces, and an administrator anyone's (see
// whose); the supervisor's items are not the employee's to tick, and a policy item is
// done when the policy is acknowledged, never ticked. The change made last on a device
// stands, whatever order they arrive in (see store.Store.SetTick); a time later than the
// server's is taken as now, so that a device's clock running ahead cannot keep its
// change standing. inBody says that person came in a request's body rather than its
// address, for the status of an address that is not one.
func (rc *records) tick(r *http.Request, v *visitor, id, itemID, person string, done bool, at *time.Time, inBody bool) (tickJSON, *problem) {
	h := rc.s.live()
	c := h.checklists[id]
	if c == nil {
		return tickJSON{}, refuse(http.StatusNotFound, "the handbook has no checklist %q", id)
	}
	i := slices.IndexFunc(c.Items, func(it manifest.Item) bool { return it.ID == itemID })
	if i < 0 {
		return tickJSON{}, refuse(http.StatusNotFound, "the checklist %q has no item %q", id, itemID)
	}
	item := c.Items[i]
	if item.Policy != "" {
		title := item.Policy
		if pol := h.policies[item.Policy]; pol != nil {
			title = pol.Title
		}
		return tickJSON{}, refuse(http.StatusBadRequest, "this item is done when %s is acknowledged: read it and acknowledge it on its page", title)
	}
	target, p := rc.whose(r, v, person, inBody)
	if p != nil {
		return tickJSON{}, p
	}
	if len(onboarding.Assigned(target, []manifest.Checklist{*c})) == 0 {
		return tickJSON{}, refuse(http.StatusForbidden, "%q is not one of %s's checklists", c.Title, target.Name)
	}
	if item.Owner == "supervisor" && v.Role == people.Employee {
		return tickJSON{}, refuse(http.StatusForbidden, "this item is the supervisor's to tick: ask them")
	}
	now := rc.s.now()
	when := now
	if at != nil && at.Before(now) {
		when = *at
	}
	stands, applied, err := rc.store.SetTick(r.Context(), store.Tick{Email: target.Email, Checklist: c.ID, Item: item.ID,
		Done: done, At: when, By: v.Email})
	switch {
	case (errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled)) && target.Email == v.Email:
		return tickJSON{}, refuse(http.StatusUnauthorized, "sign in again")
	case errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDisabled):
		return tickJSON{}, refuse(http.StatusNotFound, "%s is no longer in the records", target.Email)
	case err != nil:
		return tickJSON{}, &problem{code: http.StatusServiceUnavailable, doing: "saving a tick", err: err}
	}
	return tickJSON{Checklist: stands.Checklist, Item: stands.Item, Person: stands.Email,
		Done: stands.Done, At: stands.At, By: stands.By, Applied: applied}, nil
}

// whose returns the person whose checklists v asks about: v themself for "", or the
// person with that email when v may see and tick their checklists: an administrator
// anyone's, a supervisor those of the people of their workplaces. Otherwise it says why
// not: 403 for an employee asking about anyone else, and for a supervisor or an
// administrator 404 both for someone not in the records and for someone whose
// checklists are not theirs to see, in the same words, so that the answer tells nothing
// of a person of another workplace, not even that they are in the records. An email
// given in a request's body that is not an address is 400.
func (rc *records) whose(r *http.Request, v *visitor, email string, inBody bool) (people.Person, *problem) {
	if email == "" {
		return v.Person, nil
	}
	email, err := people.NormalizeEmail(email)
	if err != nil && inBody {
		return people.Person{}, refuse(http.StatusBadRequest, "the person is given by their email address: %v", err)
	}
	if err == nil && email == v.Email {
		return v.Person, nil
	}
	if v.Role == people.Employee {
		return people.Person{}, refuse(http.StatusForbidden, "you see and tick only your own checklists")
	}
	if err != nil {
		return people.Person{}, notYours()
	}
	p, err := rc.store.Person(r.Context(), email)
	if errors.Is(err, store.ErrNotFound) {
		return people.Person{}, notYours()
	}
	if err != nil {
		return people.Person{}, &problem{code: http.StatusServiceUnavailable, doing: "reading a person", err: err}
	}
	if !slices.ContainsFunc(p.Workplaces, func(slug string) bool { return maySee(v, slug) }) && v.Role != people.Admin {
		return people.Person{}, notYours()
	}
	return p, nil
}

// notYours is the one answer to a supervisor or administrator asking about a person who
// is not in the records or not theirs to see: it names nobody.
func notYours() *problem {
	return refuse(http.StatusNotFound, "nobody with that email address is among the people whose checklists you may see")
}
