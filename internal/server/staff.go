package server

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handbok/handbok/internal/manifest"
	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/store"
)

// The people of a workplace in the browser: its supervisors (and administrators) list,
// add, edit and disable them, mark their onboarding finished, and give a new person an
// invitation link to set their password. Every form is a plain POST answered with a
// redirect, so that it works without a script and a reload sends nothing again; an
// invitation link just made goes to the page redirected to in a cookie of its own (see
// invitedCookie), which shows it once.

// peoplePage is what the workplacepeople layout shows: the list of a workplace's people
// and the form to add one, or, with Person, one person's page.
type peoplePage struct {
	Slug, Title string
	// Problem is the UI text key of what is wrong, Done of what was just done.
	Problem, Done string
	Action        string // where the page's main form is sent
	Back          string // the workplace's page, or from a person's page the list
	People        []personRow
	Person        *personRow
	Form          personForm
	// Admin: the visitor may give any role and any workplace; otherwise Places are the
	// workplaces the visitor supervises.
	Admin  bool
	Roles  []people.Role
	Places []placeChoice
	// SSO: people sign in through single sign-on and need no invitation.
	SSO     bool
	Invited *invitedLink // shown once, on the page the form that made it redirects to
	// Existing is the page of the person the add form named, who is already of this
	// workplace, when the visitor may change them.
	Existing string
	// Self: the person is the visitor, who may not disable themself.
	Self bool
}

// personRow is one person as the page shows them.
type personRow struct {
	Email, Name, Title string
	Role               people.Role
	Start, Onboarded   time.Time
	Disabled           bool
	NoPassword         bool // and not under single sign-on: they need an invitation
	Page               string
	// Manage: the visitor may change this person (a supervisor only employees).
	Manage bool
}

// personForm is what the add or edit form holds, as typed.
type personForm struct {
	Email, Name, Title, Start string
	Role                      people.Role
}

// placeChoice is a workplace the form offers.
type placeChoice struct {
	Slug, Title string
	Checked     bool
}

// invitedLink is an invitation just made.
type invitedLink struct {
	Name, URL string
	Expires   time.Time
}

// doneKeys are the UI text keys a redirect may name in ?done=, and nothing else.
var doneKeys = []string{"people_done_added", "people_done_saved", "people_done_disabled",
	"people_done_onboarded", "people_done_reopened"}

// staffVisitor returns who asks and the workplace of the path, for the people pages;
// anyone not signed in is sent to sign in, a workplace the handbook does not have is
// not found, and one the visitor does not supervise is refused (403). It reports false
// when it answered.
func (rc *records) staffVisitor(w http.ResponseWriter, r *http.Request) (*visitor, *manifest.Workplace, bool) {
	v, ok := rc.pageVisitor(w, r)
	if !ok {
		return nil, nil, false
	}
	place := rc.s.live().places[r.PathValue("slug")]
	if place == nil {
		rc.s.notFound(w, r, "")
		return nil, nil, false
	}
	if !maySee(v, place.Slug) {
		rc.drawPeople(w, http.StatusForbidden, &peoplePage{Slug: place.Slug, Title: place.Title, Problem: "people_forbidden"})
		return nil, nil, false
	}
	return v, place, true
}

func (rc *records) drawPeople(w http.ResponseWriter, code int, page *peoplePage) {
	rc.s.draw(w, code, "workplacepeople", "people_title", page)
}

// peopleBase is a page of a workplace's people with what every one of them has.
func (rc *records) peopleBase(v *visitor, place *manifest.Workplace) *peoplePage {
	root := rc.s.EscapedPrefix()
	page := &peoplePage{Slug: place.Slug, Title: place.Title, Admin: v.Role == people.Admin,
		Action: root + peoplePath(place.Slug), Back: root + workplacePath + url.PathEscape(place.Slug),
		SSO: rc.s.Auth.Header != "", Form: personForm{Role: people.Employee}}
	if page.Admin {
		page.Roles = []people.Role{people.Employee, people.Supervisor, people.Admin}
	}
	for _, p := range rc.s.live().m.Workplaces {
		if page.Admin || slices.Contains(v.Workplaces, p.Slug) {
			page.Places = append(page.Places, placeChoice{Slug: p.Slug, Title: p.Title, Checked: p.Slug == place.Slug})
		}
	}
	return page
}

// peoplePath is the path of a workplace's people, under the handbook's root.
func peoplePath(slug string) string { return workplacePath + url.PathEscape(slug) + "/people" }

// personPath is the path of one person's page among a workplace's people.
func personPath(slug, email string) string { return peoplePath(slug) + "/" + url.PathEscape(email) }

// mayManage reports whether v may change p: an administrator anyone, a supervisor the
// employees of the workplaces they supervise (never another supervisor or an
// administrator, whose rights they could take over with an invitation).
func mayManage(v *visitor, p people.Person) bool {
	switch v.Role {
	case people.Admin:
		return true
	case people.Supervisor:
		if p.Role != people.Employee {
			return false
		}
		for _, w := range p.Workplaces {
			if slices.Contains(v.Workplaces, w) {
				return true
			}
		}
	}
	return false
}

// row is p as the page shows them to v.
func (rc *records) row(r *http.Request, v *visitor, slug string, p people.Person) (personRow, error) {
	row := personRow{Email: p.Email, Name: p.Name, Title: p.Title, Role: p.Role, Start: p.Start, Onboarded: p.Onboarded,
		Disabled: p.Disabled, Page: rc.s.EscapedPrefix() + personPath(slug, p.Email), Manage: mayManage(v, p)}
	if rc.s.Auth.Header == "" && !p.Disabled {
		hash, err := rc.store.PasswordHash(r.Context(), p.Email)
		if err != nil {
			return row, err
		}
		row.NoPassword = hash == ""
	}
	return row, nil
}

// servePeoplePage is GET /_handbok/workplaces/{slug}/people: the workplace's people and
// the form to add one.
func (rc *records) servePeoplePage(w http.ResponseWriter, r *http.Request) {
	v, place, ok := rc.staffVisitor(w, r)
	if !ok {
		return
	}
	page := rc.peopleBase(v, place)
	if done := r.URL.Query().Get("done"); slices.Contains(doneKeys, done) {
		page.Done = done
	}
	page.Invited = rc.takeInvited(w, r, func(p people.Person) bool { return mayManage(v, p) })
	rc.listPeople(w, r, v, page, http.StatusOK)
}

// listPeople draws the list page with the workplace's people.
func (rc *records) listPeople(w http.ResponseWriter, r *http.Request, v *visitor, page *peoplePage, code int) {
	ps, err := rc.store.People(r.Context(), page.Slug)
	if err == nil {
		for _, p := range ps {
			var row personRow
			if row, err = rc.row(r, v, page.Slug, p); err != nil {
				break
			}
			page.People = append(page.People, row)
		}
	}
	if err != nil {
		rc.s.Log.Error("records: reading a workplace's people", "err", err)
		page.Problem, page.People = "records_unavailable", nil
		code = http.StatusServiceUnavailable
	}
	rc.drawPeople(w, code, page)
}

// readPersonForm reads the add or edit form into page.Form and returns the person it
// describes (with the workplaces asked for), or the UI text key of what is wrong and
// the status to answer.
func (rc *records) readPersonForm(w http.ResponseWriter, r *http.Request, v *visitor, page *peoplePage, email string) (people.Person, string, int) {
	f := r.PostForm
	page.Form = personForm{Email: strings.TrimSpace(email), Name: strings.TrimSpace(f.Get("name")),
		Title: strings.TrimSpace(f.Get("title")), Start: strings.TrimSpace(f.Get("start")), Role: people.Role(f.Get("role"))}
	if page.Form.Role == "" {
		page.Form.Role = people.Employee
	}
	wps := f["workplace"]
	for i := range page.Places {
		page.Places[i].Checked = slices.Contains(wps, page.Places[i].Slug)
	}
	// What a supervisor may not do is refused outright, not shown as a mistake to fix:
	// their form offers none of it.
	if !page.Admin {
		if page.Form.Role != people.Employee {
			return people.Person{}, "people_role_forbidden", http.StatusForbidden
		}
		for _, wp := range wps {
			if !slices.Contains(v.Workplaces, wp) {
				return people.Person{}, "people_place_forbidden", http.StatusForbidden
			}
		}
	}
	if _, err := people.NormalizeEmail(page.Form.Email); err != nil {
		return people.Person{}, "people_email_bad", http.StatusBadRequest
	}
	if page.Form.Name == "" || utf8.RuneCountInString(page.Form.Name) > maxFieldChars {
		return people.Person{}, "people_name_bad", http.StatusBadRequest
	}
	if utf8.RuneCountInString(page.Form.Title) > maxFieldChars {
		return people.Person{}, "people_title_bad", http.StatusBadRequest
	}
	if page.Form.Start != "" {
		if _, err := time.Parse(time.DateOnly, page.Form.Start); err != nil {
			return people.Person{}, "people_start_bad", http.StatusBadRequest
		}
	}
	var known []string
	for _, p := range rc.s.live().m.Workplaces {
		known = append(known, p.Slug)
	}
	p, err := people.NewPerson(page.Form.Email, page.Form.Name, string(page.Form.Role), wps, page.Form.Start, known)
	if err != nil {
		return people.Person{}, "people_details_bad", http.StatusBadRequest
	}
	p.Title = page.Form.Title
	return p, "", 0
}

// maxFieldChars bounds a name or a job title.
const maxFieldChars = 200

// serveAddPerson is POST /_handbok/workplaces/{slug}/people: it adds a person and,
// unless people sign in through single sign-on, makes the invitation link to give them,
// which the page redirected to shows once (see addedPage).
func (rc *records) serveAddPerson(w http.ResponseWriter, r *http.Request) {
	v, place, ok := rc.staffVisitor(w, r)
	if !ok || !rc.s.parseForm(w, r, maxBody) {
		return
	}
	page := rc.peopleBase(v, place)
	p, problem, code := rc.readPersonForm(w, r, v, page, r.PostForm.Get("email"))
	if problem == "" && len(p.Workplaces) == 0 && !page.Admin {
		problem, code = "people_no_place", http.StatusBadRequest
	}
	if problem == "" {
		err := rc.store.AddPeople(r.Context(), v.Email, []people.Person{p})
		switch {
		case errors.Is(err, store.ErrExists):
			// Most often the same form sent again (the browser's back button): say so,
			// and lead to the person where they are this workplace's to change.
			problem, code = "people_exists", http.StatusConflict
			if q, err := rc.store.Person(r.Context(), p.Email); err == nil && slices.Contains(q.Workplaces, place.Slug) && mayManage(v, q) {
				page.Existing = rc.s.EscapedPrefix() + personPath(place.Slug, q.Email)
			}
		case err != nil:
			rc.s.Log.Error("records: adding a person", "err", err)
			problem, code = "records_unavailable", http.StatusServiceUnavailable
		}
	}
	if problem != "" {
		page.Problem = problem
		rc.listPeople(w, r, v, page, code)
		return
	}
	if page.SSO {
		http.Redirect(w, r, page.Action+"?done=people_done_added", http.StatusSeeOther)
		return
	}
	token, problem := rc.invite(r, v, p)
	if problem != "" {
		page.Done, page.Problem, page.Form = "people_done_added", problem, personForm{Role: people.Employee}
		for i := range page.Places {
			page.Places[i].Checked = page.Places[i].Slug == place.Slug
		}
		rc.listPeople(w, r, v, page, inviteProblemCode(problem))
		return
	}
	rc.keepInvited(w, r, token)
	http.Redirect(w, r, rc.addedPage(v, place, p)+"?done=people_done_added", http.StatusSeeOther)
}

// addedPage is the page to show a person just added on, with their invitation link:
// theirs among the people of this workplace, else of their first workplace the visitor
// sees (an administrator may add someone elsewhere), else, for someone of no
// workplace, this workplace's list.
func (rc *records) addedPage(v *visitor, place *manifest.Workplace, p people.Person) string {
	slug := place.Slug
	if !slices.Contains(p.Workplaces, slug) {
		i := slices.IndexFunc(p.Workplaces, func(w string) bool { return maySee(v, w) && rc.s.live().places[w] != nil })
		if i < 0 {
			return rc.s.EscapedPrefix() + peoplePath(slug)
		}
		slug = p.Workplaces[i]
	}
	return rc.s.EscapedPrefix() + personPath(slug, p.Email)
}
