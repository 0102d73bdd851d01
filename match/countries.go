package match

import (
	"strings"
	"sync"
)

// A name may say its country ("Institute of Public Administration Saudi Arabia",
// "Nova Institute, South Africa") where a directory, which has a country field,
// does not. When both records are of that country, its name's words say nothing.

var countryNames = map[string]string{
	"AE": "United Arab Emirates", "AF": "Afghanistan", "AL": "Albania", "AM": "Armenia", "AO": "Angola",
	"AR": "Argentina", "AT": "Austria", "AU": "Australia", "AZ": "Azerbaijan", "BA": "Bosnia",
	"BD": "Bangladesh", "BE": "Belgium", "BG": "Bulgaria", "BJ": "Benin", "BO": "Bolivia", "BR": "Brazil",
	"BW": "Botswana", "BY": "Belarus", "CA": "Canada", "CH": "Switzerland", "CL": "Chile", "CM": "Cameroon",
	"CN": "China", "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba", "CY": "Cyprus", "CZ": "Czech Republic",
	"DE": "Germany", "DK": "Denmark", "DZ": "Algeria", "EC": "Ecuador", "EE": "Estonia", "EG": "Egypt",
	"ES": "Spain", "ET": "Ethiopia", "FI": "Finland", "FR": "France", "GE": "Georgia", "GH": "Ghana",
	"GR": "Greece", "GT": "Guatemala", "HN": "Honduras", "HR": "Croatia", "HU": "Hungary", "ID": "Indonesia",
	"IE": "Ireland", "IL": "Israel", "IN": "India", "IQ": "Iraq", "IR": "Iran", "IS": "Iceland", "IT": "Italy",
	"JM": "Jamaica", "JP": "Japan", "KE": "Kenya", "KG": "Kyrgyzstan", "KH": "Cambodia", "KR": "Korea",
	"KW": "Kuwait", "KZ": "Kazakhstan", "LA": "Laos", "LB": "Lebanon", "LK": "Sri Lanka", "LT": "Lithuania",
	"LU": "Luxembourg", "LV": "Latvia", "LY": "Libya", "MA": "Morocco", "MD": "Moldova", "ME": "Montenegro",
	"MK": "Macedonia", "ML": "Mali", "MM": "Myanmar", "MN": "Mongolia", "MT": "Malta", "MW": "Malawi",
	"MX": "Mexico", "MY": "Malaysia", "MZ": "Mozambique", "NA": "Namibia", "NE": "Niger", "NG": "Nigeria",
	"NI": "Nicaragua", "NL": "Netherlands", "NO": "Norway", "NP": "Nepal", "NZ": "New Zealand", "OM": "Oman",
	"PA": "Panama", "PE": "Peru", "PH": "Philippines", "PK": "Pakistan", "PL": "Poland", "PS": "Palestine",
	"PT": "Portugal", "PY": "Paraguay", "QA": "Qatar", "RO": "Romania", "RS": "Serbia", "RU": "Russia",
	"RW": "Rwanda", "SA": "Saudi Arabia", "SD": "Sudan", "SE": "Sweden", "SG": "Singapore", "SI": "Slovenia",
	"SK": "Slovakia", "SN": "Senegal", "SY": "Syria", "TG": "Togo", "TH": "Thailand", "TN": "Tunisia",
	"TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania", "UA": "Ukraine", "UG": "Uganda", "UY": "Uruguay",
	"UZ": "Uzbekistan", "VE": "Venezuela", "VN": "Vietnam", "XK": "Kosovo", "YE": "Yemen", "ZA": "South Africa",
	"ZM": "Zambia", "ZW": "Zimbabwe",
}

var (
	countryWordsOnce sync.Once
	countryWordsOf   map[string][]string // ISO code -> its name's words, as Tokens writes them
)

// ownCountryWord tells whether w is a word of the name of the country whose ISO
// code is cc.
func ownCountryWord(cc, w string) bool {
	if cc == "" {
		return false
	}
	countryWordsOnce.Do(func() {
		countryWordsOf = make(map[string][]string, len(countryNames))
		for c, n := range countryNames {
			countryWordsOf[c] = Tokens(n)
		}
	})
	return contains(countryWordsOf[strings.ToUpper(cc)], w)
}
