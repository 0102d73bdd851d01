package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"passerelle"
)

type agrListData struct {
	Filter    passerelle.AgreementFilter
	Items     []*passerelle.Agreement
	Facets    *passerelle.AgreementFacets
	Groups    []facetGroup
	Active    []facetItem // the filters in force, each a link that removes it
	Map       template.HTML
	ByFunding bool
	MapCount  string // link: shade by number of agreements
	MapFund   string // link: shade by funding
	Pager     pager
	Base      string // /agreements, or the public page's address
	Public    bool
	PublicURL string   // the workspace's public page, for members
	Exports   []Option // format and address of each download of the matches
	Themes    map[string]*passerelle.Theme
	// FundingText is the matches' funding in all, written in the language.
	FundingText string
	// MapTable is the map's text alternative: each country with its agreements and
	// funding, most agreements first (issue 20).
	MapTable []mapRow
}

type mapRow struct {
	Code, Name, Funding, URL string
	Count                    int
}

// facetGroup is one facet: its values with their counts, each a link that adds the
// filter (or removes it when it is in force).
type facetGroup struct {
	Key   string // query parameter
	Label string // catalogue key
	Items []facetItem
	More  int // values not shown
}

type facetItem struct {
	Label    string
	Count    int
	Amount   int64
	URL      string
	Selected bool
}

// facetLimit is how many values a facet shows; the selected one always shows.
const facetLimit = 12

// agreementList is the register: full text, facets with counts, the world map, and one
// page of agreements. htmx swaps #results as the user types.
func (s *Server) agreementList(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "agr.title")
	d, err := s.agreementListData(r.Context(), r, p.L, "/agreements", false)
	if err != nil {
		return err
	}
	a := passerelle.ActorFromContext(r.Context())
	if ws, err := s.workspaces.FindWorkspaceByID(r.Context(), a.WorkspaceID); err == nil {
		d.PublicURL = "/public/" + url.PathEscape(ws.Slug) + "/agreements"
	}
	p.Data = d
	return s.render(w, r, "agreement_list.html", p)
}

// agreementListData searches with the request's filters, as the actor of ctx (the
// workspace's operator, published agreements only, for the public page).
func (s *Server) agreementListData(ctx context.Context, r *http.Request, l *Localizer, base string, public bool) (*agrListData, error) {
	q := r.URL.Query()
	f := agreementFilter(q)
	f.Offset, f.Limit, f.PublishedOnly = max(atoi(q.Get("offset")), 0), 20, public
	items, total, fc, err := s.agreementStore().SearchAgreements(ctx, f)
	if err != nil {
		return nil, err
	}
	themes, _, err := s.themeIndex(ctx)
	if err != nil {
		return nil, err
	}
	if public {
		for i, a := range items {
			items[i] = a.Public()
		}
	}
	d := &agrListData{Filter: f, Items: items, Facets: fc, Base: base, Public: public, Themes: themes,
		Pager: pager{Offset: f.Offset, Limit: f.Limit, Total: total, Query: q}, ByFunding: q.Get("map") == "funding"}
	if fc.FundingCents != 0 {
		d.FundingText = l.Euros(fc.FundingCents)
	}
	d.MapCount, d.MapFund = filterURL(base, q, "map", ""), filterURL(base, q, "map", "funding")
	ex := url.Values{}
	for _, k := range agreementFilterKeys {
		if v := q.Get(k); v != "" {
			ex.Set(k, v)
		}
	}
	for _, format := range []string{"xlsx", "csv", "json"} {
		ex.Set("format", format)
		d.Exports = append(d.Exports, Option{Value: format, Label: "/agreements/export?" + ex.Encode()})
	}

	group := func(key, label string, list []passerelle.FacetCount, name func(passerelle.FacetCount) string) {
		g := facetGroup{Key: key, Label: label}
		cur := q.Get(key)
		for i, c := range list {
			sel := c.Value == cur
			if i >= facetLimit && !sel {
				g.More++
				continue
			}
			it := facetItem{Label: name(c), Count: c.Count, Amount: c.AmountCents, Selected: sel}
			if sel {
				it.URL = filterURL(base, q, key, "")
				d.Active = append(d.Active, it)
			} else {
				it.URL = filterURL(base, q, key, c.Value)
			}
			g.Items = append(g.Items, it)
		}
		if cur != "" && !hasSelected(g.Items) {
			// A filter with no match left still shows, so that it can be removed.
			it := facetItem{Label: name(passerelle.FacetCount{Value: cur}), URL: filterURL(base, q, key, ""), Selected: true}
			g.Items = append([]facetItem{it}, g.Items...)
			d.Active = append(d.Active, it)
		}
		d.Groups = append(d.Groups, g)
	}
	group("country", "agr.facet.country", fc.Countries, func(c passerelle.FacetCount) string { return l.Country(c.Value) })
	group("region", "agr.facet.region", fc.Regions, func(c passerelle.FacetCount) string { return passerelle.RegionName(c.Value, l.Lang) })
	group("theme", "agr.facet.theme", fc.Themes, func(c passerelle.FacetCount) string { return themePath(themes, c.Value, l.Lang) })
	group("status", "agr.facet.status", fc.Statuses, func(c passerelle.FacetCount) string { return l.T("agr.status." + c.Value) })
	group("year", "agr.facet.year", fc.Years, func(c passerelle.FacetCount) string { return c.Value })
	group("type", "agr.facet.type", fc.Types, func(c passerelle.FacetCount) string { return l.T("agr.type." + c.Value) })
	group("partner", "agr.facet.partner", fc.Partners, func(c passerelle.FacetCount) string {
		if c.Name != "" {
			return c.Name
		}
		return "#" + c.Value
	})
	if f.Query != "" {
		d.Active = append([]facetItem{{Label: "« " + f.Query + " »", URL: filterURL(base, q, "q", ""), Selected: true}}, d.Active...)
	}
	// The map: the country facet (counted without the country filter), each country a
	// link that filters on it; the selected one outlined.
	d.Map = worldMapSVG(l, fc.Countries, d.ByFunding, func(code string) string {
		if code == f.Country {
			return filterURL(base, q, "country", "")
		}
		return filterURL(base, q, "country", code)
	}, f.Country)
	for _, c := range fc.Countries {
		if c.Count == 0 {
			continue
		}
		d.MapTable = append(d.MapTable, mapRow{Code: c.Value, Name: l.Country(c.Value), Count: c.Count,
			Funding: l.Euros(c.AmountCents), URL: filterURL(base, q, "country", c.Value)})
	}
	slices.SortStableFunc(d.MapTable, func(a, b mapRow) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(passerelle.Fold(a.Name), passerelle.Fold(b.Name))
	})
	return d, nil
}

func hasSelected(items []facetItem) bool {
	for _, it := range items {
		if it.Selected {
			return true
		}
	}
	return false
}
