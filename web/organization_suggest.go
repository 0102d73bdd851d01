package web

import (
	"net/http"
	"strings"

	"passerelle"
)

// orgSuggestion is one candidate of an organisation picker: its name, and its country
// and kind in the reader's language to tell namesakes apart.
type orgSuggestion struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail"`
}

// organizationSuggest answers the organisation pickers (web/static/combobox.js): the
// first matches of a partial name among what the reader may see, as JSON.
func (s *Server) organizationSuggest(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := []orgSuggestion{}
	if q != "" && len(q) <= 200 {
		orgs, _, err := s.orgs.FindOrganizations(r.Context(), passerelle.OrganizationFilter{Query: q, Limit: 8})
		if err != nil {
			return err
		}
		l := newLocalizer(info(r).lang)
		for _, o := range orgs {
			out = append(out, orgSuggestion{ID: o.ID, Name: o.Name, Detail: orgDetail(l, o)})
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// orgDetail is "Country · kind" for a candidate.
func orgDetail(l *Localizer, o *passerelle.Organization) string {
	parts := []string{}
	if o.Country != "" {
		parts = append(parts, l.Country(o.Country))
	}
	if o.Kind != "" {
		parts = append(parts, l.Kind(o.Kind))
	}
	return strings.Join(parts, " · ")
}
