package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// opportunityForm is the form of a new opportunity, from the board or from a meeting
// (?meeting=ID: the meeting and its organisations are linked, its title proposed).
type opportunityForm struct {
	Opp     *passerelle.Opportunity
	Value   string // the expected value as typed, in euros
	Meeting *passerelle.Meeting
	Members []*passerelle.Member
	Stages  []passerelle.OpportunityStage
	// PickMember: the caller may name the member (a manager, or a user of no member).
	PickMember bool
}

func (s *Server) opportunityNewData(r *http.Request, o *passerelle.Opportunity, meetingID int64) (*opportunityForm, error) {
	ctx := r.Context()
	a := passerelle.ActorFromContext(ctx)
	d := &opportunityForm{Opp: o, Stages: passerelle.OpportunityStages, PickMember: a.Role.CanManage() || a.MemberID == 0}
	if meetingID > 0 {
		m, err := s.meetings.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return nil, err
		}
		d.Meeting = m
		o.MeetingIDs, o.OrganizationIDs = []int64{m.ID}, m.OrganizationIDs
		// A meeting of a mission's programme or of a partnering event links that too, as
		// a follow-up made an opportunity does: the mission's results count it.
		switch m.Origin {
		case passerelle.OriginMission:
			o.MissionIDs = []int64{m.OriginID}
		case passerelle.OriginEvent:
			o.EventIDs = []int64{m.OriginID}
		}
		if o.Title == "" {
			o.Title = m.Title
		}
		// An opportunity from a private meeting stays private by default.
		if o.Visibility == "" {
			o.Visibility = m.Visibility
		}
	}
	var err error
	if d.Members, err = s.workspaces.FindMembers(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) opportunityNew(w http.ResponseWriter, r *http.Request) error {
	meetingID, _ := strconv.ParseInt(r.URL.Query().Get("meeting"), 10, 64)
	a := passerelle.ActorFromContext(r.Context())
	d, err := s.opportunityNewData(r, &passerelle.Opportunity{MemberID: a.MemberID, Stage: passerelle.StageIdentified, Currency: "EUR"}, meetingID)
	if err != nil {
		return err
	}
	p := s.newPage(r, "opp.new_title")
	p.Data = d
	return s.render(w, r, "opportunity_new.html", p)
}

// opportunityCreate records the opportunity and shows it on its member's board.
func (s *Server) opportunityCreate(w http.ResponseWriter, r *http.Request) error {
	a := passerelle.ActorFromContext(r.Context())
	o := &passerelle.Opportunity{Title: r.PostFormValue("title"), Stage: passerelle.OpportunityStage(r.PostFormValue("stage")),
		Currency: "EUR", Programme: r.PostFormValue("programme"), CallID: r.PostFormValue("call_id"), Deadline: r.PostFormValue("deadline"),
		NextAction: r.PostFormValue("next_action"), NextActionDate: r.PostFormValue("next_action_date"),
		Visibility: passerelle.Visibility(r.PostFormValue("visibility")), MemberID: a.MemberID}
	if v, err := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64); err == nil && v > 0 {
		o.MemberID = v
	}
	meetingID, _ := strconv.ParseInt(r.PostFormValue("meeting_id"), 10, 64)
	d, err := s.opportunityNewData(r, o, meetingID)
	if err != nil {
		return err
	}
	d.Value = strings.TrimSpace(r.PostFormValue("value"))
	var saveErr error
	if d.Value != "" {
		cents, err := passerelle.ParseAmount(d.Value)
		if err != nil || cents < 0 {
			// The other fields are checked too, so that one try names every problem (a bad
			// deadline was named only once the amount was read).
			p := passerelle.Problems{}
			p.Add("value", "an amount in euros, such as 250000 or 250 000,50")
			for k, m := range passerelle.ErrorFieldMsgs(o.Validate()) {
				p.AddMsg(k, m)
			}
			saveErr = p.Err()
		} else {
			o.ExpectedValueCents = cents
		}
	}
	if saveErr == nil {
		saveErr = store.NewPipelineService(s.db).CreateOpportunity(r.Context(), o)
	}
	if saveErr != nil {
		if !formErr(saveErr) && passerelle.ErrorCode(saveErr) != passerelle.EFORBIDDEN {
			return saveErr
		}
		p := s.newPage(r, "opp.new_title")
		p.Data = d
		p.Errors = p.L.FormErrors(saveErr, "_")
		return s.renderStatus(w, r, status(saveErr), "opportunity_new.html", p)
	}
	return s.redirect(w, r, "/pipeline?member_id="+strconv.FormatInt(o.MemberID, 10)+"#opp-"+strconv.FormatInt(o.ID, 10), "flash.saved")
}
