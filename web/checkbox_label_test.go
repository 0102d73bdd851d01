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
