package passerelle

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestRecommend(t *testing.T) {
	vaccineOffer := EventOffer{Ref: "o1", Type: OfferTechOffer, Title: "mRNA platform", Themes: []string{"health.infectious.vaccines"}}
	vaccineRequest := EventOffer{Ref: "o1", Request: true, Type: OfferTechRequest, Title: "vaccine adjuvant", Themes: []string{"health.infectious"}}
	investOffer := EventOffer{Ref: "o2", Type: OfferInvestment, Title: "seed fund", Themes: []string{"health"}}
	investRequest := EventOffer{Ref: "o2", Request: true, Type: OfferInvestment, Title: "series A", Themes: []string{"health.cancer"}}
	licenceRequest := EventOffer{Ref: "o3", Request: true, Type: OfferLicensing, Title: "licence", Themes: []string{"health.infectious.vaccines"}}
	for _, tc := range []struct {
		name      string
		profiles  map[string]*EventProfile
		requested map[string]bool
		want      []Recommendation
	}{
		{name: "nothing in common", profiles: map[string]*EventProfile{
			"me": {Themes: []string{"health"}}, "b": {Themes: []string{"culture"}}}},
		{name: "shared theme only", profiles: map[string]*EventProfile{
			"me": {Themes: []string{"health", "culture"}}, "b": {Themes: []string{"culture"}}},
			want: []Recommendation{{Ref: "b", Score: 1, SharedThemes: []string{"culture"}}}},
		{name: "they request what I offer (theme within)", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{vaccineOffer}}, "b": {Offers: []EventOffer{vaccineRequest}}},
			want: []Recommendation{{Ref: "b", Score: 5, Mine: []OfferMatch{{&vaccineOffer, &vaccineRequest}}}}},
		{name: "they offer what I request", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{investRequest}}, "b": {Offers: []EventOffer{investOffer}}},
			want: []Recommendation{{Ref: "b", Score: 5, Theirs: []OfferMatch{{&investOffer, &investRequest}}}}},
		{name: "type differs: no match, the shared theme counts", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{vaccineOffer}}, "b": {Offers: []EventOffer{licenceRequest}}},
			want: []Recommendation{{Ref: "b", Score: 1, SharedThemes: []string{"health.infectious.vaccines"}}}},
		{name: "offer and offer do not match", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{investOffer}}, "b": {Offers: []EventOffer{investOffer}}},
			want: []Recommendation{{Ref: "b", Score: 1, SharedThemes: []string{"health"}}}},
		{name: "unrelated themes: no match", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{investOffer}}, "b": {Offers: []EventOffer{{Request: true, Type: OfferInvestment, Title: "x", Themes: []string{"culture"}}}}}},
		{name: "already requested is left out", profiles: map[string]*EventProfile{
			"me": {Offers: []EventOffer{vaccineOffer}}, "b": {Offers: []EventOffer{vaccineRequest}}},
			requested: map[string]bool{"b": true}},
		{name: "ranked by score then ref", profiles: map[string]*EventProfile{
			"me": {Themes: []string{"culture"}, Offers: []EventOffer{vaccineOffer}},
			"c":  {Themes: []string{"culture"}}, "a": {Themes: []string{"culture"}},
			"b": {Offers: []EventOffer{vaccineRequest}}},
			want: []Recommendation{{Ref: "b", Score: 5, Mine: []OfferMatch{{&vaccineOffer, &vaccineRequest}}},
				{Ref: "a", Score: 1, SharedThemes: []string{"culture"}}, {Ref: "c", Score: 1, SharedThemes: []string{"culture"}}}},
		{name: "no profile of mine", profiles: map[string]*EventProfile{"b": {Themes: []string{"culture"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Recommend("me", tc.profiles, tc.requested, 10)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			for i := range got { // compare the matches by value
				for _, ms := range [][]OfferMatch{got[i].Mine, got[i].Theirs} {
					for j := range ms {
						o, r := *ms[j].Offer, *ms[j].Request
						ms[j] = OfferMatch{&o, &r}
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestEventProfileValidate(t *testing.T) {
	themes := map[string]bool{"health": true, "health.cancer": true}
	for _, tc := range []struct {
		name string
		p    EventProfile
		err  string // the field named, "" for none
	}{
		{"fine", EventProfile{Themes: []string{"health"}, Offers: []EventOffer{{Type: OfferLicensing, Title: "x"}}}, ""},
		{"offer without a type", EventProfile{Offers: []EventOffer{{Title: "x"}}}, "p.offers[0].type"},
		{"unknown type", EventProfile{Offers: []EventOffer{{Type: "barter", Title: "x"}}}, "p.offers[0].type"},
		{"no title", EventProfile{Offers: []EventOffer{{Type: OfferLicensing}}}, "p.offers[0].title"},
		{"unknown theme", EventProfile{Themes: []string{"health", "space"}}, "p.themes[1]"},
		{"unknown offer theme", EventProfile{Offers: []EventOffer{{Type: OfferLicensing, Title: "x", Themes: []string{"space"}}}}, "p.offers[0].themes[0]"},
		{"ref twice", EventProfile{Offers: []EventOffer{{Ref: "a", Type: OfferLicensing, Title: "x"}, {Ref: "a", Type: OfferLicensing, Title: "y"}}}, "p.offers[1].ref"},
		{"too many", EventProfile{Offers: make([]EventOffer, MaxEventOffers+1)}, "p.offers"},
		// Limits count characters, as their messages say: a Japanese summary of 2,000
		// characters (6,000 bytes) was refused as "at most 5000 characters".
		{"Japanese summary", EventProfile{Summary: strings.Repeat("抗体", 1000)}, ""},
		{"summary too long", EventProfile{Summary: strings.Repeat("a", 5001)}, "p.summary"},
		{"Japanese title", EventProfile{Offers: []EventOffer{{Type: OfferLicensing, Title: strings.Repeat("抗", 120),
			Description: strings.Repeat("体", 2000)}}}, ""},
		{"title too long", EventProfile{Offers: []EventOffer{{Type: OfferLicensing, Title: strings.Repeat("抗", 301)}}}, "p.offers[0].title"},
		{"description too long", EventProfile{Offers: []EventOffer{{Type: OfferLicensing, Title: "x", Description: strings.Repeat("体", 5001)}}}, "p.offers[0].description"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate("p", themes)
			var got string
			for f := range ErrorFieldMsgs(err) {
				got = f
			}
			if got != tc.err || (tc.err == "") != (err == nil) {
				t.Errorf("error %v (field %q), want field %q", err, got, tc.err)
			}
		})
	}
	p := EventProfile{Offers: []EventOffer{{Ref: "o1", Type: OfferRD, Title: "a"}, {Type: OfferTechRequest, Title: "b"}}}
	if err := p.Validate("", themes); err != nil || p.Offers[1].Ref != "o2" || !p.Offers[1].Request {
		t.Errorf("refs and request flag: %+v %v", p.Offers, err)
	}
}

// TestRecommendLimit: keeping the best limit as they come gives the first limit of the
// whole ranking, ties by ref included, for readers of many random profiles.
func TestRecommendLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	themes := []string{"health", "health.cancer", "health.infectious", "health.infectious.vaccines", "culture", "energy"}
	types := []OfferType{OfferTechOffer, OfferTechRequest, OfferInvestment, OfferLicensing}
	profiles := map[string]*EventProfile{}
	for i := range 300 {
		p := &EventProfile{Themes: []string{themes[r.IntN(len(themes))]}}
		for range r.IntN(3) {
			p.Offers = append(p.Offers, EventOffer{Request: r.IntN(2) == 0, Type: types[r.IntN(len(types))], Title: "x",
				Themes: []string{themes[r.IntN(len(themes))]}})
		}
		profiles[fmt.Sprintf("p%03d", i)] = p
	}
	rc := NewRecommender(profiles)
	for _, me := range []string{"p000", "p017", "p123", "p299"} {
		all := rc.Recommend(me, profiles[me], map[string]bool{"p001": true}, 0)
		if len(all) < 20 {
			t.Fatalf("%s: only %d recommended", me, len(all))
		}
		for _, limit := range []int{1, 10, len(all) - 1, len(all) + 5} {
			want := all[:min(limit, len(all))]
			if got := rc.Recommend(me, profiles[me], map[string]bool{"p001": true}, limit); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, limit %d: got %d, first %+v; want %d, first %+v", me, limit, len(got), got[0], len(want), want[0])
			}
		}
	}
}
