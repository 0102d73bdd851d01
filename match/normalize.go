// Package match decides whether an incoming organisation is one the workspace already
// holds: it normalises names (case, accents, legal forms, stop words, the usual words of
// institutions in several languages, some Japanese place and institution words), finds
// candidates through blocking keys (ROR id, website host, name words, acronyms) and
// scores each with its reasons. It depends on nothing but the root package's Fold.
package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"passerelle"
)

// RepairMojibake undoes UTF-8 text that was decoded as Windows-1252 or Latin-1 once or
// twice ("UniversitÃ© de Lyon"). Text that does not decode back to valid UTF-8 is
// left as it is, so correct text never changes.
func RepairMojibake(s string) string {
	for range 2 {
		if !strings.ContainsAny(s, "ÃÂÅÄÆÐØÑ") {
			return s
		}
		b := make([]byte, 0, len(s))
		ok := true
		for _, r := range s {
			c, known := cp1252Byte(r)
			if !known {
				ok = false
				break
			}
			b = append(b, c)
		}
		if !ok || !utf8.Valid(b) || string(b) == s {
			return s
		}
		s = string(b)
	}
	return s
}

// cp1252Byte is the Windows-1252 (or Latin-1) byte of r.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	for i, x := range cp1252High {
		if x == r {
			return byte(0x80 + i), true
		}
	}
	return 0, false
}

// cp1252High are the characters of Windows-1252 bytes 0x80–0x9F.
var cp1252High = [32]rune{'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ'}

// translit spells Cyrillic and Greek letters in Latin ones (after folding: lower case).
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "i", 'є': "ie", 'ґ': "g", 'ў': "u", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ђ': "d",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l",
	'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f",
	'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// isCJK tells the characters written without spaces between words.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || isKana(r) || r == 'ー' || isHangul(r)
}

func isKana(r rune) bool { return unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) }

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// fold is passerelle.Fold, then Cyrillic and Greek in Latin letters and runs of
// Chinese, Japanese or Korean characters cut into the words of the dictionary
// (cjkWords); the kana and Hangul between them are romanised as one word (a Japanese
// company's name in katakana is often its Latin name: ニッセンケン, Nissenken), each
// unknown Chinese character is a word of its own. Those runs are read before Fold,
// whose decomposition would take the voicing marks off kana and cut Hangul syllables
// into letters.
func fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	cjk := false
	for _, r := range s {
		if isCJK(r) {
			cjk = true
			break
		}
	}
	if !cjk {
		return foldLatin(s)
	}
	var b strings.Builder
	rs := []rune(norm.NFC.String(s))
	for i := 0; i < len(rs); {
		j := i
		in := isCJK(rs[i])
		for j < len(rs) && isCJK(rs[j]) == in {
			j++
		}
		b.WriteByte(' ')
		if in {
			cjkWordsOf(&b, rs[i:j])
		} else {
			b.WriteString(foldLatin(string(rs[i:j])))
		}
		b.WriteByte(' ')
		i = j
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// foldLatin is passerelle.Fold with Cyrillic and Greek letters spelt in Latin ones.
func foldLatin(s string) string {
	f := passerelle.Fold(s)
	plain, ascii := true, true
	for _, r := range f {
		if r >= 0x80 {
			ascii = false
		}
		if r >= 0x370 {
			plain = false
			break
		}
	}
	if !ascii {
		// Latin letters that have no accent to strip: Turkish ı, Azerbaijani ə, æ, œ.
		f = latinLetters.Replace(f)
	}
	if plain {
		return f
	}
	// Greek αυ, ευ are spoken av, ev; ου is u (Έρευνα, erevna).
	f = greekPairs.Replace(f)
	var b strings.Builder
	for _, r := range f {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var greekPairs = strings.NewReplacer("αυ", "av", "ευ", "ev", "ου", "u")

var latinLetters = strings.NewReplacer("ı", "i", "ə", "e", "æ", "ae", "œ", "oe", "þ", "th", "ð", "d", "ħ", "h", "ŧ", "t", "ŋ", "ng", "ĸ", "k")

// cjkWordsOf writes the words of a run of Chinese, Japanese or Korean characters.
func cjkWordsOf(b *strings.Builder, rs []rune) {
	var run []rune // kana or Hangul outside the dictionary
	flush := func() {
		if len(run) > 0 {
			b.WriteByte(' ')
			b.WriteString(romanise(run))
			b.WriteByte(' ')
			run = run[:0]
		}
	}
	simp, _ := simplified(rs)
	// changed[k] counts the characters before k that simplifying changes, so that a
	// slice without one is looked up once.
	var changed []int
	if simp != nil {
		changed = make([]int, len(rs)+1)
		for k := range rs {
			changed[k+1] = changed[k]
			if rs[k] != simp[k] {
				changed[k+1]++
			}
		}
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		// The longest dictionary word at i, as written or simplified.
		n, word, found := 1, "", false
		for l := min(cjkMaxLen, len(rs)-i); l >= 1; l-- {
			if w, ok := cjkWords[string(rs[i:i+l])]; ok {
				n, word, found = l, w, true
				break
			}
			if simp != nil && changed[i+l] > changed[i] {
				if w, ok := cjkWords[string(simp[i:i+l])]; ok {
					n, word, found = l, w, true
					break
				}
			}
		}
		if !found && (isKana(r) || r == 'ー' || isHangul(r)) {
			run = append(run, r)
			i++
			continue
		}
		flush()
		if !found {
			word = string(r)
		}
		b.WriteByte(' ')
		b.WriteString(word)
		b.WriteByte(' ')
		i += n
	}
	flush()
}

// romanise spells kana (Hepburn, long vowels not marked) and Hangul (Revised
// Romanization, without the changes of sounds between syllables) in Latin letters.
func romanise(rs []rune) string {
	var out []byte
	double := false
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	for _, r := range rs {
		if isHangul(r) {
			x := int(r - 0xAC00)
			out = append(out, hangulInitial[x/588]+hangulVowel[x%588/28]+hangulFinal[x%28]...)
			continue
		}
		if r >= 0x30A1 && r <= 0x30F6 {
			r -= 0x60 // katakana as hiragana
		}
		switch r {
		case 'ー', '・':
			continue
		case 'っ':
			double = true
			continue
		case 'ゃ', 'ゅ', 'ょ':
			v := map[rune]byte{'ゃ': 'a', 'ゅ': 'u', 'ょ': 'o'}[r]
			if n := len(out); n >= 2 && out[n-1] == 'i' {
				out = out[:n-1]
				if p := string(out[max(0, len(out)-2):]); strings.HasSuffix(p, "sh") || strings.HasSuffix(p, "ch") || strings.HasSuffix(p, "j") {
					out = append(out, v)
				} else {
					out = append(out, 'y', v)
				}
				continue
			}
			out = append(out, 'y', v)
			continue
		case 'ぁ', 'ぃ', 'ぅ', 'ぇ', 'ぉ':
			v := map[rune]byte{'ぁ': 'a', 'ぃ': 'i', 'ぅ': 'u', 'ぇ': 'e', 'ぉ': 'o'}[r]
			if n := len(out); n >= 2 && vowel(out[n-1]) {
				out[n-1] = v
			} else {
				out = append(out, v)
			}
			continue
		}
		k := kana[r]
		if k == "" {
			continue
		}
		if double && !vowel(k[0]) {
			if strings.HasPrefix(k, "ch") {
				out = append(out, 't')
			} else {
				out = append(out, k[0])
			}
		}
		double = false
		out = append(out, k...)
	}
	// Long vowels as names are written in Latin letters: オオサカ, Osaka; トウキョウ, Tokyo.
	// Not in Korean, whose "ou" is two syllables (서울, Seoul).
	if isHangul(rs[0]) {
		return string(out)
	}
	return longVowels.Replace(string(out))
}

var longVowels = strings.NewReplacer("ou", "o", "oo", "o", "uu", "u")

// kana are the hiragana (katakana are read as hiragana) in Hepburn.
var kana = map[rune]string{
	'あ': "a", 'い': "i", 'う': "u", 'え': "e", 'お': "o", 'か': "ka", 'き': "ki", 'く': "ku", 'け': "ke", 'こ': "ko",
	'が': "ga", 'ぎ': "gi", 'ぐ': "gu", 'げ': "ge", 'ご': "go", 'さ': "sa", 'し': "shi", 'す': "su", 'せ': "se", 'そ': "so",
	'ざ': "za", 'じ': "ji", 'ず': "zu", 'ぜ': "ze", 'ぞ': "zo", 'た': "ta", 'ち': "chi", 'つ': "tsu", 'て': "te", 'と': "to",
	'だ': "da", 'ぢ': "ji", 'づ': "zu", 'で': "de", 'ど': "do", 'な': "na", 'に': "ni", 'ぬ': "nu", 'ね': "ne", 'の': "no",
	'は': "ha", 'ひ': "hi", 'ふ': "fu", 'へ': "he", 'ほ': "ho", 'ば': "ba", 'び': "bi", 'ぶ': "bu", 'べ': "be", 'ぼ': "bo",
	'ぱ': "pa", 'ぴ': "pi", 'ぷ': "pu", 'ぺ': "pe", 'ぽ': "po", 'ま': "ma", 'み': "mi", 'む': "mu", 'め': "me", 'も': "mo",
	'や': "ya", 'ゆ': "yu", 'よ': "yo", 'ら': "ra", 'り': "ri", 'る': "ru", 'れ': "re", 'ろ': "ro", 'わ': "wa", 'ゐ': "i",
	'ゑ': "e", 'を': "o", 'ん': "n", 'ゔ': "vu", 'ゎ': "wa",
}

var (
	hangulInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVowel   = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
		"yu", "eu", "ui", "i"}
	hangulFinal = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
		"ng", "t", "t", "k", "t", "p", "t"}
)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is passerelle.Fold for ASCII text, without its Unicode normalisation: most
// names are ASCII, and folding was a fifth of building the index of 200,000.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
		}
	}
	if n := len(b); n > 0 && b[n-1] == ' ' {
		b = b[:n-1]
	}
	return string(b)
}

// Tokens returns the words that identify a name: folded, with synonyms and
// abbreviations replaced by one English word, stop words and legal forms removed.
// The order is the name's.
func Tokens(name string) []string {
	c, _ := tokens(name)
	return c
}

// tokens returns Tokens and, word for word, the folded words they come from: a typo is
// looked for in these ("Meical" is one letter from "medical", not from "medicine").
func tokens(name string) (canon, surface []string) {
	a := analyse(name)
	return a.canon, a.surface
}

// analysis is what the engine reads from one name, folded once.
type analysis struct {
	canon, surface []string // Tokens, and the words they come from
	words          []string // every word, stop words kept, legal forms removed
	initials       []string // see Initials
}

func analyse(name string) analysis { return analyseWith(name, nil) }

// analyseWith is analyse with a memo of the canonical word of each word met (the
// synonym typo search costs a dozen lookups per long word): an index builds one.
func analyseWith(name string, memo map[string]string) analysis {
	name = stripAcronymParens(RepairMojibake(name))
	ws := stripLegal(joinLetters(strings.Fields(fold(name))))
	if len(ws) > maxWords {
		ws = ws[:maxWords]
	}
	a := analysis{words: ws}
	for i, w := range ws {
		c, ok := memo[w]
		if !ok {
			c = w
			if x, ok := synonyms[w]; ok {
				c = x
			} else if x, ok := fuzzySynonym(w); ok {
				c = x
			}
			if memo != nil {
				memo[w] = c
			}
		}
		// A stop word that ends the name is not one there: "Site A" and "Site D" are two
		// sites, not two spellings of "Site".
		if c == "" || stopWords[c] && (i < len(ws)-1 || len(c) > 1) {
			continue
		}
		a.canon = append(a.canon, c)
		a.surface = append(a.surface, w)
	}
	a.initials = initialsOf(ws)
	return a
}

// fuzzySynonym is the canonical word of a synonym one typo away from w ("univrsidade"),
// for words of six letters or more that are not themselves known.
func fuzzySynonym(w string) (string, bool) {
	if len(w) < 6 || len(w) > maxWordEdit || genericWords[w] {
		return "", false
	}
	if c, ok := synonymDeletes[w]; ok {
		return c, c != ""
	}
	rs := []rune(w)
	for i := range rs {
		d := string(rs[:i]) + string(rs[i+1:])
		if c, ok := synonyms[d]; ok {
			return c, true
		}
		if c, ok := synonymDeletes[d]; ok && c != "" {
			return c, true
		}
	}
	// Another ending of a known word: plurals and the agreement of adjectives
	// ("ambientales": ambiental).
	for _, suf := range []string{"es", "s", "e", "en", "er", "a", "o", "i", "ne", "le", "ni", "nu"} {
		if d, ok := strings.CutSuffix(w, suf); ok && len(d) >= 5 {
			if c, ok := synonyms[d]; ok {
				return c, true
			}
		}
	}
	return "", false
}

var soundAlike = strings.NewReplacer("th", "t", "ph", "f", "rh", "r", "ch", "c", "ck", "c", "k", "c", "qu", "c", "y", "i")

// skeleton is a word as it sounds across the languages that write it in Latin letters
// ("rheumatology", "reumatologia": reumatologi): th, ph, rh, ch, k, y spelt alike,
// double letters single, the last vowels dropped.
func skeleton(w string) string {
	w = soundAlike.Replace(w)
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue
		}
		b = append(b, w[i])
	}
	for len(b) > 4 && strings.IndexByte("aeiou", b[len(b)-1]) >= 0 {
		b = b[:len(b)-1]
	}
	return string(b)
}

// maxWordEdit bounds the words in which typos are looked for: each costs work in the
// square of its length, and no institution's word is longer.
const maxWordEdit = 30

// maxWords bounds the words read from one name: names are compared word by word, and
// a pasted paragraph is not a name.
const maxWords = 64

// nameVariants are a name and the shorter names it holds: without words in trailing
// parentheses that are not an acronym ("Sanitas (Spain)"), without an acronym in
// parentheses anywhere ("Sekolah Tinggi (STAI) Kuala Kapuas"), and the long name after
// "ACRONYM: " ("CAGIRE: Computational agility…").
func nameVariants(n string) []string {
	out := []string{n}
	s := strings.TrimSpace(n)
	if strings.HasSuffix(s, ")") && parenAcronym(s) == "" {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			out = append(out, strings.TrimSpace(s[:i]))
		}
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		if j := strings.IndexByte(s[i:], ')'); j > 0 && LooksLikeAcronym(strings.TrimSpace(s[i+1:i+j])) && i+j+1 < len(s) {
			out = append(out, strings.TrimSpace(s[:i])+" "+strings.TrimSpace(s[i+j+1:]))
		}
	}
	if a, rest := colonAcronym(s); a != "" {
		out = append(out, rest)
	}
	if a, rest := dashAcronym(s); a != "" {
		out = append(out, rest)
	}
	if f := facilityName(s); f != "" {
		out = append(out, f)
	}
	// "X named after Y", "X imeni Y": X is the name a directory keeps.
	for _, sep := range []string{" named after ", " Named after ", " imeni ", " im. "} {
		if i := strings.Index(s, sep); i > 0 && len(strings.Fields(s[:i])) >= 2 {
			out = append(out, strings.TrimRight(strings.TrimSpace(s[:i]), ","))
			break
		}
	}
	return out
}

// facilityName is the name of the hospital, school or centre that a Japanese
// corporation runs, written after the corporation's form and its own name ending in 会
// ("社会医療法人杏嶺会上林記念病院": 上林記念病院, the Kamibayashi Memorial Hospital of the
// Kyoreikai); "" when the name has no such parts. The registry and directories name the
// facility, which its legal name holds after the corporation's.
func facilityName(s string) string {
	i := strings.Index(s, "法人")
	if i < 0 || i > 30 { // the form opens the name: at most a few characters before 法人
		return ""
	}
	rest := s[i+len("法人"):]
	j := strings.Index(rest, "会")
	if j <= 0 {
		return ""
	}
	tail := strings.TrimSpace(rest[j+len("会"):])
	if utf8.RuneCountInString(tail) < 3 {
		return ""
	}
	return tail
}

// unitWords begin the name of a university's unit.
var unitWords = setOf("center", "laboratory", "institute", "department", "faculty", "unidade", "unite", "unit", "unita", "unidad")

// unitTail is the unit's own name in a name that puts its university first without
// a dash ("Universidade do Minho Centro de Ciência e Tecnologia Têxtil": Centro de
// Ciência e Tecnologia Têxtil), when it has three words or more that tell something;
// "" otherwise. Only the unit's part: the university is another organisation.
func unitTail(n string, memo map[string]string) string {
	canon := func(w string) string {
		if c, ok := synonyms[w]; ok {
			return c
		}
		return w
	}
	if f := strings.Fields(n); len(f) < 5 || canon(fold(f[0])) != "university" {
		return "" // most names: no second reading
	}
	ws := analyseWith(n, memo).words
	if len(ws) < 5 || canon(ws[0]) != "university" {
		return ""
	}
	for k := 2; k+2 < len(ws); k++ {
		if unitWords[canon(ws[k])] {
			tail := strings.Join(ws[k:], " ")
			if len(analyseWith(tail, memo).canon) >= 3 {
				return tail
			}
			return ""
		}
	}
	return ""
}

// dashAcronym splits "ACRONYM - long name" and "long name - ACRONYM" into the acronym
// and the long name. Only an acronym: "University of X - Faculty of Y" names the
// faculty, not the university.
func dashAcronym(s string) (acronym, rest string) {
	for _, sep := range []string{" - ", " – ", " — "} {
		i := strings.Index(s, sep)
		if i <= 0 {
			continue
		}
		a, r := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
		if !LooksLikeAcronym(a) {
			a, r = r, a
		}
		if LooksLikeAcronym(a) && len(strings.Fields(r)) >= 2 && !strings.Contains(r, sep) {
			return a, r
		}
	}
	return "", ""
}

// colonAcronym splits "ACRONYM: long name" into its two parts.
func colonAcronym(s string) (acronym, rest string) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", ""
	}
	a, r := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	if LooksLikeAcronym(a) && len(strings.Fields(r)) >= 2 {
		return a, r
	}
	return "", ""
}

// embeddedAcronyms are the acronyms a name shows: in parentheses, or before a colon.
func embeddedAcronyms(n string) []string {
	var out []string
	s := n
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		if in := strings.TrimSpace(s[i+1 : i+j]); LooksLikeAcronym(in) {
			out = append(out, AcronymKey(in))
		}
		s = s[i+j:]
	}
	if a, _ := colonAcronym(strings.TrimSpace(n)); a != "" {
		out = append(out, AcronymKey(a))
	}
	return out
}

// wordAcronyms are the words of a name of several words written as acronyms ("TBS
// Education", "LINK - Laboratory for …"): often the organisation's acronym, sometimes
// its parent's ("ICAR - Agricultural Technology …"), so they count less than a stored
// one.
func wordAcronyms(n string) []string {
	f := strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' || r == ':' })
	if len(f) < 2 {
		return nil
	}
	var out []string
	for _, w := range f {
		if !LooksLikeAcronym(w) || utf8.RuneCountInString(w) < 3 || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		if k := AcronymKey(w); !legalWord[k] {
			out = append(out, k)
		}
	}
	return out
}

// legalWord are the legal forms of one word, folded ("llc", "gmbh").
var legalWord = map[string]bool{}

// abbreviates tells whether acr is made of the starts of the words, in order, each word
// giving at least one letter ("numea": Nutrition Metabolism Aquaculture); stop words
// may give none.
func abbreviates(acr string, ws []string) bool {
	if len(acr) > 12 || len(ws) > 12 {
		return false
	}
	var failed [13][13]bool // (letters used, words used) known to fail
	var try func(i, j int) bool
	try = func(i, j int) bool {
		if i == len(acr) {
			for _, w := range ws[j:] {
				if !stopWords[w] {
					return false
				}
			}
			return true
		}
		if j == len(ws) || failed[i][j] {
			return false
		}
		w := ws[j]
		if stopWords[w] && try(i, j+1) {
			return true
		}
		for k := 1; k <= min(len(w), len(acr)-i, 4); k++ {
			if acr[i:i+k] != w[:k] {
				break
			}
			if try(i+k, j+1) {
				return true
			}
		}
		failed[i][j] = true
		return false
	}
	return try(0, 0)
}

// stripAcronymParens removes a trailing "(ACRONYM)" from a name; Acronyms reads it.
func stripAcronymParens(s string) string {
	if a := parenAcronym(s); a != "" {
		i := strings.LastIndexByte(s, '(')
		return strings.TrimSpace(s[:i])
	}
	return s
}

// parenAcronym returns the acronym that a name ends with in parentheses, if any.
func parenAcronym(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return ""
	}
	i := strings.LastIndexByte(s, '(')
	if i <= 0 {
		return ""
	}
	in := strings.TrimSpace(s[i+1 : len(s)-1])
	if LooksLikeAcronym(in) {
		return in
	}
	return ""
}

// LooksLikeAcronym tells whether s is written as an acronym: one word of 2 to 12
// letters or digits, with at least two capitals and no lower-case run longer than 2.
func LooksLikeAcronym(s string) bool {
	if n := utf8.RuneCountInString(s); n < 2 || n > 12 || strings.ContainsAny(s, " \t") {
		return false
	}
	upper, lowerRun := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
			lowerRun = 0
		case unicode.IsLower(r):
			lowerRun++
			if lowerRun > 2 {
				return false
			}
		case unicode.IsDigit(r), r == '-', r == '&', r == '.':
			lowerRun = 0
		default:
			return false
		}
	}
	return upper >= 2
}

// AcronymKey folds an acronym: "C.N.R.S." and "cnrs" give "cnrs".
func AcronymKey(s string) string {
	return strings.ReplaceAll(fold(s), " ", "")
}

// Initials returns the acronyms a name's words make: the initials of every word, and
// of the words that are not stop words ("Centre national de la recherche
// scientifique": cndlrs, cnrs). Names of fewer than two words make none.
func Initials(name string) []string { return analyse(name).initials }

func initialsOf(ws []string) []string {
	if len(ws) < 2 {
		return nil
	}
	var all, content strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || r >= 0x370 {
			return nil
		}
		all.WriteRune(r)
		if !stopWords[w] {
			content.WriteRune(r)
		}
	}
	out := []string{}
	if c := content.String(); utf8.RuneCountInString(c) >= 2 {
		out = append(out, c)
	}
	if a := all.String(); a != content.String() {
		out = append(out, a)
	}
	return out
}

// joinLetters joins runs of two or more one-letter words, which an initialism leaves
// after folding ("T.D.I." is "t d i"): "tdi". Legal forms written so ("A/S", "S.A.")
// are removed first.
func joinLetters(ws []string) []string {
	ws = stripLegal(ws)
	out := ws[:0]
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && utf8.RuneCountInString(ws[j]) == 1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, strings.Join(ws[i:j], ""))
			i = j
			continue
		}
		out = append(out, ws[i])
		i++
		if j > i-1 && j == i {
			continue
		}
	}
	return out
}

// stripLegal removes legal forms at the end of a name ("Novo Nordisk A/S", "X Co.,
// Ltd.") and at its start ("Kabushiki Kaisha X").
func stripLegal(ws []string) []string {
	for changed := true; changed && len(ws) > 1; {
		changed = false
		for _, lf := range legalForms {
			n := len(lf)
			if len(ws) > n && equalWords(ws[len(ws)-n:], lf) {
				ws, changed = ws[:len(ws)-n], true
				break
			}
			if len(ws) > n && equalWords(ws[:n], lf) && n >= 2 {
				ws, changed = ws[n:], true
				break
			}
		}
	}
	return ws
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Host returns the host of a website without "www." and the port: the key that two
// addresses of one organisation share. "" when there is none.
func Host(website string) string {
	s := strings.ToLower(strings.TrimSpace(website))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	for _, p := range []string{"www.", "www2.", "www3.", "web.", "en.", "english."} {
		s = strings.TrimPrefix(s, p)
	}
	if !strings.Contains(s, ".") {
		return ""
	}
	return s
}
