package report

// A small PDF 1.4 writer: A4 pages, the standard Helvetica and Helvetica-Bold faces with
// WinAnsiEncoding (so French accents, the euro sign and typographic quotes print and
// are extracted as text), text, lines and filled rectangles. Content streams are not
// compressed: the report is a few pages, and its text stays readable in the file.

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	pageW, pageH = 595.28, 841.89 // A4 in points
	margin       = 48.0
)

type rgb [3]float64

var (
	black = rgb{0.1, 0.1, 0.1}
	grey  = rgb{0.4, 0.4, 0.4}
	blue  = rgb{0.06, 0.23, 0.43}
	bar   = rgb{0.18, 0.41, 0.66}
	rule  = rgb{0.85, 0.87, 0.89}
	shade = rgb{0.93, 0.95, 0.97}
)

// pdfDoc collects pages; y is the cursor, measured from the top of the page.
type pdfDoc struct {
	title string
	pages []*bytes.Buffer
	cur   *bytes.Buffer
	y     float64
}

func newPDF(title string) *pdfDoc {
	p := &pdfDoc{title: title}
	p.newPage()
	return p
}

func (p *pdfDoc) newPage() {
	p.cur = &bytes.Buffer{}
	p.pages = append(p.pages, p.cur)
	p.y = margin
}

// ensure starts a new page unless h points fit under the cursor.
func (p *pdfDoc) ensure(h float64) bool {
	if p.y+h > pageH-margin {
		p.newPage()
		return true
	}
	return false
}

// winAnsi encodes s in WinAnsiEncoding (Windows-1252); what it lacks becomes '?'.
func winAnsi(s string) []byte {
	s = norm.NFC.String(s)
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f, r >= 0xa0 && r <= 0xff:
			out = append(out, byte(r))
		case r == '\u202f' || r == '\u2009' || r == '\u2007':
			out = append(out, 0xa0)
		case r == '\t' || r == '\n' || r == '\r':
			out = append(out, ' ')
		default:
			if b, ok := cp1252[r]; ok {
				out = append(out, b)
			} else {
				out = append(out, '?')
			}
		}
	}
	return out
}

// cp1252 are the characters of WinAnsiEncoding's 0x80–0x9F.
var cp1252 = map[rune]byte{'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f}

// pdfString writes the bytes as a PDF literal string: printable ASCII as is, the rest
// as octal escapes.
func pdfString(b []byte) string {
	var s strings.Builder
	s.WriteByte('(')
	for _, c := range b {
		switch {
		case c == '(' || c == ')' || c == '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, "\\%03o", c)
		}
	}
	s.WriteByte(')')
	return s.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// width is the width of s in points at size.
func width(s string, size float64, bold bool) float64 {
	t := &helveticaWidths
	if bold {
		t = &helveticaBoldWidths
	}
	w := 0
	for _, c := range winAnsi(s) {
		w += int(t[c])
	}
	return float64(w) * size / 1000
}

// wrap cuts s into lines no wider than maxW, at spaces (a word wider than a line is cut).
func wrap(s string, size, maxW float64, bold bool) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if width(try, size, bold) <= maxW {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			for width(word, size, bold) > maxW && utf8.RuneCountInString(word) > 1 {
				cut := 1
				for i := range word {
					if i > 0 && width(word[:i], size, bold) > maxW {
						break
					}
					cut = i
				}
				if cut == 0 {
					_, cut = utf8.DecodeRuneInString(word)
				}
				lines = append(lines, word[:cut])
				word = word[cut:]
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// text writes s with its baseline at y (from the top).
func (p *pdfDoc) text(x, y, size float64, bold bool, c rgb, s string) {
	font := "F1"
	if bold {
		font = "F2"
	}
	fmt.Fprintf(p.cur, "BT %s %s %s rg /%s %s Tf 1 0 0 1 %s %s Tm %s Tj ET\n",
		num(c[0]), num(c[1]), num(c[2]), font, num(size), num(x), num(pageH-y), pdfString(winAnsi(s)))
}

// textRight writes s ending at x.
func (p *pdfDoc) textRight(x, y, size float64, bold bool, c rgb, s string) {
	p.text(x-width(s, size, bold), y, size, bold, c, s)
}

func (p *pdfDoc) line(x1, y1, x2, y2, w float64, c rgb) {
	fmt.Fprintf(p.cur, "%s %s %s RG %s w %s %s m %s %s l S\n", num(c[0]), num(c[1]), num(c[2]), num(w),
		num(x1), num(pageH-y1), num(x2), num(pageH-y2))
}

// rect fills a rectangle whose top-left corner is x, y (from the top).
func (p *pdfDoc) rect(x, y, w, h float64, c rgb) {
	fmt.Fprintf(p.cur, "%s %s %s rg %s %s %s %s re f\n", num(c[0]), num(c[1]), num(c[2]), num(x), num(pageH-y-h), num(w), num(h))
}

// paragraph writes wrapped text at the cursor and moves it down.
func (p *pdfDoc) paragraph(x, maxW, size float64, bold bool, c rgb, s string) {
	lead := size * 1.35
	for _, ln := range wrap(s, size, maxW, bold) {
		p.ensure(lead)
		p.y += lead
		p.text(x, p.y-size*0.3, size, bold, c, ln)
	}
}

// WriteTo writes the document: catalog, page tree, the two fonts, each page and its
// content (with a footer "title · n / N"), the information dictionary, the
// cross-reference table.
func (p *pdfDoc) WriteTo(w io.Writer) (int64, error) {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(p.pages)
	kids := make([]string, n)
	for i := range p.pages {
		kids[i] = fmt.Sprintf("%d 0 R", 6+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	obj("<< /Title " + pdfString(utf16Title(p.title)) + " /Producer (passerelle) >>")
	for i, c := range p.pages {
		save := p.cur
		p.cur = c
		foot := fmt.Sprintf("%s · %d / %d", p.title, i+1, n)
		p.line(margin, pageH-margin+14, pageW-margin, pageH-margin+14, 0.5, rule)
		p.text(margin, pageH-margin+26, 8, false, grey, foot)
		p.cur = save
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>",
			num(pageW), num(pageH), 7+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	k, err := w.Write(b.Bytes())
	return int64(k), err
}

// utf16Title encodes a text string of the information dictionary as UTF-16BE with its
// byte order mark, so that any character of the title survives.
func utf16Title(s string) []byte {
	out := []byte{0xfe, 0xff}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xd800+(r>>10), 0xdc00+(r&0x3ff)
			out = append(out, byte(hi>>8), byte(hi), byte(lo>>8), byte(lo))
			continue
		}
		out = append(out, byte(r>>8), byte(r))
	}
	return out
}
