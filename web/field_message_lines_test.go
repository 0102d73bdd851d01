package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestFieldMessageLines: a refused file of targets lists one bad row a line: the message
// holds a line break per row, and a field's message keeps its lines (it ran the rows on
// as one line).
func TestFieldMessageLines(t *testing.T) {
	w := newWorld(t, testDBs(t)["sqlite"])
	bob := w.client(t, "bob")
	_, home := bob.get("/")
	sheet := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
	if sheet == nil {
		t.Fatal("no stylesheet")
	}
	if _, css := bob.get(sheet[1]); !strings.Contains(css, ".error { color: var(--danger); font-size: .85rem; white-space: pre-line; }") {
		t.Error("a field's message runs its lines on")
	}
	ctype, body := multipartBody(t, "t.csv", []byte("name,availability\nLate Co,2027-04-01\nLater Co,2027-04-02\n"), map[string]string{"step": "preview"})
	res, page := bob.do("POST", "/missions/cph/targets/import", ctype, body, false)
	msg := between(page, `<span class="error" role="alert">`, "</span>")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "\nline 2: ") || !strings.Contains(msg, "\nline 3: ") {
		t.Errorf("%d: the rows are not one a line: %q", res.StatusCode, msg)
	}
}
