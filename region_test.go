package passerelle

import "testing"

func TestRegionOf(t *testing.T) {
	for _, tc := range []struct{ country, region, sub string }{
		{"AR", "019", "005"}, {"FR", "150", "155"}, {"JP", "142", "030"}, {"US", "019", "021"},
		{"TN", "002", "015"}, {"DK", "150", "154"}, {"AU", "009", "053"}, {"XK", "150", "039"}, {"ZZ", "", ""},
	} {
		r, s := RegionOf(tc.country)
		if r != tc.region || s != tc.sub {
			t.Errorf("RegionOf(%s) = %s, %s; want %s, %s", tc.country, r, s, tc.region, tc.sub)
		}
	}
	missing := 0
	for _, c := range CountryCodes() {
		if r, _ := RegionOf(c); r == "" && c != "AQ" && c != "BV" && c != "HM" && c != "GS" && c != "TF" && c != "UM" && c != "IO" && c != "CX" && c != "CC" {
			t.Logf("no region for %s", c)
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d countries without a region", missing)
	}
	if RegionName("019", "fr") != "Amériques" || CountryName("AR", "en") != "Argentina" {
		t.Errorf("names: %s, %s", RegionName("019", "fr"), CountryName("AR", "en"))
	}
}
