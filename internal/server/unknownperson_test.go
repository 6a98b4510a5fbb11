package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOtherWorkplacesPeopleUnknown: every route that takes a person's email answers a
// supervisor asking about a person of another workplace exactly as about an email
// nobody has, in status and body, so that it tells them nothing of that person, not
// even that they are in the records; about their own person it answers.
func TestOtherWorkplacesPeopleUnknown(t *testing.T) { onEachStore(t, testOtherWorkplacesPeopleUnknown) }

func testOtherWorkplacesPeopleUnknown(t *testing.T, open storeOpener) {
	rs := newRecordsSiteOn(t, open, Auth{})
	withChecklists(rs)
	bjorn := signedIn(t, rs, "bjorn")["bjorn"]
	const (
		own     = "anna@dalvikurbyggd.is"    // of the pool, Björn's
		other   = "cecilia@dalvikurbyggd.is" // of the kindergarten
		nowhere = "nobody@dalvikurbyggd.is"
	)
	type answer struct {
		code int
		body string
	}
	routes := []struct {
		name string
		ok   int
		ask  func(email string) answer
	}{
		{"GET /api/people/{email}/onboarding", http.StatusOK, func(email string) answer {
			res, body := rs.get(t, bjorn, "/api/people/"+url.PathEscape(email)+"/onboarding")
			return answer{res.StatusCode, body}
		}},
		{"PUT a tick with person", http.StatusOK, func(email string) answer {
			req, _ := http.NewRequest("PUT", rs.URL+"/api/checklists/sundlaug/mottaka/items/lyklar",
				strings.NewReader(`{"done":true,"person":"`+email+`"}`))
			req.Header.Set("Content-Type", "application/json")
			res, err := bjorn.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			return answer{res.StatusCode, string(body)}
		}},
		{"GET the person's page", http.StatusOK, func(email string) answer {
			res, body := rs.get(t, bjorn, personPath("sundlaug", email))
			return answer{res.StatusCode, body}
		}},
		{"POST the person's page", http.StatusSeeOther, func(email string) answer {
			res, body := rs.postForm(t, bjorn, personPath("sundlaug", email), url.Values{"action": {"reopen"}})
			return answer{res.StatusCode, body}
		}},
		{"GET the person's page of another workplace", http.StatusForbidden, func(email string) answer {
			res, body := rs.get(t, bjorn, personPath("leikskoli", email))
			return answer{res.StatusCode, body}
		}},
	}
	for _, route := range routes {
		if got := route.ask(own); got.code != route.ok {
			t.Errorf("%s, Björn's own person: %d, want %d\n%s", route.name, got.code, route.ok, got.body)
		}
		b, c := route.ask(other), route.ask(nowhere)
		if b != c {
			t.Errorf("%s: another workplace's person answers %d, nobody %d; want the same status and body\n%s\n----\n%s",
				route.name, b.code, c.code, b.body, c.body)
		}
		if b.code < 400 {
			t.Errorf("%s: another workplace's person answers %d", route.name, b.code)
		}
	}
}
