package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/handbok/handbok/internal/people"
	"github.com/handbok/handbok/internal/site"
	"github.com/handbok/handbok/internal/store"
)

// demoStaff are the made-up people of serve --demo, at the example handbook's
// workplaces.
//
//go:embed demo_staff.csv
var demoStaff []byte

// demoPassword is every demo person's password: the demo is for trying the records out,
// on records of nobody real.
const demoPassword = "handbok-demo"

// demoDSN is where serve --demo keeps its records: a file of its own, so that the demo
// never mixes with an organisation's records.
func demoDSN(source string) string {
	return "sqlite:" + filepath.Join(source, ".handbok", "demo.db")
}

// seedDemo adds the demo people, each with demoPassword, and some of their
// acknowledgments, unless they are there already.
func seedDemo(ctx context.Context, st store.Store, s *site.Site) ([]people.Person, error) {
	var slugs []string
	for _, w := range s.Workplaces {
		slugs = append(slugs, w.Slug)
	}
	staff, problems := people.ReadCSV(bytes.NewReader(demoStaff), "demo_staff.csv", slugs)
	if len(problems) > 0 {
		return nil, fmt.Errorf("--demo's made-up people work at the example handbook's workplaces, which this handbook does not have (%s): try --demo on the example handbook", problems[0].Message)
	}
	if _, err := st.Person(ctx, staff[0].Email); err == nil {
		return staff, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	now := time.Now().UTC()
	for i, p := range staff {
		if days, ok := demoNewHires[p.Email]; ok {
			staff[i].Start = time.Date(now.Year(), now.Month(), now.Day()+days, 0, 0, 0, 0, time.UTC)
		}
	}
	hash, err := people.HashPassword(demoPassword)
	if err != nil {
		return nil, err
	}
	if err := st.AddPeopleWithPassword(ctx, "demo", staff, hash); err != nil {
		return nil, err
	}
	if err := demoAcks(ctx, st, s); err != nil {
		return nil, err
	}
	if err := tickDemo(ctx, st, staff, now); err != nil {
		return nil, err
	}
	return staff, suggestDemo(ctx, st)
}

// demoSuggestions are what the demo's staff suggested about the pool's safety rules:
// one waiting for the supervisor, and one he answered.
var demoSuggestions = []struct {
	store.Suggestion
	answer, by string
}{
	{store.Suggestion{Page: "sundlaug/oryggisreglur", Title: "Öryggisreglur og viðbrögð við slysum", Author: "anna@dalvik.example",
		Kind: store.SuggestUnclear, Passage: "Laugarvörður fer ekki af vakt fyrr en annar hefur tekið við og staðfest það munnlega.",
		Text: "Á þetta líka við í matarhléi? Þá er stundum aðeins einn á vakt."}, "", ""},
	{store.Suggestion{Page: "sundlaug/oryggisreglur", Title: "Öryggisreglur og viðbrögð við slysum", Author: "einar@dalvik.example",
		Kind: store.SuggestOutdated, Passage: "Heilbrigðiseftirlit Norðurlands eystra tekur sýni reglulega.",
		Text: "Sýnin eru tekin mánaðarlega núna. Má segja það frekar en „reglulega“?"},
		"Rétt, takk fyrir. Þetta verður lagað í næstu útgáfu reglnanna.", "bjorn@dalvik.example"},
}

func suggestDemo(ctx context.Context, st store.Store) error {
	for _, d := range demoSuggestions {
		sg, err := st.AddSuggestion(ctx, d.Suggestion)
		if err != nil {
			return err
		}
		if d.answer != "" {
			if _, err := st.SetSuggestion(ctx, d.by, sg.ID, store.SuggestionAnswered, d.answer); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoNewHires start, in the demo, this many days from the day it is first served, so
// that the supervisors' onboarding pages have new hires in them whenever the demo is
// tried: Anna a week ago, behind with some items, Cecilía a month ago, Kári next week.
var demoNewHires = map[string]int{"anna@dalvik.example": -8, "cecilia@dalvik.example": -30, "kari@dalvik.example": 6}

// demoTicks are items of the new hires' checklists ticked in the demo, by them and by
// their supervisor, each on a day counted from the hire's start (at ten in the morning),
// as if ticked when it was due: the pages show when, and a time at the moment of seeding
// would make every tick look made at once.
var demoTicks = []struct {
	store.Tick
	day int
}{
	{store.Tick{Email: "anna@dalvik.example", Checklist: "sundlaug/mottaka", Item: "vaktaplan", By: "bjorn@dalvik.example"}, -3},
	{store.Tick{Email: "anna@dalvik.example", Checklist: "sundlaug/mottaka", Item: "lyklar", By: "bjorn@dalvik.example"}, 0},
	{store.Tick{Email: "anna@dalvik.example", Checklist: "mottaka", Item: "handbokin", By: "anna@dalvik.example"}, 1},
	{store.Tick{Email: "cecilia@dalvik.example", Checklist: "mottaka", Item: "handbokin", By: "cecilia@dalvik.example"}, 2},
	{store.Tick{Email: "kari@dalvik.example", Checklist: "sundlaug/mottaka", Item: "vaktaplan", By: "bjorn@dalvik.example"}, -3},
}

// tickDemo records demoTicks for the people of staff, none later than now.
func tickDemo(ctx context.Context, st store.Store, staff []people.Person, now time.Time) error {
	start := map[string]time.Time{}
	for _, p := range staff {
		start[p.Email] = p.Start
	}
	for _, d := range demoTicks {
		t := d.Tick
		t.Done, t.At = true, start[t.Email].AddDate(0, 0, d.day).Add(10*time.Hour)
		if t.At.After(now) {
			t.At = now
		}
		if _, _, err := st.SetTick(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

// demoAcknowledgers have acknowledged, in the demo, every policy that applies to them
// (all) or those of every workplace (org): so that a supervisor's view has something
// in it at once.
var demoAcknowledgers = map[string]string{"einar@dalvik.example": "all", "gudni@dalvik.example": "all", "freyja@dalvik.example": "org"}

func demoAcks(ctx context.Context, st store.Store, s *site.Site) error {
	for email, which := range demoAcknowledgers {
		p, err := st.Person(ctx, email)
		if err != nil {
			return err
		}
		for _, pg := range s.Pages {
			if pg.Kind != site.KindPolicy || !pg.Policy.Acknowledge {
				continue
			}
			own := pg.Workplace != nil && slices.Contains(p.Workplaces, pg.Workplace.Slug)
			if pg.Workplace != nil && (which == "org" || !own) {
				continue
			}
			a := store.Acknowledgment{Email: email, Policy: pg.ID, Version: pg.Policy.Version, Revision: pg.Policy.Revision, How: store.Button}
			if _, _, err := st.RecordAck(ctx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// sayDemo prints who to sign in as.
func sayDemo(w io.Writer, staff []people.Person) {
	fmt.Fprintf(w, "Demo: made-up people in .handbok/demo.db, nobody's real records. Sign in with the password %s as\n", demoPassword)
	for _, p := range staff {
		where := strings.Join(p.Workplaces, ", ")
		if where == "" {
			where = "every workplace"
		}
		fmt.Fprintf(w, "  %-28s %s, %s (%s)\n", p.Email, p.Name, p.Role, where)
	}
}
