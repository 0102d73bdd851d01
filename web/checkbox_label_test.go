package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestCheckboxLabels: a label holding a checkbox or a radio button is of class "check".
// Labels are columns (the name above its field), so without it the box stood alone,
// centred above its words: the pin of a moved meeting, the members wanting a target.
func TestCheckboxLabels(t *testing.T) {
	label := regexp.MustCompile(`(?s)<label([^>]*)>(.*?)</label>`)
	box := regexp.MustCompile(`type="(checkbox|radio)"`)
	class := regexp.MustCompile(`class="([^"]*)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	found := 0
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range label.FindAllStringSubmatch(string(b), -1) {
			if !box.MatchString(m[2]) {
				continue
			}
			found++
			c := class.FindStringSubmatch(m[1])
			if c == nil || !strings.Contains(" "+c[1]+" ", " check ") {
				t.Errorf("%s: <label%s> holds a %s without the class check", f, m[1], box.FindStringSubmatch(m[2])[1])
			}
		}
	}
	if found < 10 {
		t.Fatalf("only %d labels with a box found: the pattern is stale", found)
	}
}

// TestCheckLabelFlows: a box's label is a block where the box and its words flow as one
// line of text; as a row of flex items, a member's name and its goals beside it were
// squeezed into narrow columns on a phone (the target's form). A member's box and its
// goals on the mission form share a line or wrap as a pair.
func TestCheckLabelFlows(t *testing.T) {
	decl := cssDecls(t)
	for _, c := range []struct{ sel, want, not string }{
		{"label.check", "display:block", "flex-direction:row"},
		{".member-goals > label", "flex:11", ""},
	} {
		d, ok := decl[c.sel]
		if !ok || !strings.Contains(d, c.want) || c.not != "" && strings.Contains(d, c.not) {
			t.Errorf("%s { %s }: want %s", c.sel, d, c.want)
		}
	}
}

// cssDecls reads the stylesheet's rules: the declarations of each selector, spaces
// removed, those of every rule that names it joined.
func cssDecls(t *testing.T) map[string]string {
	t.Helper()
	b, err := staticFS.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	decl := map[string]string{}
	for _, m := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		for _, sel := range strings.Split(m[1], ",") {
			decl[strings.TrimSpace(sel)] += strings.ReplaceAll(m[2], " ", "")
		}
	}
	return decl
}
