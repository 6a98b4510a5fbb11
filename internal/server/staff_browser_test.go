package server

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/handbok/handbok/internal/browsertest"
)

// TestBrowserSupervisorAddsNewHire: a supervisor signs in, goes from the workplace's
// page to its people, adds a new hire with the form and gets an invitation link on her
// page, shown once (a reload shows it no more), and ticks the new hire's keys on the
// workplace's new hires' page; the link sets the new hire's password and signs them in. The people page, with the link on it, and the
// invitation page pass axe.
func TestBrowserSupervisorAddsNewHire(t *testing.T) {
	t.Parallel()
	b := browsertest.New(t)
	axe := browsertest.NewAxe(t)
	rs := newRecordsSite(t, Auth{})
	withChecklists(rs)
	rs.writeThemeAssets(t)
	ctx := b.Tab(t, 390)
	if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+signInPath+"?next="+workplacePath+"sundlaug"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-email"), "bjorn@dalvikurbyggd.is"),
		chromedp.SendKeys(chromedp.CSS("#sign-in-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#sign-in-password")),
		chromedp.WaitVisible(chromedp.CSS(".csv-download")),
		chromedp.Click(chromedp.CSS(`a[href="`+peoplePath("sundlaug")+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#person-email")),
		chromedp.SendKeys(chromedp.CSS("#person-email"), "hildur@dalvikurbyggd.is"),
		chromedp.SendKeys(chromedp.CSS("#person-name"), "Hildur Hansdóttir"),
		chromedp.SendKeys(chromedp.CSS("#person-title"), "Laugarvörður"),
		chromedp.SetValue(chromedp.CSS("#person-start"), "2026-12-01"),
		chromedp.Submit(chromedp.CSS("#person-name")),
		chromedp.WaitVisible(chromedp.CSS("#invited-url"))); err != nil {
		t.Fatal(err)
	}
	axe.Check(t, ctx, "people with an invitation link")
	browsertest.Screenshot(t, ctx, "people with an invitation link")
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#invited-url").value`))
	if err != nil || !strings.HasPrefix(link, rs.URL+invitationPath+"?token=") {
		t.Fatalf("the invitation link %q (%v)", link, err)
	}
	// The form redirected to Hildur's page: a reload shows the link no more, and sends
	// no form again.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#person-edit"))); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("#invited-url") !== null`))
	if err != nil || shown {
		t.Errorf("after a reload the link is still shown (%v)", err)
	}
	// Hildur, who started two days ago, is among the pool's new hires, and Björn hands
	// over her keys there.
	hildur := "#" + hireAnchor("hildur@dalvikurbyggd.is")
	if err := chromedp.Do(ctx, chromedp.Navigate(rs.URL+workplacePath+"sundlaug/onboarding"),
		chromedp.WaitVisible(chromedp.CSS(hildur)),
		chromedp.Click(chromedp.CSS(hildur+` form:has(input[name=item][value=lyklar]) button`)),
		chromedp.WaitVisible(chromedp.CSS(hildur+" .hire-item.is-done"))); err != nil {
		t.Fatal(err)
	}
	done, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("`+hildur+` .hire-item.is-done").textContent`))
	if err != nil || !strings.Contains(done, "Afhenda lykla") || !strings.Contains(done, "Björn Þórsson") {
		t.Errorf("after ticking Hildur's keys the page shows %q (%v), want them done by Björn", done, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#invitation-password"))); err != nil {
		t.Fatal(err)
	}
	axe.Check(t, ctx, "invitation")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#invitation-password"), testPassword),
		chromedp.Submit(chromedp.CSS("#invitation-password")),
		// Signed in, the form goes on to the front page (which this test site lacks).
		chromedp.WaitNotPresent(chromedp.CSS("#invitation-password")),
		chromedp.Navigate(rs.URL+myPoliciesPath),
		chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
	if err != nil || !strings.Contains(text, "hildur@dalvikurbyggd.is") && !strings.Contains(text, "Hildur Hansdóttir") {
		t.Errorf("Mínar stefnur after the invitation does not show Hildur signed in (%v):\n%s", err, text)
	}
}
