package web

import (
	"net/http"
	"strconv"
	"time"

	"passerelle"
	"passerelle/store"
)

// boardColumn is one stage of the opportunity board.
type boardColumn struct {
	Stage passerelle.OpportunityStage
	Items []*passerelle.Opportunity
}

// pipelineBoard is the opportunity board: a member's (?member_id=, the caller's member by
// default) or the network's (?member_id=0: the shared records): what the caller may read, by stage; ?year=
// (opened that year), ?country= and ?organization_id= narrow it as the figures that link
// here count.
func (s *Server) pipelineBoard(w http.ResponseWriter, r *http.Request) error {
	a := passerelle.ActorFromContext(r.Context())
	f := passerelle.OpportunityFilter{MemberID: a.MemberID, Country: pageCountry(r.URL.Query().Get("country")), Limit: 1000}
	if v := r.URL.Query().Get("member_id"); v != "" {
		f.MemberID, _ = strconv.ParseInt(v, 10, 64)
	}
	f.Year, _ = strconv.Atoi(r.URL.Query().Get("year"))
	// One organisation's figures link here with it (kpiPage).
	f.OrganizationID, _ = strconv.ParseInt(r.URL.Query().Get("organization_id"), 10, 64)
	// The network's board shows what members share, as the network's figures count.
	f.Shared = f.MemberID == 0 || r.URL.Query().Get("shared") == "1"
	os, _, err := store.NewPipelineService(s.db).FindOpportunities(r.Context(), f)
	if err != nil {
		return err
	}
	cols := make([]boardColumn, len(passerelle.OpportunityStages))
	for i, st := range passerelle.OpportunityStages {
		cols[i].Stage = st
		for _, o := range os {
			if o.Stage == st {
				cols[i].Items = append(cols[i].Items, o)
			}
		}
	}
	members, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	// A card moved comes back to the board as filtered (year, country), not to all years.
	back := "/pipeline?member_id=" + strconv.FormatInt(f.MemberID, 10)
	if r.URL.RawQuery != "" {
		back = "/pipeline?" + r.URL.RawQuery
	}
	orgNames, meetingDays, err := s.boardLinks(r, os)
	if err != nil {
		return err
	}
	p := s.newPage(r, "pipeline.title")
	p.Data = map[string]any{"Columns": cols, "Members": members, "Names": names, "MemberID": f.MemberID, "Filter": f, "Total": len(os),
		"Stages": passerelle.OpportunityStages, "Return": back, "OrgNames": orgNames, "MeetingDays": meetingDays}
	return s.render(w, r, "pipeline_board.html", p)
}

// boardMeetingReads bounds the meetings a board reads to date its cards' links: past
// it, a meeting shows its number, as one deleted since does.
const boardMeetingReads = 300

// boardLinks names the organisations of the cards (in one query) and dates their
// meetings (in the meeting's zone), each read as the reader may see it (the store
// leaves out the links to records the reader may not see).
func (s *Server) boardLinks(r *http.Request, os []*passerelle.Opportunity) (map[int64]string, map[int64]time.Time, error) {
	ctx := r.Context()
	var orgIDs []int64
	seen := map[int64]bool{}
	days := map[int64]time.Time{}
	for _, o := range os {
		for _, id := range o.OrganizationIDs {
			if !seen[id] {
				seen[id] = true
				orgIDs = append(orgIDs, id)
			}
		}
		for _, id := range o.MeetingIDs {
			if _, ok := days[id]; !ok && len(days) < boardMeetingReads {
				days[id] = time.Time{}
				if m, err := s.meetings.FindMeetingByID(ctx, id); err == nil {
					days[id] = m.Start.In(m.MeetingLocation())
				}
			}
		}
	}
	orgs, err := s.orgs.OrganizationNames(ctx, orgIDs)
	return orgs, days, err
}
