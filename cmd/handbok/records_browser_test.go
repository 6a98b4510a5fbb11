package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/handbok/handbok/internal/browsertest"
)

// The policy the records' browser test acknowledges, in its two versions: the second
// answers in three days where the first said a week.
const (
	ackPolicyV1 = "---\ntitle: Svörun erinda\nkind: policy\nacknowledge: true\n---\n" +
		"Við svörum öllum erindum innan viku.\n\nStarfsfólk skráir hvert erindi.\n"
	ackPolicyV2 = "---\ntitle: Svörun erinda\nkind: policy\nacknowledge: true\nversion: 2\n---\n" +
		"Við svörum öllum erindum innan þriggja daga.\n\nStarfsfólk skráir hvert erindi.\n"
)

// The first administrator, whom the test makes and signs in as.
const (
	adminEmail    = "gudrun@dalvik.is"
	adminPassword = "langt og gott lykilorð"
)

// recordsTab is a tab on a records server, with what the test's steps share.
type recordsTab struct {
	t      *testing.T
	ctx    context.Context // the desktop's tab
	phone  context.Context // the phone's tab, left on about:blank between uses
	b      *browsertest.Browser
	axe    *browsertest.Axe
	dir    string // the project
	public string // where the server builds it
	base   string // the server's address
}

// TestBrowserRecords is the records as a person meets them in the browser, with the
// keyboard alone: signed out, a policy page offers "Skrá inn" in its header; they sign
// in (once with a wrong password), come back to the policy, acknowledge it and are told
// so; a new version, saved while serving, shows them word by word what changed, and
// they acknowledge again; they sign out, and the session is over on the server too.
// The same page opened from disk says that acknowledging needs the intranet and asks
// nobody. Each page is checked with axe, for English words, and photographed.
func TestBrowserRecords(t *testing.T) {
	t.Parallel() // a browser of its own
	dir := t.TempDir()
	write(t, dir, "handbok.yaml", "title: Prófun\n")
	write(t, dir, "content/_index.md", "# Prófun\n\nVelkomin.\n")
	write(t, dir, "content/stefna.md", ackPolicyV1)
	public := filepath.Join(t.TempDir(), "public")
	out := &syncBuffer{}
	base := startServeTo(t, dir, out, "--dest", public)
	link := regexp.MustCompile(`http://\S+/_handbok/first-admin\?token=\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("serve printed no first-admin link:\n%s", out)
	}
	b := browsertest.New(t)
	r := &recordsTab{t: t, b: b, axe: browsertest.AxeIfInstalled(t), dir: dir, public: public, base: base}
	// One tab for the desktop and one for the phone, whose every step is done in
	// well under the time they have: a tab costs more to open than a page to load.
	var cancel context.CancelFunc
	r.ctx, cancel = context.WithTimeout(b.Tab(t, 1280), 3*time.Minute)
	defer cancel()
	r.phone, cancel = context.WithTimeout(b.Tab(t, 390), 3*time.Minute)
	defer cancel()
	r.firstAdmin(link)
	r.signedOut()
	r.signIn()
	r.acknowledge(1)
	r.newVersion()
	r.acknowledge(2)
	r.fromDisk()
	r.signOut()
	r.withoutScript()
}

// firstAdmin checks the page of the one-time link, and then makes the administrator
// outside the browser, which stays signed out.
func (r *recordsTab) firstAdmin(link string) {
	t := r.t
	for width, ctx := range map[int]context.Context{390: r.phone, 1280: r.ctx} {
		if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitReady(chromedp.CSS("#first-admin-email"))); err != nil {
			t.Fatal(err)
		}
		r.looks(ctx, "first-admin", width)
		leave(t, ctx)
	}
	form := url.Values{"token": {strings.SplitN(link, "token=", 2)[1]}, "name": {"Guðrún"},
		"email": {adminEmail}, "password": {adminPassword}}
	req, _ := http.NewRequest("POST", r.base+"/_handbok/first-admin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", r.base)
	res, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("making the first administrator: %d", res.StatusCode)
	}
}

// looks checks the page open in ctx, at width, with axe and for English words, and
// saves a screenshot of it named name-phone or name-desktop.
func (r *recordsTab) looks(ctx context.Context, name string, width int) {
	r.t.Helper()
	device := map[bool]string{true: "phone", false: "desktop"}[width < 600]
	r.axe.Check(r.t, ctx, name+" on a "+device)
	noEnglish(r.t, ctx, name)
	browsertest.Screenshot(r.t, ctx, name+"-"+device)
}

// looksBoth is looks at the tab's desktop width and, in the phone's tab, on a phone.
func (r *recordsTab) looksBoth(name, ready string) {
	r.t.Helper()
	r.looks(r.ctx, name, 1280)
	phone := r.phone
	url, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		r.t.Fatal(err)
	}
	if err := chromedp.Do(phone, chromedp.Navigate(url)); err != nil {
		r.t.Fatal(err)
	}
	wait(r.t, phone, ready, `document.body.innerText`)
	r.looks(phone, name, 390)
	leave(r.t, phone)
}

// tab opens another tab, width pixels wide, in which every step must be done within a
// minute.
func (r *recordsTab) tab(width int) context.Context {
	ctx, cancel := context.WithTimeout(r.b.Tab(r.t, width), time.Minute)
	r.t.Cleanup(cancel)
	return ctx
}

// leave takes a tab that is done with off the server. Each page open in watch mode
// holds a connection for live reload, and Chromium opens at most six to one server: a
// seventh request waits for ever.
func leave(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
}

// noEnglish fails the test for each English word that a person sees or hears on the
// Icelandic page open in ctx.
func noEnglish(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](visibleText))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(text, "\n") {
		if w := englishWords.FindAllString(line, -1); w != nil {
			t.Errorf("%s: English %q in %q", what, w, line)
		}
	}
}

// JavaScript that reads the records' parts of a page.
const (
	ackStatus = `document.querySelector("#hb-ack .ack-status").textContent`
	// accountShown is the texts of the header's account links that are drawn, whatever
	// their hidden attribute says.
	accountShown = `[...document.querySelectorAll("#hb-account a, #hb-account button")]
		.filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
		.map(e => e.textContent).join(" | ")`
)

// signedOut opens the policy signed out: the header offers to sign in, and the box
// says that signing in is needed to acknowledge.
func (r *recordsTab) signedOut() {
	t := r.t
	if err := chromedp.Do(r.ctx, chromedp.Navigate(r.base+"/stefna.html")); err != nil {
		t.Fatal(err)
	}
	ready := accountShown + ` === "Skrá inn" && ` + ackStatus + ` === "Skráðu þig inn til að staðfesta stefnuna."`
	r.wait(ready, accountShown+` + " / " + `+ackStatus)
	r.looksBoth("policy-signed-out", ready)
	// A handbook without workplaces has no sidebar: the page takes its place.
	if w, err := chromedp.Run(r.ctx, chromedp.Evaluate[float64](`document.querySelector("main").getBoundingClientRect().width`)); err != nil || w < 600 {
		t.Errorf("on a desktop the policy is %.0f pixels wide (%v), want its full measure", w, err)
	}
}

// wrongOnPhone signs in with a wrong password on a phone, and checks the page that says
// so.
func (r *recordsTab) wrongOnPhone() {
	t := r.t
	phone := r.phone
	if err := chromedp.Do(phone, chromedp.Navigate(r.base+"/_handbok/sign-in"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-email"), adminEmail),
		chromedp.SendKeys(chromedp.CSS("#sign-in-password"), "annað rangt lykilorð")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(phone, chromedp.Submit(chromedp.CSS("#sign-in-password"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(phone, chromedp.WaitVisible(chromedp.CSS("#sign-in-problem"))); err != nil {
		t.Fatal(err)
	}
	r.looks(phone, "sign-in-wrong", 390)
	leave(t, phone)
}

// recordsWait bounds each wait for a page of the records, well within the test's time.
const recordsWait = 20 * time.Second

// wait waits until the expression is true in the tab, failing with what explain returns
// when it does not become so.
func wait(t *testing.T, ctx context.Context, expr, explain string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(recordsWait), pollEvery)); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](explain))
		t.Fatalf("waiting for %s: %v; %s", expr, err, got)
	}
}

// wait is wait in the test's tab.
func (r *recordsTab) wait(expr, explain string) {
	r.t.Helper()
	wait(r.t, r.ctx, expr, explain)
}

// press sends key to the tab, and then waits for the page it leads to and returns the
// address it ended on, after any redirects.
func (r *recordsTab) press(key string) string {
	r.t.Helper()
	res, err := chromedp.RunResponse(r.ctx, chromedp.KeyEvent(key))
	if err != nil {
		r.t.Fatalf("%q led to no page: %v", key, err)
	}
	return res.URL
}

// tabTo presses Tab until the element sel has focus, at most most times.
func (r *recordsTab) tabTo(sel string, most int) {
	r.t.Helper()
	for i := 0; ; i++ {
		on, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](`(() => {
			const a = document.activeElement;
			return a.matches(`+strconv.Quote(sel)+`) ? "" : a.outerHTML.slice(0, 120);
		})()`))
		if err != nil {
			r.t.Fatal(err)
		}
		if on == "" {
			return
		}
		if i == most {
			r.t.Fatalf("%s is not among the first %d stops of Tab (focus on %s)", sel, most, on)
		}
		if err := chromedp.Do(r.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			r.t.Fatal(err)
		}
	}
}

// typeIn types text into the element that has focus.
func (r *recordsTab) typeIn(text string) {
	r.t.Helper()
	if err := chromedp.Do(r.ctx, chromedp.KeyEvent(text)); err != nil {
		r.t.Fatal(err)
	}
}

// signIn goes from the policy's header to the sign-in page, tries a wrong password, then
// the right one, and lands back on the policy.
func (r *recordsTab) signIn() {
	t := r.t
	r.tabTo("#hb-account .account-sign-in", 6)
	if got := r.press(kb.Enter); !strings.HasPrefix(got, r.base+"/_handbok/sign-in?next=") {
		t.Fatalf("Enter on Skrá inn opened %s", got)
	}
	// The header's Skrá inn is this page, and says so; followed, it keeps where to go next.
	current := `(document.querySelector("#hb-account .account-sign-in[aria-current=page]") || {}).href === location.href`
	r.wait(accountShown+` === "Skrá inn" && `+current, `document.querySelector("#hb-account").innerHTML`)
	r.looksBoth("sign-in", current)
	// While writing, the server's own pages reload with a rebuild as every page does, and
	// so keep no offline copy that would show an old build.
	r.wait(`document.documentElement.dataset.liveReload === "on"`, `document.documentElement.outerHTML.slice(-300)`)
	r.tabTo("#sign-in-email", 8)
	r.typeIn(adminEmail)
	r.tabTo("#sign-in-password", 1)
	r.typeIn("rangt lykilorð")
	r.press(kb.Enter)
	problem, err := chromedp.Run(r.ctx, chromedp.Text(chromedp.CSS("#sign-in-problem")))
	if err != nil || problem != "Netfangið eða lykilorðið er rangt." {
		t.Errorf("after a wrong password the sign-in page says %q (%v)", problem, err)
	}
	r.looks(r.ctx, "sign-in-wrong", 1280)
	r.wrongOnPhone()
	// The email is kept, and the password field waits.
	r.tabTo("#sign-in-password", 0)
	r.typeIn(adminPassword)
	if got := r.press(kb.Enter); got != r.base+"/stefna.html" {
		t.Fatalf("signed in, the browser is at %s, want back on the policy", got)
	}
	r.wait(ackStatus+` === "Þú hefur ekki staðfest þessa stefnu."`, ackStatus)
	r.wait(accountShown+` === "Mínar stefnur | Skrá út"`, accountShown)
}

// acknowledge presses the button with the keyboard: the status says that version was
// acknowledged today, and takes the focus, so that a screen reader reads it.
func (r *recordsTab) acknowledge(version int) {
	t := r.t
	before := time.Now()
	r.tabTo("#hb-ack .ack-button", 20)
	if err := chromedp.Do(r.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	said := `Þú staðfestir útgáfu ` + strconv.Itoa(version) + ` þann `
	r.wait(ackStatus+`.startsWith("`+said+`")`, ackStatus)
	status, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](ackStatus))
	if err != nil {
		t.Fatal(err)
	}
	if status != said+icelandicDate(t, before)+"." && status != said+icelandicDate(t, time.Now())+"." {
		t.Errorf("after acknowledging the status says %q, want %q", status, said+icelandicDate(t, before)+".")
	}
	focused, err := chromedp.Run(r.ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector("#hb-ack .ack-status")`))
	if err != nil || !focused {
		t.Errorf("after acknowledging the focus is not on the status (%v)", err)
	}
	if shown, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](accountShown)); err != nil || shown != "Mínar stefnur | Skrá út" {
		t.Errorf("signed in, the header shows %q (%v)", shown, err)
	}
}

// newVersion saves version 2 of the policy while serving: once the server has rebuilt,
// the open page reloads, says that an older version was acknowledged, and shows above
// the button what changed, the new words in <ins> and the old in <del>, each with a
// label that only screen readers read.
func (r *recordsTab) newVersion() {
	t := r.t
	if _, err := chromedp.Run(r.ctx, chromedp.Poll[bool](`document.documentElement.dataset.liveReload === "on"`, pollEvery)); err != nil {
		t.Fatal(err)
	}
	next := events(t, r.base)
	event := ""
	// The page reloads by itself when the server says that the build changed: RunResponse
	// waits for that.
	if _, err := chromedp.RunResponse(r.ctx, chromedp.Func(func(context.Context, *chromedp.Target) error {
		write(t, r.dir, "content/stefna.md", ackPolicyV2)
		event, _ = next()
		return nil
	})); err != nil {
		t.Fatalf("the page did not reload after the new version: %v", err)
	}
	if event != "reload" {
		t.Fatalf("after the new version: event %q, want reload", event)
	}
	older := ackStatus + `.includes("Stefnunni hefur verið breytt síðan")`
	shown := `!document.querySelector("#hb-ack .ack-changes").hidden`
	r.wait(older+` && `+shown, ackStatus)
	type change struct {
		Text, Label string
		Hidden      bool
	}
	got, err := chromedp.Run(r.ctx, chromedp.Evaluate[struct {
		Status, Title string
		Ins, Del      []change
		Above, Apart  bool
	}](`(() => {
		const box = document.querySelector("#hb-ack"), c = box.querySelector(".ack-changes"), b = box.querySelector(".ack-button");
		const changes = sel => [...c.querySelectorAll(sel)].map(e => {
			const l = e.querySelector(".visually-hidden");
			return {text: e.textContent, label: l ? l.textContent : "", hidden: !!l && l.getBoundingClientRect().width <= 1};
		});
		return {status: box.querySelector(".ack-status").textContent, title: (c.querySelector("h2") || {}).textContent || "",
			ins: changes("ins"), del: changes("del"),
			above: c.getBoundingClientRect().bottom <= b.getBoundingClientRect().top,
			apart: (d => !d || !d.nextElementSibling || d.nextElementSibling.tagName !== "INS" ||
				d.nextElementSibling.getBoundingClientRect().left - d.getBoundingClientRect().right >= 3)(c.querySelector("del"))};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Þú staðfestir útgáfu 1 þann " + icelandicDate(t, time.Now()) + "."; !strings.HasPrefix(got.Status, want) {
		t.Errorf("after version 2 the status says %q, want it to start %q", got.Status, want)
	}
	if got.Title != "Breytingar frá útgáfu 1" || !got.Above {
		t.Errorf("what changed is titled %q, above the button: %v", got.Title, got.Above)
	}
	if !got.Apart {
		t.Error("the words taken out run into the words put in, as if they were one word")
	}
	for _, c := range []struct {
		tag, label, words string
		got               []change
	}{{"ins", "Bætt við ", "þriggja daga", got.Ins}, {"del", "Tekið út ", "viku", got.Del}} {
		if len(c.got) != 1 || c.got[0].Label != c.label || !c.got[0].Hidden || !strings.Contains(c.got[0].Text, c.words) {
			t.Errorf("the diff's <%s>: %+v, want one, with %q in it and the label %q visually hidden", c.tag, c.got, c.words, c.label)
		}
	}
	r.looksBoth("policy-changed", older+` && `+shown)
}

// fromDisk opens the page the server built from disk, as a copy: it says that
// acknowledging needs the intranet, shows no account links, asks for nothing over the
// network and logs no error.
func (r *recordsTab) fromDisk() {
	t := r.t
	ctx := r.tab(1280)
	seen := browsertest.Watch(t, ctx)
	page := "file://" + filepath.Join(r.public, "stefna.html")
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	// Navigate returns after the load event, when the deferred scripts have run.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](ackStatus+` + " / " + `+accountShown+
		` + " / " + document.querySelector("#hb-ack .ack-actions").hidden`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Til að staðfesta stefnuna þarf innra netið; þetta afrit getur ekki skráð það. /  / true"; got != want {
		t.Errorf("from disk the policy says (status / account links / button hidden) %q, want %q", got, want)
	}
	for _, u := range seen.Requests() {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("from disk the policy asked for %s", u)
		}
	}
	for _, e := range seen.Errors() {
		t.Errorf("from disk the policy logged: %s", e)
	}
}

// withoutScript goes the whole way in a tab with scripts off: the header's Mínar
// stefnur leads to signing in and back to the person's policies, whose Skrá út signs
// out and says so.
func (r *recordsTab) withoutScript() {
	t := r.t
	nr := *r
	nr.ctx = r.tab(1280)
	defer leave(t, nr.ctx)
	if _, err := chromedp.Call(nr.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(nr.ctx, chromedp.Navigate(r.base+"/stefna.html")); err != nil {
		t.Fatal(err)
	}
	nr.tabTo(`noscript a, .site-account a[href$="_handbok/my-policies"]`, 6)
	if got := nr.press(kb.Enter); !strings.HasPrefix(got, r.base+"/_handbok/sign-in?next=") {
		t.Fatalf("Enter on Mínar stefnur, signed out and without a script, opened %s", got)
	}
	nr.tabTo("#sign-in-email", 8)
	nr.typeIn(adminEmail)
	nr.tabTo("#sign-in-password", 1)
	nr.typeIn(adminPassword)
	if got := nr.press(kb.Enter); got != r.base+"/_handbok/my-policies" {
		t.Fatalf("signed in without a script, the browser is at %s, want Mínar stefnur", got)
	}
	nr.tabTo("#sign-out button", 20)
	if got := nr.press(kb.Enter); got != r.base+"/_handbok/sign-in?out=1" {
		t.Fatalf("Skrá út without a script led to %s", got)
	}
	nr.wait(`document.querySelector(".form-done").textContent === "Þú hefur skráð þig út."`, `document.body.innerText.slice(0, 300)`)
}

// signOut presses the header's Skrá út: the page says to sign in again, and the
// session is over on the server, for the browser and for anyone holding its cookie.
func (r *recordsTab) signOut() {
	t := r.t
	cookies, err := chromedp.Call(r.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{r.base + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	session := ""
	for _, c := range cookies.Cookies {
		if c.Name == "handbok_session" {
			session = c.Value
		}
	}
	if session == "" {
		t.Fatal("signed in, the browser has no session cookie")
	}
	if err := chromedp.Do(r.ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	r.wait(accountShown+` === "Mínar stefnur | Skrá út"`, accountShown)
	r.tabTo("#hb-account .account-sign-out", 8)
	r.press(kb.Enter)
	r.wait(accountShown+` === "Skrá inn" && `+ackStatus+` === "Skráðu þig inn til að staðfesta stefnuna."`,
		accountShown+` + " / " + `+ackStatus)
	code, err := chromedp.Run(r.ctx, chromedp.Evaluate[int](`fetch("/api/me", {headers: {Accept: "application/json"}}).then(r => r.status)`,
		chromedp.EvalAwaitPromise))
	if err != nil || code != http.StatusUnauthorized {
		t.Errorf("signed out, the browser's /api/me answers %d (%v), want 401", code, err)
	}
	req, _ := http.NewRequest("GET", r.base+"/api/me", nil)
	req.AddCookie(&http.Cookie{Name: "handbok_session", Value: session})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out, /api/me with the old session's cookie answers %d, want 401", res.StatusCode)
	}
}
