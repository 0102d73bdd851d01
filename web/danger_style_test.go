package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestDangerStyle: the red fill of class danger is for buttons only. It was given to
// any element of the class, so the meeting page's "Delete this meeting…" (a details)
// was a red band of dark text, and the person page's "Erase" link blue on red.
func TestDangerStyle(t *testing.T) {
	b, err := staticFS.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	rule := regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	filled, red := 0, map[string]bool{}
	for _, m := range rule.FindAllStringSubmatch(css, -1) {
		decl := strings.ReplaceAll(m[2], " ", "")
		for _, sel := range strings.Split(m[1], ",") {
			sel = strings.TrimSpace(sel)
			if !strings.Contains(sel, ".danger") {
				continue
			}
			if strings.Contains(decl, "background:var(--danger)") {
				filled++
				if !strings.Contains(sel, "button") {
					t.Errorf("%q is filled red: only buttons are", sel)
				}
			}
			if strings.Contains(decl, "color:var(--danger)") {
				red[sel] = true
			}
		}
	}
	if filled == 0 {
		t.Fatal("no rule fills buttons of class danger: the pattern is stale")
	}
	for _, sel := range []string{"details.danger > summary", "a.danger:not(.button)"} {
		if !red[sel] {
			t.Errorf("%q is not red text", sel)
		}
	}
}
