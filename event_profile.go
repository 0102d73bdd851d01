package passerelle

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// OfferType is an EEN brokerage type of what a participant offers or requests.
type OfferType string

const (
	OfferTechOffer   OfferType = "technology_offer"
	OfferTechRequest OfferType = "technology_request"
	OfferPartnership OfferType = "partnership"
	OfferInvestment  OfferType = "investment"
	OfferLicensing   OfferType = "licensing"
	OfferRD          OfferType = "rd_collaboration"
)

// OfferTypes are the EEN types, in the order the pages list them.
var OfferTypes = []OfferType{OfferTechOffer, OfferTechRequest, OfferPartnership, OfferInvestment, OfferLicensing, OfferRD}

// Valid reports whether t is a known type.
func (t OfferType) Valid() bool {
	for _, x := range OfferTypes {
		if x == t {
			return true
		}
	}
	return false
}

// family puts a technology offer and a technology request in one family, so that an
// offer of one matches a request of the other whichever of the two the request says.
func (t OfferType) family() OfferType {
	if t == OfferTechRequest {
		return OfferTechOffer
	}
	return t
}

// Limits of a profile: a participant's page shows it whole.
const (
	MaxEventOffers   = 20
	MaxProfileThemes = 20
)

// EventOffer is one offer or request a participant publishes to the event's other
// participants. Ref is stable across edits (a meeting request names the offer by it).
type EventOffer struct {
	Ref         string    `json:"ref"`
	Request     bool      `json:"request,omitempty"` // false: an offer
	Type        OfferType `json:"type"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Themes      []string  `json:"themes,omitempty"`
}

// EventProfile is what a participant says of their activity to the other participants
// of the same event: a summary, their themes, their offers and requests.
type EventProfile struct {
	Summary string       `json:"summary,omitempty"`
	Themes  []string     `json:"themes,omitempty"`
	Offers  []EventOffer `json:"offers,omitempty"`
}

// IsZero reports whether nothing is said.
func (p *EventProfile) IsZero() bool {
	return p == nil || p.Summary == "" && len(p.Themes) == 0 && len(p.Offers) == 0
}

// Offer returns the offer or request with that ref, or nil.
func (p *EventProfile) Offer(ref string) *EventOffer {
	if p == nil {
		return nil
	}
	for i := range p.Offers {
		if p.Offers[i].Ref == ref {
			return &p.Offers[i]
		}
	}
	return nil
}

// Validate normalises the profile and checks it against the workspace's theme codes;
// at is the JSON path ("participants[3].profile") or "" on a form. Offers without a ref
// get the first free "oN".
func (p *EventProfile) Validate(at string, themes map[string]bool) error {
	pre := at
	if pre != "" {
		pre += "."
	}
	p.Summary = strings.TrimSpace(p.Summary)
	// Limits count characters, as their messages say (bytes refused Japanese text).
	if utf8.RuneCountInString(p.Summary) > 5000 {
		return FieldError(pre+"summary", "at most 5000 characters")
	}
	var err error
	if p.Themes, err = checkThemeCodes(pre+"themes", p.Themes, themes); err != nil {
		return err
	}
	if len(p.Offers) > MaxEventOffers {
		return FieldError(pre+"offers", "at most %d offers and requests", MaxEventOffers)
	}
	used := map[string]bool{}
	for i := range p.Offers {
		o := &p.Offers[i]
		oat := fmt.Sprintf("%soffers[%d]", pre, i)
		o.Ref, o.Title, o.Description = strings.TrimSpace(o.Ref), strings.TrimSpace(o.Title), strings.TrimSpace(o.Description)
		switch {
		case o.Type == "":
			return FieldError(oat+".type", "an offer or request needs a type: technology_offer, technology_request, partnership, investment, licensing or rd_collaboration")
		case !o.Type.Valid():
			return FieldError(oat+".type", "unknown type: %s (technology_offer, technology_request, partnership, investment, licensing or rd_collaboration)", string(o.Type))
		case o.Title == "" || utf8.RuneCountInString(o.Title) > 300:
			return FieldError(oat+".title", "required, at most 300 characters")
		case utf8.RuneCountInString(o.Description) > 5000:
			return FieldError(oat+".description", "at most 5000 characters")
		case len(o.Ref) > 50:
			return FieldError(oat+".ref", "at most 50 characters")
		case o.Ref != "" && used[o.Ref]:
			return FieldError(oat+".ref", "this ref is used twice: %s", o.Ref)
		}
		if o.Type == OfferTechRequest {
			o.Request = true // the type says it
		}
		used[o.Ref] = o.Ref != ""
		if o.Themes, err = checkThemeCodes(oat+".themes", o.Themes, themes); err != nil {
			return err
		}
	}
	n := 1
	for i := range p.Offers {
		for p.Offers[i].Ref == "" {
			if r := fmt.Sprintf("o%d", n); !used[r] {
				p.Offers[i].Ref, used[r] = r, true
			}
			n++
		}
	}
	return nil
}

// checkThemeCodes trims, drops duplicates and refuses codes the workspace lacks.
func checkThemeCodes(at string, codes []string, themes map[string]bool) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		if !themes[c] {
			return nil, FieldError(fmt.Sprintf("%s[%d]", at, i), "unknown theme: %s", c)
		}
		seen[c] = true
		out = append(out, c)
	}
	if len(out) > MaxProfileThemes {
		return nil, FieldError(at, "at most %d themes", MaxProfileThemes)
	}
	return out, nil
}

// allThemes is every theme a profile names, its own and its offers'.
func (p *EventProfile) allThemes() map[string]bool {
	out := map[string]bool{}
	for _, t := range p.Themes {
		out[t] = true
	}
	for _, o := range p.Offers {
		for _, t := range o.Themes {
			out[t] = true
		}
	}
	return out
}

// themesRelated reports whether two theme codes are the same or one is within the other
// ("health.infectious" and "health.infectious.vaccines").
func themesRelated(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
}

// offerMatches reports whether an offer answers a request: same type family and a
// related theme (or no theme on either, when the type alone says it).
func offerMatches(offer, request *EventOffer) bool {
	if offer.Request || !request.Request {
		return false
	}
	if offer.Type.family() != request.Type.family() {
		return false
	}
	if len(offer.Themes) == 0 || len(request.Themes) == 0 {
		return len(offer.Themes) == 0 && len(request.Themes) == 0
	}
	for _, a := range offer.Themes {
		for _, b := range request.Themes {
			if themesRelated(a, b) {
				return true
			}
		}
	}
	return false
}

// OfferMatch pairs an offer with the request it answers.
type OfferMatch struct {
	Offer   *EventOffer
	Request *EventOffer
}

// Recommendation is another participant worth meeting and why: the themes both name,
// what they request that I offer (Mine: my offer, their request) and what they offer
// that I request (Theirs: their offer, my request).
type Recommendation struct {
	Ref          string
	Score        int
	SharedThemes []string
	Mine         []OfferMatch
	Theirs       []OfferMatch
}

// Score weighs one match: a request answered counts far more than a shared theme.
const (
	scoreSharedTheme = 1
	scoreOfferMatch  = 5
)

// Recommend ranks the other participants for me: shared themes and offers of one that
// answer requests of the other. Those already requested (either way, in requested by
// ref) and those with nothing in common are left out; ties go by ref so the order is
// stable. It is pure: profiles by ref in, recommendations out, at most limit.
func Recommend(me string, profiles map[string]*EventProfile, requested map[string]bool, limit int) []Recommendation {
	return NewRecommender(profiles).Recommend(me, profiles[me], requested, limit)
}

// Recommender holds an event's profiles ready for Recommend, each with the set of the
// themes it names: built once per event and kept while the profiles do not change, it
// ranks them for each reader without reading or parsing them again.
type Recommender struct {
	refs     []string
	profiles []*EventProfile
	themes   []map[string]bool
}

// NewRecommender prepares profiles (by ref; nil ones are never recommended). They must
// not change while the Recommender is in use.
func NewRecommender(profiles map[string]*EventProfile) *Recommender {
	r := &Recommender{}
	for ref, p := range profiles {
		if p == nil {
			continue
		}
		r.refs, r.profiles, r.themes = append(r.refs, ref), append(r.profiles, p), append(r.themes, p.allThemes())
	}
	return r
}

// Recommend ranks the participants for me, whose profile is mine (nil: nothing), as
// the function Recommend does.
func (rc *Recommender) Recommend(me string, mine *EventProfile, requested map[string]bool, limit int) []Recommendation {
	if mine == nil {
		return nil
	}
	// The themes both name: mine are few, so each is looked up in theirs, in order.
	myThemes := make([]string, 0, 8)
	for t := range mine.allThemes() {
		myThemes = append(myThemes, t)
	}
	sort.Strings(myThemes)
	better := func(a, b *Recommendation) bool {
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Ref < b.Ref
	}
	var out []Recommendation
	for k, ref := range rc.refs {
		if ref == me || requested[ref] {
			continue
		}
		p := rc.profiles[k]
		r := Recommendation{Ref: ref}
		for _, t := range myThemes {
			if rc.themes[k][t] {
				r.SharedThemes = append(r.SharedThemes, t)
			}
		}
		for i := range mine.Offers {
			for j := range p.Offers {
				a, b := &mine.Offers[i], &p.Offers[j]
				if offerMatches(a, b) {
					r.Mine = append(r.Mine, OfferMatch{Offer: a, Request: b})
				}
				if offerMatches(b, a) {
					r.Theirs = append(r.Theirs, OfferMatch{Offer: b, Request: a})
				}
			}
		}
		r.Score = scoreSharedTheme*len(r.SharedThemes) + scoreOfferMatch*(len(r.Mine)+len(r.Theirs))
		if r.Score == 0 {
			continue
		}
		if limit <= 0 {
			out = append(out, r)
			continue
		}
		// Only the best limit are kept, in order, rather than all those that share a
		// theme (thousands at a BIO-size event) sorted to keep ten.
		if len(out) == limit && !better(&r, &out[limit-1]) {
			continue
		}
		at := sort.Search(len(out), func(i int) bool { return better(&r, &out[i]) })
		if len(out) == limit {
			out = out[:limit-1]
		}
		out = slices.Insert(out, at, r)
	}
	if limit <= 0 {
		sort.Slice(out, func(i, j int) bool { return better(&out[i], &out[j]) })
	}
	return out
}
