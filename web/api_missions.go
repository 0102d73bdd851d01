package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"passerelle"
	"passerelle/missions"
	"passerelle/store"
)

// apiMissionDebriefs lists the debriefs of a mission ({mission}: slug or id) the caller
// may read: their member's, or all for the organisers.
func (s *Server) apiMissionDebriefs(w http.ResponseWriter, r *http.Request) error {
	svc := store.NewMissionService(s.db)
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	ds, err := svc.FindDebriefs(r.Context(), m.ID)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*passerelle.Debrief{}
	}
	return ok(w, list[*passerelle.Debrief]{Items: ds, Total: len(ds)})
}

// apiMissionDebrief returns one debrief; another member's is not found.
func (s *Server) apiMissionDebrief(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "debrief")
	if err != nil {
		return err
	}
	svc := store.NewMissionService(s.db)
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	d, err := svc.FindDebrief(r.Context(), m.ID, id)
	if err != nil {
		return err
	}
	return ok(w, d)
}

// planMission is the programme's planner (package missions), a variable so that the
// page and the API call the one function.
var planMission = missions.Plan

// missionBody is what POST and PATCH /api/v1/missions take: every field optional, so
// that a PATCH changes only those given; a list given replaces the list.
type missionBody struct {
	Slug           *string                     `json:"slug"`
	Name           *string                     `json:"name"`
	Kind           *passerelle.MissionKind     `json:"kind"`
	Context        *string                     `json:"context"`
	Destination    *string                     `json:"destination"`
	StartDate      *string                     `json:"start_date"`
	EndDate        *string                     `json:"end_date"`
	TimeZone       *string                     `json:"time_zone"`
	DayStart       *string                     `json:"day_start"`
	DayEnd         *string                     `json:"day_end"`
	MeetingMinutes *int                        `json:"meeting_minutes"`
	Venue          *string                     `json:"venue"`
	Venues         *[]passerelle.MissionVenue  `json:"venues"`
	Travel         *[]passerelle.MissionTravel `json:"travel"`
	OrganiserID    *int64                      `json:"organiser_id"`
	LeadPersonID   *int64                      `json:"lead_person_id"`
	AdviserIDs     *[]int64                    `json:"adviser_ids"`
	Members        *[]passerelle.MissionMember `json:"members"`
	Targets        *[]passerelle.MissionTarget `json:"targets"`
	Status         *passerelle.MissionStatus   `json:"status"`
	// BudgetCents set to null removes the budget; absent keeps it.
	BudgetCents    json.RawMessage `json:"budget_cents"`
	BudgetCurrency *string         `json:"budget_currency"`
	AgreementID    *int64          `json:"agreement_id"`
}

func (b *missionBody) apply(m *passerelle.Mission) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&m.Slug, b.Slug)
	set(&m.Name, b.Name)
	set(&m.Context, b.Context)
	set(&m.Destination, b.Destination)
	set(&m.StartDate, b.StartDate)
	set(&m.EndDate, b.EndDate)
	set(&m.TimeZone, b.TimeZone)
	set(&m.DayStart, b.DayStart)
	set(&m.DayEnd, b.DayEnd)
	set(&m.Venue, b.Venue)
	if b.MeetingMinutes != nil {
		m.MeetingMinutes = *b.MeetingMinutes
	}
	if b.Kind != nil {
		m.Kind = *b.Kind
	}
	if b.Venues != nil {
		m.Venues = *b.Venues
	}
	if b.Travel != nil {
		m.Travel = *b.Travel
	}
	if b.OrganiserID != nil {
		m.OrganiserID = *b.OrganiserID
	}
	if b.LeadPersonID != nil {
		m.LeadPersonID = *b.LeadPersonID
	}
	if b.AdviserIDs != nil {
		m.AdviserIDs = *b.AdviserIDs
	}
	if b.Members != nil {
		m.Members = *b.Members
	}
	m.Targets = nil
	if b.Targets != nil {
		m.Targets = append([]passerelle.MissionTarget{}, *b.Targets...)
	}
	if b.Status != nil {
		m.Status = *b.Status
	}
	set(&m.BudgetCurrency, b.BudgetCurrency)
	if b.AgreementID != nil {
		m.AgreementID = *b.AgreementID
	}
	if len(b.BudgetCents) > 0 {
		m.BudgetCents = nil
		if string(b.BudgetCents) != "null" {
			var c int64
			if err := json.Unmarshal(b.BudgetCents, &c); err != nil {
				return passerelle.FieldError("budget_cents", "whole cents, such as 1250050 for 12500.50, or null for none")
			}
			m.BudgetCents = &c
		}
	}
	return nil
}

// apiMissionList lists the workspace's missions.
func (s *Server) apiMissionList(w http.ResponseWriter, r *http.Request) error {
	l, err := s.missionService().FindMissions(r.Context())
	if err != nil {
		return err
	}
	return ok(w, list[store.MissionSummary]{Items: l, Total: len(l)})
}

// apiMissionGet returns one mission ({mission}: slug or id).
func (s *Server) apiMissionGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionService().FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	return ok(w, m)
}

// apiMissionCreate creates a mission.
func (s *Server) apiMissionCreate(w http.ResponseWriter, r *http.Request) error {
	var b missionBody
	if err := decode(r, &b); err != nil {
		return err
	}
	m := &passerelle.Mission{MeetingMinutes: 60}
	if err := b.apply(m); err != nil {
		return err
	}
	if err := s.missionService().CreateMission(r.Context(), m); err != nil {
		return err
	}
	got, err := s.missionService().FindMission(r.Context(), strconv.FormatInt(m.ID, 10))
	if err != nil {
		return err
	}
	return created(w, got)
}

// apiMissionUpdate changes the fields given; {"status": "cancelled"} cancels the
// meetings of the programme yet to be held, and the answer's meetings_cancelled counts them.
func (s *Server) apiMissionUpdate(w http.ResponseWriter, r *http.Request) error {
	var b missionBody
	if err := decode(r, &b); err != nil {
		return err
	}
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	if err := b.apply(m); err != nil {
		return err
	}
	if err := svc.UpdateMission(r.Context(), m); err != nil {
		return err
	}
	got, err := svc.FindMission(r.Context(), strconv.FormatInt(m.ID, 10))
	if err != nil {
		return err
	}
	// A cancellation says how many meetings of the programme it cancelled.
	got.MeetingsCancelled = m.MeetingsCancelled
	return ok(w, got)
}
