package interchange

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"

	"passerelle"
)

// CountryCode reads a file's country cell: an ISO 3166-1 alpha-2 code in any case, or a
// country's name as people write it in English or French ("France", "Japon",
// "Etats-Unis", "united kingdom", "Côte d'Ivoire"), accents, case and punctuation
// aside. Spreadsheets kept by hand hold names more often than codes. What it does not
// know comes back upper-cased as it was, for the record's check to refuse by its value.
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	up := strings.ToUpper(s)
	if passerelle.IsCountry(up) {
		return up
	}
	countryNamesOnce.Do(buildCountryNames)
	if c, ok := countryByName[foldCountry(s)]; ok {
		return c
	}
	return up
}

var (
	countryNamesOnce sync.Once
	countryByName    map[string]string // folded name -> ISO code
)

// countryAliases are names and codes people use that the registry of names lacks.
var countryAliases = map[string]string{
	"usa": "US", "u s a": "US", "u s": "US", "america": "US", "united states of america": "US",
	"etats unis d amerique": "US", "uk": "GB", "great britain": "GB", "england": "GB",
	"scotland": "GB", "wales": "GB", "grande bretagne": "GB", "angleterre": "GB", "ecosse": "GB",
	"el": "GR", "korea": "KR", "south korea": "KR", "republic of korea": "KR", "coree": "KR",
	"north korea": "KP", "russia": "RU", "russian federation": "RU", "czech republic": "CZ",
	"republique tcheque": "CZ", "holland": "NL", "the netherlands": "NL", "turkey": "TR",
	"turquie": "TR", "vietnam": "VN", "viet nam": "VN", "ivory coast": "CI", "turkiye": "TR", "taiwan": "TW",
	"hong kong": "HK", "macedonia": "MK", "macedoine": "MK", "swaziland": "SZ", "burma": "MM",
	"uae": "AE", "emirats arabes unis": "AE", "prc": "CN", "people s republic of china": "CN",
}

func buildCountryNames() {
	countryByName = map[string]string{}
	taken := map[string]bool{} // a name two codes share is nobody's
	add := func(name, code string) {
		k := foldCountry(name)
		if k == "" || taken[k] {
			return
		}
		if c, ok := countryByName[k]; ok && c != code {
			delete(countryByName, k)
			taken[k] = true
			return
		}
		countryByName[k] = code
	}
	for _, tag := range []language.Tag{language.English, language.French} {
		names := display.Regions(tag)
		for _, code := range passerelle.CountryCodes() {
			if r, err := language.ParseRegion(code); err == nil {
				add(names.Name(r), code)
			}
		}
	}
	for name, code := range countryAliases {
		if _, ok := countryByName[foldCountry(name)]; !ok {
			add(name, code)
		}
	}
}

// foldCountry writes a name without accents, case or punctuation, its words separated
// by one space: "Côte d’Ivoire" and "cote d'ivoire" are "cote d ivoire".
func foldCountry(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
