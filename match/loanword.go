package match

import (
	"strings"
	"unicode"
)

// Japanese writes borrowed words in katakana, which the engine spells in Hepburn:
// "UDトラックス" is "ud torakkusu", "バレーボール" "bareboru". Such a word is the
// English word as Japanese hears it: vowels added after consonants, l read as r, v
// as b, an r before a consonant silent. Both are reduced to the consonants Japanese
// keeps, and two words with the same consonants are the same word ("torakkusu" and
// "trucks": trks).

// hasKana tells whether a name is written partly in hiragana or katakana.
func hasKana(s string) bool {
	for _, r := range s {
		if r < 0x3040 {
			continue // below the kana blocks: most names are all so
		}
		if unicode.In(r, unicode.Katakana, unicode.Hiragana) && r != 'ー' && r != '・' {
			return true
		}
	}
	return false
}

var kanaConsonants = strings.NewReplacer("shi", "s", "chi", "t", "tsu", "t", "sh", "s", "ch", "t", "ts", "t",
	"z", "s", "v", "b", "l", "r", "y", "", "w", "")

// kanaSkeleton is a Hepburn word's consonants, doubled ones once ("torakkusu": trks).
func kanaSkeleton(w string) string {
	return consonants(kanaConsonants.Replace(w))
}

// loanSkeleton is what remains of a Latin word's consonants when Japanese borrows
// it ("trucks": trks, "performance": pfmns, "digital": djtr).
func loanSkeleton(w string) string {
	var b strings.Builder
	vowel := func(i int) bool { return i < len(w) && strings.IndexByte("aeiouy", w[i]) >= 0 }
	soft := func(i int) bool { return i < len(w) && strings.IndexByte("eiy", w[i]) >= 0 }
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return "" // not a Latin word
		}
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case strings.HasPrefix(w[i:], "tion"):
			b.WriteString("sn")
			i += 3
		case c == 'p' && next == 'h':
			b.WriteByte('f')
			i++
		case (c == 't' || c == 's') && next == 'h':
			b.WriteByte('s')
			i++
		case c == 'c' && next == 'h':
			b.WriteByte('t')
			i++
		case c == 'c' && next == 'k':
			b.WriteByte('k')
			i++
		case c == 'c' && soft(i+1):
			b.WriteByte('s')
		case c == 'c' || c == 'q':
			b.WriteByte('k')
		case c == 'g' && soft(i+1):
			b.WriteByte('j')
		case c == 'x':
			b.WriteString("ks")
		case c == 'l':
			b.WriteByte('r')
		case c == 'v':
			b.WriteByte('b')
		case c == 'z':
			b.WriteByte('s')
		case c == 'r' && !vowel(i+1):
			// silent, as in the English Japanese borrows from ("laser": reza)
		case c == 'w' || c == 'h' && i > 0:
		default:
			b.WriteByte(c)
		}
	}
	return consonants(b.String())
}

// consonants drops vowels and says doubled consonants once.
func consonants(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("aeiouy", c) >= 0 {
			continue
		}
		if n := len(b); n > 0 && b[n-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// sameLoanword tells whether a word spelt from kana is the Latin word x (or words:
// "enjiniaringushisutemu", "engineering system"), with three consonants or more.
func sameLoanword(kana string, x ...string) bool {
	k := kanaSkeleton(kana)
	if len(k) < 3 {
		return false
	}
	var l string
	for _, w := range x {
		s := loanSkeleton(w)
		if s == "" {
			return false
		}
		l += s
	}
	return consonants(l) == k
}
