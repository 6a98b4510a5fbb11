package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/handbok/handbok/internal/browsertest"
	"github.com/handbok/handbok/internal/people"
)

const (
	suggestPolicy = `---
title: Reglur laugarinnar
kind: policy
id: laug/reglur
owner: {name: Ólafur Eigandi, email: Olafur@Dalvik.is}
review: 2030-01-01
---
Allir gestir fara í sturtu án sundfata áður en farið er í laugina. Börn yngri en tíu ára eru í fylgd fullorðinna.
`
	suggestSentence = "Allir gestir fara í sturtu án sundfata áður en farið er í laugina."
	suggestText     = "<b>Á</b> þetta líka við um starfsfólk?"
	suggestAnswer   = "Já, starfsfólk fer líka í sturtu fyrst. Takk!"
)

// TestBrowserSuggest follows one suggestion from a reader's selection on a policy to its
// owner's answer, closing it, and back, with the keyboard, and checks who else sees it: the reader
// selects a sentence, opens the form with Enter, finds the sentence in it and sends the
// suggestion; the policy's owner sees the count in the owner block, answers and closes
// it on the suggestions page, and the reader sees the answer on the policy. The supervisor of
// another workplace never sees it. Axe checks the form and the answer shown.
func TestBrowserSuggest(t *testing.T) {
	t.Parallel() // a browser of its own
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/laug/_index.md", "---\ntitle: Sundlaugin\nkind: workplace\n---\nLaugin.\n")
	write(t, dir, "content/laug/reglur.md", suggestPolicy)
	write(t, dir, "content/skoli/_index.md", "---\ntitle: Skólinn\nkind: workplace\n---\nSkólinn.\n")
	addPeopleWithPassword(t, dir,
		people.Person{Email: hireEmail, Name: hireName, Role: people.Employee, Workplaces: []string{"laug"}},
		people.Person{Email: "olafur@dalvik.is", Name: "Ólafur Eigandi", Role: people.Employee},
		people.Person{Email: "dora@dalvik.is", Name: "Dóra Skólastjóri", Role: people.Supervisor, Workplaces: []string{"skoli"}})
	base := startServe(t, dir, "--no-watch", "--dest", filepath.Join(t.TempDir(), "public"))
	b := browsertest.New(t)
	axe := browsertest.AxeIfInstalled(t)
	page := base + "/laug/reglur.html"

	reader := &device{t: t, name: "reader", ctx: b.Tab(t, 390), page: page}
	reader.signIn(base)
	navigate(t, reader.ctx, page)
	reader.wait(`!document.querySelector(".suggest-start").hidden`)
	// Select the first sentence of the text, as a reader would with the mouse.
	reader.eval(`(() => {
		const node = document.querySelector(".prose p").firstChild;
		const range = document.createRange();
		range.setStart(node, 0);
		range.setEnd(node, node.textContent.indexOf(".") + 1);
		getSelection().removeAllRanges();
		getSelection().addRange(range);
		document.querySelector(".suggest-opener").focus();
		return "";
	})()`)
	key(t, reader.ctx, kb.Enter)
	reader.wait(`!document.getElementById("hb-suggest-form").hidden`)
	if got := reader.eval(`document.getElementById("hb-suggest-passage").value + " | " + document.activeElement.id + " | " +
		document.querySelector(".suggest-opener").getAttribute("aria-expanded")`); got != suggestSentence+" | hb-suggest-text | true" {
		t.Errorf("the opened form: %q, want the sentence in the passage and the text field focused", got)
	}
	axe.Check(t, reader.ctx, "suggestion form on a phone")
	key(t, reader.ctx, suggestText)
	// Pressing Senda ábendingu again does not close the form: it goes back to the text.
	reader.eval(`(document.querySelector(".suggest-opener").focus(), "")`)
	key(t, reader.ctx, kb.Enter)
	if got := reader.eval(`document.getElementById("hb-suggest-form").hidden + " " + document.activeElement.id`); got != "false hb-suggest-text" {
		t.Errorf("the button pressed again: form hidden, focus = %q, want the form open and the text focused", got)
	}
	// What was written survives leaving the page, and too long a text is refused with
	// its length, not cut.
	navigate(t, reader.ctx, page)
	reader.wait(`!document.querySelector(".suggest-start").hidden`)
	reader.eval(`(document.querySelector(".suggest-opener").focus(), "")`)
	key(t, reader.ctx, kb.Enter)
	if got := reader.eval(`document.getElementById("hb-suggest-passage").value + " | " + document.getElementById("hb-suggest-text").value`); got != suggestSentence+" | "+suggestText {
		t.Errorf("after leaving the page, the form holds %q", got)
	}
	reader.eval(`(() => { const t = document.getElementById("hb-suggest-text"), was = t.value; t.value = "ö".repeat(4001);
		document.querySelector("#hb-suggest-form [type=submit]").click(); const said = document.querySelector(".suggest-status").textContent;
		t.value = was; t.focus(); return said; })()`)
	if got := reader.eval(`document.querySelector(".suggest-status").textContent`); !strings.HasPrefix(got, "Ábendingin er 4001 stafir") {
		t.Errorf("too long a text: %q", got)
	}
	key(t, reader.ctx, kb.Tab)
	key(t, reader.ctx, kb.Enter)
	reader.wait(`document.querySelector(".suggest-status").textContent.startsWith("Takk!") && document.activeElement.classList.contains("suggest-status")`)

	owner := &device{t: t, name: "owner", ctx: b.Tab(t, 1280), page: page} // the tabs share one cookie: this signs the reader out
	owner.signInAs(base, "olafur@dalvik.is")
	navigate(t, owner.ctx, page)
	owner.wait(`!document.getElementById("hb-owner-suggestions").hidden`)
	if got := owner.eval(`document.getElementById("hb-owner-suggestions").textContent.trim()`); got != "Opnar ábendingar um þessa síðu: 1" {
		t.Errorf("the owner block says %q", got)
	}
	clickTo(t, owner.ctx, "#hb-owner-suggestions a")
	owner.wait(`location.pathname.endsWith("/_handbok/suggestions") && !!document.getElementById("answer-1")`)
	if got := owner.eval(`document.getElementById("s-1").textContent`); !strings.Contains(got, suggestText) || !strings.Contains(got, suggestSentence) ||
		!strings.Contains(got, hireName) {
		t.Errorf("the owner's page shows %q, want the text as written, the sentence and who sent it", got)
	}
	if n := owner.eval(`String(document.querySelectorAll("#s-1 b").length)`); n != "0" {
		t.Error("the suggestion's text was taken as HTML")
	}
	owner.eval(`(document.getElementById("answer-1").focus(), "")`)
	key(t, owner.ctx, suggestAnswer)
	clickTo(t, owner.ctx, `#s-1 button[value=answered]`)
	owner.wait(`location.hash === "#s-1" && document.getElementById("s-1").textContent.includes(` + jsString(suggestAnswer) + `)`)
	// Answered, and then closed: the answer stays.
	clickTo(t, owner.ctx, `#s-1 button[value=handled]`)
	owner.wait(`document.getElementById("s-1").classList.contains("suggest-handled") && document.getElementById("s-1").textContent.includes(` + jsString(suggestAnswer) + `)`)

	other := &device{t: t, name: "other", ctx: owner.ctx, page: base + "/_handbok/suggestions"}
	other.signInAs(base, "dora@dalvik.is")
	navigate(t, other.ctx, other.page)
	if got := other.eval(`document.body.innerText`); strings.Contains(got, "starfsfólk") || strings.Contains(got, suggestSentence) {
		t.Errorf("the supervisor of another workplace sees the suggestion:\n%s", got)
	}

	// The tabs share one browser and so one cookie: the reader signs in again.
	reader.signIn(base)
	navigate(t, reader.ctx, page)
	reader.wait(`!document.querySelector(".suggest-answers").hidden`)
	if got := reader.eval(`document.querySelector(".suggest-answers").textContent`); !strings.Contains(got, suggestAnswer) || !strings.Contains(got, suggestText) {
		t.Errorf("the reader's policy shows %q, want the answer to the suggestion", got)
	}
	axe.Check(t, reader.ctx, "an answer to a suggestion on a phone")
}

// addPeopleWithPassword puts ps in the project's records, each with the password the
// browser tests sign in with.
func addPeopleWithPassword(t *testing.T, dir string, ps ...people.Person) {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, err := people.HashPassword(hirePassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddPeopleWithPassword(ctx, "browser-test", ps, hash); err != nil {
		t.Fatal(err)
	}
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
}

func key(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatal(err)
	}
}

// clickTo clicks sel and waits for the page it leads to.
func clickTo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

func jsString(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "\\`") + "`"
}
