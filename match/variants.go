package match

import (
	_ "embed"
	"strings"
)

// Chinese characters are written in traditional forms (Taiwan, Hong Kong, and
// Japanese for most) and simplified ones (mainland China): 國際 and 国际 are one
// word. The dictionary and the readings are looked up in either form through the
// simplified one (variants.txt, written by internal/readingsgen from Unihan).

//go:embed variants.txt
var variantsData string

// simplifiedOf maps a traditional character to its simplified form.
var simplifiedOf = func() map[rune]rune {
	m := make(map[rune]rune, 2300)
	for _, line := range strings.Split(variantsData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		t, s, ok := strings.Cut(line, "\t")
		if rt, rs := []rune(t), []rune(s); ok && len(rt) == 1 && len(rs) == 1 {
			m[rt[0]] = rs[0]
		}
	}
	return m
}()

// simplified writes rs in simplified characters, into a new slice; ok is false when
// nothing changed.
func simplified(rs []rune) (out []rune, ok bool) {
	for i, r := range rs {
		if s, found := simplifiedOf[r]; found {
			if out == nil {
				out = append([]rune(nil), rs...)
			}
			out[i] = s
		}
	}
	return out, out != nil
}
