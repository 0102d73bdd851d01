package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"passerelle/demo"
	"passerelle/store"
	"passerelle/web"
)

// chromium finds Debian's Chromium (or $PASSERELLE_CHROMIUM). Without one the tests
// skip, except in CI (CI=true) or when PASSERELLE_E2E=1 asks for them, where a missing
// browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	cands := []string{os.Getenv("PASSERELLE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, c := range cands {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("PASSERELLE_E2E") == "1" {
		t.Fatal("no chromium binary found (apt-get install chromium), and CI or PASSERELLE_E2E=1 requires the browser tests")
	}
	t.Skip("no chromium binary found: browser tests skipped (apt-get install chromium to run them)")
	return ""
}

// app is passerelle booted in-process on 127.0.0.1:0 with the demo workspace.
type app struct {
	url string
	dir *demo.Directory
	db  *store.DB
}

func boot(t *testing.T) *app { return bootWith(t, web.Options{Version: "e2e"}) }

// bootWith boots with options (a mailer, say).
func bootWith(t *testing.T, opts web.Options) *app {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, _, err := demo.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.NewServer(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &app{url: srv.URL, dir: d, db: db}
}

// browser starts a headless Chromium with its own profile (so its own cookies), and
// fails the test on any Content-Security-Policy violation or JavaScript exception.
func browser(t *testing.T, bin string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	cancelC := func() {}
	var mu sync.Mutex
	var problems []string
	// The first Run starts the browser; the console stream then reports what pages log.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		cancelC()
		cancelB()
		cancelA()
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
	})
	return ctx
}

// run runs steps with a time limit, and on failure reports where the browser was.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("%s: %v (at %s: %.500s)", what, err, loc, body)
	}
}

func signIn(t *testing.T, ctx context.Context, a *app, email string) {
	t.Helper()
	run(t, ctx, "sign in as "+email,
		chromedp.Navigate(a.url+"/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.ID("signout")),
	)
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return poll(fmt.Sprintf(`(document.querySelector(%q)||{innerText:""}).innerText.includes(%q)`, sel, want))
}

// settled waits until htmx has finished with what it swapped into sel: it marks new
// content htmx-added and hooks its forms only when it removes that mark, a few
// milliseconds after the text shows. A click before then submits the form natively (a
// full page load), which a person cannot do but a test did under load.
func settled(sel string) chromedp.Action[chromedp.Void] {
	return poll(fmt.Sprintf(`!document.querySelector(%q) ||
		(!document.querySelector(%q).classList.contains("htmx-settling") && !document.querySelector(%q + " .htmx-added, " + %q + ".htmx-added"))`, sel, sel, sel, sel))
}

// poll waits until a JavaScript expression is true. A navigation (a form posted, a
// redirect followed) interrupts a poll; it is then started again on the new page.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(15 * time.Second)
		for {
			left := time.Until(deadline)
			_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(left))(ctx, t)
			if err == nil || left <= 0 || ctx.Err() != nil {
				return chromedp.Void{}, err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

func TestSignInSearchEditAudit(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "curie@demo.passerelle.test")

	// Live search: the results change as the officer types, without a page load.
	run(t, ctx, "live search",
		chromedp.Navigate(a.url+"/organizations"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.Evaluate[chromedp.Void](`window.__marker = 1, true`),
		chromedp.SendKeys(chromedp.ID("q"), "genopole"),
		waitText("#results", "Genopole"),
		poll(`window.__marker === 1 && location.search.includes("q=genopole")`),
	)

	// Edit an organisation; the change shows on its page and in its history.
	org := a.dir.Orgs["medicon-valley"]
	note := "Met in Copenhagen, follow up in spring " + fmt.Sprint(time.Now().Unix())
	run(t, ctx, "edit organisation",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, org.ID)),
		chromedp.Click(chromedp.ID("org-edit")),
		chromedp.WaitVisible(chromedp.ID("f-description")),
		chromedp.SetValue(chromedp.ID("f-description"), note),
		chromedp.Click(chromedp.ID("org-save")),
		chromedp.WaitVisible(chromedp.ID("org-name")),
		waitText(".description", note),
		waitText("#history", "curie@demo.passerelle.test"),
		waitText("#history", note),
	)
	// Inline edit of the links: an error shows in place, then a good link appears
	// without leaving the page.
	run(t, ctx, "inline links",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, org.ID)),
		chromedp.Evaluate[chromedp.Void](`window.__marker = 2, true`),
		chromedp.SendKeys(chromedp.CSS("#links input[name=to]"), "zzzz nothing"),
		chromedp.Click(chromedp.CSS("#links form.row button")),
		waitText("#links", "no organisation matches"),
		settled("#links"),
		chromedp.SetValue(chromedp.CSS("#links input[name=to]"), "Genopole"),
		chromedp.Click(chromedp.CSS("#links form.row button")),
		waitText("#links", "Genopole"),
		poll(`window.__marker === 2`),
	)

	// The form keeps what was typed and says what is wrong, next to the field.
	run(t, ctx, "form error",
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d/edit", a.url, org.ID)),
		chromedp.SetValue(chromedp.CSS("input[name=website]"), "not a url"),
		chromedp.SetValue(chromedp.ID("f-description"), "kept text"),
		chromedp.Click(chromedp.ID("org-save")),
		waitText("#org-form", "https://example.org"),
		poll(`document.querySelector("#f-description").value === "kept text"`),
	)

	// The coordinator sees the change in the workspace's audit log.
	cctx := browser(t, bin)
	signIn(t, cctx, a, "coordinator@demo.passerelle.test")
	run(t, cctx, "audit log",
		chromedp.Navigate(a.url+"/audit"),
		waitText("#audit", "curie@demo.passerelle.test"),
		waitText("#audit", note),
	)
}

func TestLanguageSwitch(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	ctx := browser(t, bin)
	signIn(t, ctx, a, "icm@demo.passerelle.test")
	run(t, ctx, "switch to French",
		chromedp.Navigate(a.url+"/organizations"),
		waitText("#signout", "Sign out"),
		chromedp.Click(chromedp.ID("lang-switch")),
		waitText("#signout", "Se déconnecter"),
		waitText("main", "Organisations"),
		poll(`document.documentElement.lang === "fr"`),
		// Country names follow the language.
		chromedp.SendKeys(chromedp.ID("q"), "medicon"),
		waitText("#results", "Danemark"),
	)
	run(t, ctx, "switch back to English",
		chromedp.Click(chromedp.ID("lang-switch")),
		waitText("#signout", "Sign out"),
	)
}

func TestPrivateRecordHidden(t *testing.T) {
	bin := chromium(t)
	a := boot(t)
	private := a.dir.Orgs["kronborg"]
	owner := browser(t, bin)
	signIn(t, owner, a, "pasteur@demo.passerelle.test")
	run(t, owner, "owner sees the private record",
		chromedp.Navigate(a.url+"/organizations?q=kronborg"),
		waitText("#results", "Kronborg"),
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, private.ID)),
		waitText("#org-name", "Kronborg"),
	)
	other := browser(t, bin)
	signIn(t, other, a, "curie@demo.passerelle.test")
	run(t, other, "another member does not",
		chromedp.Navigate(a.url+"/organizations?q=kronborg"),
		waitText("#results", "0"),
		chromedp.Navigate(a.url+"/search?q=kronborg"),
		chromedp.WaitVisible(chromedp.ID("hits")),
		chromedp.Navigate(fmt.Sprintf("%s/organizations/%d", a.url, private.ID)),
		chromedp.WaitVisible(chromedp.CSS("main")),
	)
	body, _ := chromedp.Run(other, chromedp.Text(chromedp.CSS("body")))
	if strings.Contains(body, "Kronborg") || !strings.Contains(body, "404") {
		t.Errorf("another member opening the private organisation got: %.300s", body)
	}
}
