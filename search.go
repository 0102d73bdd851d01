package passerelle

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// SearchHit is one result of a search across organisations and people.
type SearchHit struct {
	Type    string  `json:"type"` // organization or person
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Detail  string  `json:"detail,omitempty"` // acronym, city and country; or affiliation
	Country string  `json:"country,omitempty"`
	Score   float64 `json:"score"`
}

// SearchCap bounds the matches that a text search ranks: the lowest-numbered SearchCap
// records that contain every word, plus every record whose name or acronym is exactly the
// query. Totals of text searches stop there, meaning "at least"; typing more narrows it.
const SearchCap = 1000

// Fold lowercases s, strips diacritics and turns every run of other characters into one
// space, so that "Société, Acteurs" and "societe acteurs" compare equal. Both database
// dialects index text folded here, so that they find the same records.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldLigature(unicode.ToLower(r)))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// foldLigature maps the few letters that NFD does not decompose.
func foldLigature(r rune) rune {
	switch r {
	case 'ø':
		return 'o'
	case 'đ':
		return 'd'
	case 'ł':
		return 'l'
	case 'ß':
		return 's'
	}
	return r
}

// SearchTerms folds a query into the words to match, each by prefix.
func SearchTerms(q string) []string {
	f := Fold(q)
	if f == "" {
		return nil
	}
	ws := strings.Fields(f)
	if len(ws) > 12 { // bound the cost of a pasted paragraph
		ws = ws[:12]
	}
	return ws
}
