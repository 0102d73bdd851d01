package store

import (
	"context"
	"strings"

	"passerelle"
)

// SearchService implements passerelle.SearchService over organisations and people.
type SearchService struct {
	orgs   *OrganizationService
	people *PersonService
}

func NewSearchService(db *DB) *SearchService {
	return &SearchService{orgs: NewOrganizationService(db), people: NewPersonService(db)}
}

// Search returns organisations first, then people, each ranked.
func (s *SearchService) Search(ctx context.Context, query string, limit int) ([]*passerelle.SearchHit, error) {
	limit = limitOf(limit, 20, 200)
	if len(passerelle.SearchTerms(query)) == 0 {
		return nil, nil
	}
	orgs, _, err := s.orgs.FindOrganizations(ctx, passerelle.OrganizationFilter{Query: query, Limit: limit})
	if err != nil {
		return nil, err
	}
	people, _, err := s.people.FindPeople(ctx, passerelle.PersonFilter{Query: query, Limit: limit})
	if err != nil {
		return nil, err
	}
	var hits []*passerelle.SearchHit
	for i, o := range orgs {
		d := []string{}
		if len(o.Acronyms) > 0 {
			d = append(d, o.Acronyms[0])
		}
		if o.City != "" {
			d = append(d, o.City)
		}
		hits = append(hits, &passerelle.SearchHit{Type: "organization", ID: o.ID, Name: o.Name, Detail: strings.Join(d, ", "),
			Country: o.Country, Score: 1 / float64(i+1)})
	}
	for i, p := range people {
		hits = append(hits, &passerelle.SearchHit{Type: "person", ID: p.ID, Name: p.Name(), Country: p.Country, Score: 1 / float64(i+2)})
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}
