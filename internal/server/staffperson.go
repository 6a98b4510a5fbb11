package server

import (
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// staffPerson returns the person of the path among the workplace's people, and the page
// of them, for a visitor who may see that workplace. A person who is not of that
// workplace is not found there; one the visitor may not change is refused (403). It
// reports false when it answered.
func (rc *records) staffPerson(w http.ResponseWriter, r *http.Request) (*visitor, people.Person, *peoplePage, bool) {
	v, place, ok := rc.staffVisitor(w, r)
	if !ok {
		return nil, people.Person{}, nil, false
	}
	email, err := people.NormalizeEmail(r.PathValue("email"))
	var p people.Person
	if err == nil {
		p, err = rc.store.Person(r.Context(), email)
	}
	switch {
	case err != nil && !errors.Is(err, store.ErrNotFound) && email != "":
		rc.s.Log.Error("records: reading a person", "err", err)
		rc.drawPeople(w, http.StatusServiceUnavailable, &peoplePage{Slug: place.Slug, Title: place.Title, Problem: "records_unavailable"})
		return nil, p, nil, false
	case err != nil || !slices.Contains(p.Workplaces, place.Slug):
		rc.s.notFound(w, r, "")
		return nil, p, nil, false
	case !mayManage(v, p):
		rc.drawPeople(w, http.StatusForbidden, &peoplePage{Slug: place.Slug, Title: place.Title, Problem: "people_person_forbidden"})
		return nil, p, nil, false
	}
	page := rc.personPage(v, place, p)
	return v, p, page, true
}

// personPage is the page of p among place's people, with the edit form filled in.
func (rc *records) personPage(v *visitor, place *manifest.Workplace, p people.Person) *peoplePage {
	page := rc.peopleBase(v, place)
	page.Back, page.Action = page.Action, rc.s.EscapedPrefix()+personPath(place.Slug, p.Email)
	page.Self = p.Email == v.Email
	page.Form = personForm{Email: p.Email, Name: p.Name, Title: p.Title, Role: p.Role}
	if !p.Start.IsZero() {
		page.Form.Start = p.Start.Format(time.DateOnly)
	}
	for i := range page.Places {
		page.Places[i].Checked = slices.Contains(p.Workplaces, page.Places[i].Slug)
	}
	return page
}

// drawPerson draws a person's page, reading them again for the state of their account.
func (rc *records) drawPerson(w http.ResponseWriter, r *http.Request, v *visitor, page *peoplePage, p people.Person, code int) {
	row, err := rc.row(r, v, page.Slug, p)
	if err != nil {
		rc.s.Log.Error("records: reading a person", "err", err)
		page.Problem, code = "records_unavailable", http.StatusServiceUnavailable
	}
	page.Person = &row
	rc.drawPeople(w, code, page)
}

// servePersonPage is GET /_handbok/workplaces/{slug}/people/{email}: one person, the form
// to change them, and what else may be done.
func (rc *records) servePersonPage(w http.ResponseWriter, r *http.Request) {
	v, p, page, ok := rc.staffPerson(w, r)
	if !ok {
		return
	}
	if done := r.URL.Query().Get("done"); slices.Contains(doneKeys, done) {
		page.Done = done
	}
	page.Invited = rc.takeInvited(w, r, func(q people.Person) bool { return q.Email == p.Email })
	rc.drawPerson(w, r, v, page, p, http.StatusOK)
}

// servePersonForm is POST /_handbok/workplaces/{slug}/people/{email}, whose action is
// save (the edit form), disable, onboarded (mark onboarding finished today), reopen
// (clear that) or invite (a new invitation link, shown once by the person's page that
// it redirects to: see invite for who may have one).
func (rc *records) servePersonForm(w http.ResponseWriter, r *http.Request) {
	v, p, page, ok := rc.staffPerson(w, r)
	if !ok || !rc.s.parseForm(w, r, maxBody) {
		return
	}
	ctx := r.Context()
	var err error
	var done string
	switch r.PostForm.Get("action") {
	case "save":
		q, problem, code := rc.readPersonForm(w, r, v, page, p.Email)
		if problem == "" {
			q, problem, code = keepOthers(v, p, q, page.Admin)
		}
		if problem != "" {
			page.Problem = problem
			rc.drawPerson(w, r, v, page, p, code)
			return
		}
		err, done = rc.store.UpdatePerson(ctx, v.Email, q), "people_done_saved"
		p = q
	case "disable":
		if page.Self {
			page.Problem = "people_disable_self"
			rc.drawPerson(w, r, v, page, p, http.StatusForbidden)
			return
		}
		err, done = rc.store.DisablePerson(ctx, v.Email, p.Email), "people_done_disabled"
	case "onboarded":
		y, m, d := rc.s.now().UTC().Date()
		p.Onboarded = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		err, done = rc.store.UpdatePerson(ctx, v.Email, p), "people_done_onboarded"
	case "reopen":
		p.Onboarded = time.Time{}
		err, done = rc.store.UpdatePerson(ctx, v.Email, p), "people_done_reopened"
	case "invite":
		if page.SSO {
			page.Problem = "people_sso"
			rc.drawPerson(w, r, v, page, p, http.StatusBadRequest)
			return
		}
		token, problem := rc.invite(r, v, p)
		if problem != "" {
			page.Problem = problem
			rc.drawPerson(w, r, v, page, p, inviteProblemCode(problem))
			return
		}
		rc.keepInvited(w, r, token)
		http.Redirect(w, r, page.Action, http.StatusSeeOther)
		return
	default:
		page.Problem = "people_action_bad"
		rc.drawPerson(w, r, v, page, p, http.StatusBadRequest)
		return
	}
	if err != nil {
		rc.s.Log.Error("records: changing a person", "err", err)
		page.Problem = "records_unavailable"
		rc.drawPerson(w, r, v, page, p, http.StatusServiceUnavailable)
		return
	}
	to := page.Action
	if done == "people_done_disabled" || !slices.Contains(p.Workplaces, page.Slug) {
		to = page.Back // the list: they are no longer of this workplace, or not active
	}
	http.Redirect(w, r, to+"?done="+done, http.StatusSeeOther)
}

// keepOthers returns q, the person p as the edit form asks, with what the visitor may
// not change kept as it was: a supervisor changes only the workplaces they supervise,
// and the person keeps the others. A supervisor must leave them in one workplace at
// least, or disable them. Onboarded is not the edit form's.
func keepOthers(v *visitor, p, q people.Person, admin bool) (people.Person, string, int) {
	q.Onboarded, q.Disabled = p.Onboarded, p.Disabled
	if admin {
		return q, "", 0
	}
	for _, w := range p.Workplaces {
		if !slices.Contains(v.Workplaces, w) && !slices.Contains(q.Workplaces, w) {
			q.Workplaces = append(q.Workplaces, w)
		}
	}
	slices.Sort(q.Workplaces)
	if len(q.Workplaces) == 0 {
		return q, "people_no_place", http.StatusBadRequest
	}
	return q, "", 0
}
