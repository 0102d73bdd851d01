package web

import (
	"net/http"
	"strings"

	"passerelle"
	"passerelle/store"
)

// searchData is the search page: organisations and people ranked, then the agreements,
// missions and partnering events whose words hold every term, each as the reader may
// see them (the store scopes each list as its own page does).
type searchData struct {
	Q          string
	Hits       []*passerelle.SearchHit
	Agreements []*passerelle.Agreement
	AgrTotal   int
	Missions   []store.MissionSummary
	Events     []*passerelle.Event
}

// searchOthers bounds the agreements, missions and events the page lists; the
// agreements' own page has the rest.
const searchOthers = 10

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	ctx := r.Context()
	d := searchData{Q: q}
	var err error
	if d.Hits, err = s.search.Search(ctx, q, 50); err != nil {
		return err
	}
	if terms := passerelle.SearchTerms(q); len(terms) > 0 {
		if d.Agreements, d.AgrTotal, err = s.agreementStore().FindAgreements(ctx, passerelle.AgreementFilter{Query: q, Limit: searchOthers}); err != nil {
			return err
		}
		missions, err := s.missionService().FindMissions(ctx)
		if err != nil {
			return err
		}
		for _, m := range missions {
			if len(d.Missions) < searchOthers && holdsTerms(terms, m.Name, m.Destination, m.Slug) {
				d.Missions = append(d.Missions, m)
			}
		}
		events, err := s.eventService().FindEvents(ctx)
		if err != nil {
			return err
		}
		for _, e := range events {
			if len(d.Events) < searchOthers && holdsTerms(terms, e.Name, e.Location, e.Slug) {
				d.Events = append(d.Events, e)
			}
		}
	}
	p := s.newPage(r, "search.title")
	p.Data = d
	return s.render(w, r, "search.html", p)
}

// holdsTerms tells whether the fields, folded as the search folds, hold every term.
func holdsTerms(terms []string, fields ...string) bool {
	text := passerelle.Fold(strings.Join(fields, " "))
	for _, t := range terms {
		if !strings.Contains(text, t) {
			return false
		}
	}
	return true
}
