package passerelle

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Regions of the world are the UN M49 groupings, which golang.org/x/text carries from
// CLDR: five regions, each split into sub-regions. Agreements are faceted by the
// regions of their foreign partners' countries.
var (
	// RegionCodes are the five M49 regions: Africa, Americas, Asia, Europe, Oceania.
	RegionCodes = []string{"002", "019", "142", "150", "009"}
	// SubregionCodes are the M49 sub-regions, grouped by region in RegionCodes order.
	SubregionCodes = []string{
		"015", "011", "017", "014", "018", // Africa: northern, western, middle, eastern, southern
		"021", "013", "029", "005", // Americas: northern, central, Caribbean, South America
		"030", "034", "035", "143", "145", // Asia: eastern, southern, south-eastern, central, western
		"151", "154", "039", "155", // Europe: eastern, northern, southern, western
		"053", "054", "057", "061", // Oceania: Australia and New Zealand, Melanesia, Micronesia, Polynesia
	}
)

var regionOf = func() map[string][2]string {
	m := map[string][2]string{}
	for _, c := range CountryCodes() {
		r, err := language.ParseRegion(c)
		if err != nil {
			continue
		}
		var out [2]string
		for _, g := range RegionCodes {
			if language.MustParseRegion(g).Contains(r) {
				out[0] = g
			}
		}
		for _, g := range SubregionCodes {
			if language.MustParseRegion(g).Contains(r) {
				out[1] = g
			}
		}
		m[c] = out
	}
	// Kosovo is not in CLDR's containment; it is in Southern Europe.
	m["XK"] = [2]string{"150", "039"}
	return m
}()

// RegionOf returns the M49 region and sub-region codes of a country ("AR" -> "019",
// "005"); empty for Antarctica and unknown codes.
func RegionOf(country string) (region, subregion string) {
	r := regionOf[country]
	return r[0], r[1]
}

// RegionName returns the name of a region, sub-region or country code in lang ("fr" or "en").
func RegionName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	n := display.English.Regions()
	if lang == "fr" {
		n = display.French.Regions()
	}
	if s := n.Name(r); s != "" {
		return s
	}
	if s := display.English.Regions().Name(r); s != "" {
		return s
	}
	return code
}

// CountryName returns a country's name in lang.
func CountryName(code, lang string) string {
	if code == "XK" {
		return "Kosovo"
	}
	return RegionName(code, lang)
}
