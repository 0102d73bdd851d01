package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestMissionListPhoneLabels: on a phone the missions list drops its header, and the
// number of targets stood alone ("12"); its cell carries its label ("Cibles : "), which
// the phone's stylesheet writes before it.
func TestMissionListPhoneLabels(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			alice := w.client(t, "alice")
			for _, c := range []struct{ lang, want string }{
				{"en", `<td class="num" data-label="Targets: ">`},
				{"fr", "<td class=\"num\" data-label=\"Cibles\u00a0: \">"},
			} {
				if res, _ := alice.do("POST", "/lang", formType, form("lang", c.lang), false); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("lang: %d", res.StatusCode)
				}
				if res, body := alice.get("/missions"); res.StatusCode != http.StatusOK || !strings.Contains(body, c.want) {
					t.Errorf("%s: %d, lacks %q", c.lang, res.StatusCode, c.want)
				}
			}
			_, home := alice.get("/")
			sheet := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
			if sheet == nil {
				t.Fatal("no stylesheet")
			}
			if _, css := alice.get(sheet[1]); !strings.Contains(css, "table.list td[data-label]::before { content: attr(data-label);") {
				t.Error("the phone's stylesheet does not write a cell's label")
			}
		})
	}
}
