package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeTags are the axe-core rules that Axe runs: WCAG 2.1 levels A and AA, which
// EN 301 549 asks of public bodies' sites in the EEA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// AxePackage is the npm project that pins axe-core, relative to the module root.
// Install it with: npm ci --prefix internal/browsertest/axe
const AxePackage = "internal/browsertest/axe"

// Axe checks pages with axe-core (https://github.com/dequelabs/axe-core), loaded once.
type Axe struct {
	script string
}

// AxeViolation is one rule a page breaks, with the elements that break it.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// NewAxe reads axe-core's browser script from $HANDBOK_AXE (a path to axe.min.js) or
// from AxePackage's node_modules, for a test whose point is accessibility. When it is
// missing it calls t.Skip, except under CI=true, where it calls t.Fatal: CI must never
// silently skip the accessibility tests.
func NewAxe(t testing.TB) *Axe {
	t.Helper()
	a, msg := loadAxe(t)
	if a == nil {
		t.Skipf("%s", msg)
	}
	return a
}

// AxeIfInstalled is NewAxe for a test in which accessibility is one check among
// others: without axe-core (and outside CI) it returns nil rather than skipping the
// whole test, and Check on a nil Axe logs that it checked nothing. Under CI=true a
// missing axe-core fails the test, as with NewAxe.
func AxeIfInstalled(t testing.TB) *Axe {
	t.Helper()
	a, _ := loadAxe(t)
	return a
}

// loadAxe reads axe-core, or says why it cannot; under CI=true a missing axe-core is
// fatal.
func loadAxe(t testing.TB) (*Axe, string) {
	t.Helper()
	file := os.Getenv("HANDBOK_AXE")
	if file == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("browsertest: %v", err)
		}
		file = filepath.Join(root, filepath.FromSlash(AxePackage), "node_modules", "axe-core", "axe.min.js")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		msg := "browsertest: no axe-core (install it with: npm ci --prefix " + AxePackage + "): " + err.Error()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true, so this is an error, not a skip)", msg)
		}
		return nil, msg
	}
	return &Axe{script: string(data)}, ""
}

// AxeColorRules are the rules of AxeTags whose outcome hangs on the page's colors
// alone: the rest see the same page whatever its colors are.
var AxeColorRules = []string{"color-contrast", "link-in-text-block"}

// Check runs axe-core's WCAG 2.1 A and AA rules on the page open in the tab of ctx,
// reports each violation with t.Errorf (rule, elements, help), prefixed with label,
// and returns them. On a nil Axe (see AxeIfInstalled) it logs that it checked nothing.
func (a *Axe) Check(t testing.TB, ctx context.Context, label string) []AxeViolation {
	t.Helper()
	tags, _ := json.Marshal(AxeTags)
	return a.run(t, ctx, label, `{type: "tag", values: `+string(tags)+`}`)
}

// CheckColors is Check with AxeColorRules only, for a page that Check has passed in
// another color scheme: a theme's dark mode that changes colors and nothing else.
func (a *Axe) CheckColors(t testing.TB, ctx context.Context, label string) []AxeViolation {
	t.Helper()
	rules, _ := json.Marshal(AxeColorRules)
	return a.run(t, ctx, label, `{type: "rule", values: `+string(rules)+`}`)
}

// run runs the axe-core rules that runOnly (a JavaScript object) chooses, as Check.
func (a *Axe) run(t testing.TB, ctx context.Context, label, runOnly string) []AxeViolation {
	t.Helper()
	if a == nil {
		t.Logf("browsertest: %s: not checked for accessibility: no axe-core (install it with: npm ci --prefix %s)", label, AxePackage)
		return nil
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`))
	if err != nil {
		t.Fatalf("browsertest: %s: %v", label, err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](a.script)); err != nil {
			t.Fatalf("browsertest: %s: loading axe-core: %v", label, err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {
		runOnly: `+runOnly+`,
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""})),
	})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: %s: running axe-core: %v", label, err)
	}
	var violations []AxeViolation
	if err := json.Unmarshal(raw, &violations); err != nil {
		t.Fatalf("browsertest: %s: axe-core's result: %v", label, err)
	}
	for _, v := range violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, strings.Join(n.Target, " "))
		}
		t.Errorf("%s: axe %s (%s): %s; on %s", label, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
	}
	return violations
}
