package match

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// Proper nouns written in Chinese characters ("花巻", "张江") are read through the
// characters' readings: Japanese kun and on readings, Mandarin pinyin, from the
// Unicode Character Database (readings.txt, written by internal/readingsgen). A
// romanised name ("Hanamaki", "Zhangjiang") is one of the ways to read them.
//
// Japanese place and family names bend their readings: a verb's stem
// (巻 maku: "maki"), a final e or o become a in a compound (白 shiro: "shira"), the
// second character's first consonant voiced (林 hayashi: "bayashi"), a final tsu,
// chi, ku or ki doubling the next consonant (日 nichi + 穀 koku: "nikkoku"), long
// vowels written short ("kou": "ko"). Each of these is allowed; to keep what any
// two characters could spell from matching, the name must read as a whole word of
// the other name, three letters or more, from two characters or more.

//go:embed readings.txt
var readingsData string

type charReadings struct{ jp, cn []string }

var (
	readingsOnce sync.Once
	readingsOf   map[rune]*charReadings
)

func loadReadings() {
	readingsOf = make(map[rune]*charReadings, 10000)
	for _, line := range strings.Split(readingsData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		r := []rune(f[0])[0]
		cr := &charReadings{}
		add := func(s string) {
			if s = shortVowels(s); s != "" && !contains(cr.jp, s) {
				cr.jp = append(cr.jp, s)
			}
		}
		for _, k := range splitList(f[1]) {
			add(k)
			if n := len(k); n >= 3 && k[n-1] == 'u' {
				add(k[:n-1] + "i") // a verb's stem: maku, maki
			}
			if n := len(k); n >= 4 && strings.HasSuffix(k, "ru") {
				add(k[:n-2]) // akeru, ake
			}
			if n := len(k); n >= 2 && (k[n-1] == 'e' || k[n-1] == 'o') {
				add(k[:n-1] + "a") // shiro, shira
			}
		}
		for _, o := range splitList(f[2]) {
			add(o)
			for _, m := range []string{"tsu", "chi", "ku", "ki"} {
				if s, ok := strings.CutSuffix(o, m); ok && len(s) >= 1 {
					add(s) // nichi before koku: nikkoku
				}
			}
		}
		cr.cn = splitList(f[3])
		readingsOf[r] = cr
	}
	// A traditional character outside the sets read has its simplified form's readings.
	for t, sc := range simplifiedOf {
		if readingsOf[t] == nil && readingsOf[sc] != nil {
			readingsOf[t] = readingsOf[sc]
		}
	}
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// shortVowels writes a romanised word as names often are: long vowels short,
// doubled consonants single ("toukyou": tokyo, "nikkoku": nikoku).
func shortVowels(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			return ""
		}
		if n := len(b); n > 0 {
			p := b[n-1]
			if p == c || (p == 'o' && c == 'u') {
				continue
			}
		}
		b = append(b, c)
	}
	return string(b)
}

var voiced = []struct{ from, to string }{{"k", "g"}, {"sh", "j"}, {"s", "z"}, {"ch", "j"}, {"ts", "z"}, {"t", "d"}, {"h", "b"}, {"h", "p"}, {"f", "b"}}

// readsAs tells whether the Latin word w (folded) is a reading of two or more
// neighbouring characters of the word han.
func readsAs(han, w string) bool {
	if len(w) < 3 || len(w) > maxWordEdit {
		return false
	}
	rs := []rune(han)
	if len(rs) < 2 || len(rs) > 12 {
		return false
	}
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	w = shortVowels(w)
	if w == "" {
		return false
	}
	readingsOnce.Do(loadReadings)
	for _, cn := range []bool{false, true} {
		for i := 0; i+1 < len(rs); i++ {
			for j := i + 2; j <= len(rs); j++ {
				sp := speller{rs: rs[i:j], w: w, cn: cn, failed: map[[2]int]bool{}}
				if sp.spells(0, 0) {
					return true
				}
			}
		}
	}
	return false
}

// speller tells whether w is read from the characters rs in order, in Japanese or in
// Mandarin; failed remembers the (character, letter) positions that lead nowhere, so
// that a word that many readings begin costs no more than its length times theirs.
type speller struct {
	rs     []rune
	w      string
	cn     bool
	failed map[[2]int]bool
}

func (sp *speller) spells(k, i int) bool {
	if k == len(sp.rs) {
		return i == len(sp.w)
	}
	if sp.failed[[2]int{k, i}] {
		return false
	}
	cr := readingsOf[sp.rs[k]]
	if cr != nil {
		list := cr.jp
		if sp.cn {
			list = cr.cn
		}
		rest := sp.w[i:]
		for _, r := range list {
			if strings.HasPrefix(rest, r) && sp.spells(k+1, i+len(r)) {
				return true
			}
			if k == 0 || sp.cn {
				continue // the first character is not voiced; Mandarin has no voicing
			}
			for _, v := range voiced {
				if s, ok := strings.CutPrefix(r, v.from); ok && strings.HasPrefix(rest, v.to+s) && sp.spells(k+1, i+len(v.to+s)) {
					return true
				}
			}
		}
	}
	sp.failed[[2]int{k, i}] = true
	return false
}

// readingKeys are what a word of Chinese characters may read as, for blocking: the
// readings of the whole word and of its pairs and triples of neighbouring
// characters, without voicing, at most limit of them.
func readingKeys(han string, limit int) []string {
	rs := []rune(han)
	if len(rs) < 2 || len(rs) > 12 {
		return nil
	}
	readingsOnce.Do(loadReadings)
	var out []string
	var walk func(rs []rune, pre string, cn bool)
	walk = func(rs []rune, pre string, cn bool) {
		if len(out) >= limit {
			return
		}
		if len(rs) == 0 {
			out = append(out, pre)
			return
		}
		cr := readingsOf[rs[0]]
		if cr == nil {
			return
		}
		list := cr.jp
		if cn {
			list = cr.cn
		}
		for _, r := range list {
			walk(rs[1:], pre+r, cn)
		}
	}
	for n := 2; n <= min(3, len(rs)); n++ {
		for i := 0; i+n <= len(rs); i++ {
			walk(rs[i:i+n], "", false)
			walk(rs[i:i+n], "", true)
		}
	}
	if len(rs) > 3 {
		walk(rs, "", true)
	}
	return out
}

var (
	pinyinOnce sync.Once
	pinyin     map[string]bool // the syllables of Mandarin in pinyin, without tones
)

// syllableInitials are the initials of a name whose words written in pinyin count one
// letter a syllable, as Chinese acronyms do ("Chongqing University of Posts and
// Telecommunications": cqupt; "Huaiyin Institute of Technology": hyit); "" when no
// word has two syllables. ws are the name's folded words.
func syllableInitials(ws []string) string {
	readingsOnce.Do(loadReadings)
	pinyinOnce.Do(func() {
		pinyin = map[string]bool{}
		for _, cr := range readingsOf {
			for _, p := range cr.cn {
				pinyin[p] = true
			}
		}
	})
	var b strings.Builder
	split := false
	for _, w := range ws {
		if stopWords[w] || w == "" {
			continue
		}
		if ss := syllables(w); len(ss) >= 2 {
			split = true
			for _, s := range ss {
				b.WriteByte(s[0])
			}
			continue
		}
		b.WriteString(w[:1])
	}
	if !split || b.Len() < 3 {
		return ""
	}
	return b.String()
}

// syllables cuts w into the fewest pinyin syllables, or returns nil.
func syllables(w string) []string {
	if len(w) < 4 || len(w) > 24 {
		return nil
	}
	best := make([][]string, len(w)+1) // best[i]: the fewest syllables spelling w[:i]
	best[0] = []string{}
	for i := 1; i <= len(w); i++ {
		for j := max(0, i-6); j < i; j++ {
			if best[j] == nil || !pinyin[w[j:i]] {
				continue
			}
			if best[i] == nil || len(best[j])+1 < len(best[i]) {
				best[i] = append(append([]string{}, best[j]...), w[j:i])
			}
		}
	}
	return best[len(w)]
}
