package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWinAnsi(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Évry", "\xc9vry"},
		{"E\u0301vry", "\xc9vry"}, // decomposed accents are composed first
		{"12\u202f000 €", "12\xa0000 \x80"},
		{"l’œuvre – “x” …", "l\x92\x9cuvre \x96 \x93x\x94 \x85"},
		{"川崎", "??"},
	} {
		if got := string(winAnsi(tc.in)); got != tc.want {
			t.Errorf("winAnsi(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := pdfString([]byte("a(b)\\c\xe9")); got != `(a\(b\)\\c\351)` {
		t.Errorf("pdfString = %s", got)
	}
}

func TestWrap(t *testing.T) {
	s := "Accord entre Genopole et le Life Innovation Center de Kawasaki, signé à l’occasion de BIO USA Supercalifragilisticexpialidocious"
	for _, w := range []float64{40, 80, 200} {
		lines := wrap(s, 9, w, false)
		if strings.Join(strings.Fields(strings.Join(lines, " ")), "") != strings.Join(strings.Fields(s), "") {
			t.Errorf("width %g: text lost: %q", w, lines)
		}
		for _, ln := range lines {
			if width(ln, 9, false) > w {
				t.Errorf("width %g: line %q is %g wide", w, ln, width(ln, 9, false))
			}
		}
	}
}

// TestPDFPageBreaks: a long table runs over pages, each page is listed in the page tree,
// and (with pdftotext) every row reads back in order.
func TestPDFPageBreaks(t *testing.T) {
	p := newPDF("Test – été")
	var rows [][]string
	for i := range 150 {
		rows = append(rows, []string{fmt.Sprintf("ligne %03d", i), "Événement à Évry, très long intitulé qui passe à la ligne dans sa colonne"})
	}
	p.table([]string{"N°", "Intitulé"}, []float64{0.3, 0.7}, nil, rows)
	var b bytes.Buffer
	if _, err := p.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	n := len(p.pages)
	if n < 4 || !strings.Contains(b.String(), fmt.Sprintf("/Count %d", n)) {
		t.Fatalf("%d pages", n)
	}
	path := pdftotext(t)
	file := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	last := -1
	for i := range 150 {
		at := strings.Index(text, fmt.Sprintf("ligne %03d", i))
		if at < last {
			t.Fatalf("row %d missing or out of order", i)
		}
		last = at
	}
	if !strings.Contains(text, "Événement à Évry") || !strings.Contains(text, fmt.Sprintf("Test – été · %d / %d", n, n)) {
		t.Errorf("accents or footer lost: %.300q", text)
	}
}

// pdftotext finds poppler's pdftotext, which reads the PDFs back. Without it the test is
// skipped on a developer's machine, but fails in CI, which installs it (.ci/run): a
// read-back that never runs there would prove nothing.
func pdftotext(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is required in CI: apt-get install poppler-utils")
		}
		t.Skip("pdftotext not installed")
	}
	return path
}

// PDFToText is pdftotext for the package's external tests (report_test), which read
// the report's PDF back too; it exists only in test builds.
func PDFToText(t *testing.T) string { return pdftotext(t) }
