package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

// followUpBack is where a follow-up's form returns: its mission's page, or the dashboard.
func followUpBack(f *passerelle.FollowUp) string {
	if f.Mission != "" {
		return "/missions/" + f.Mission + "#follow-ups"
	}
	return "/#follow-ups"
}

// followUpReturn is where a follow-up's form goes back to: the page it was sent from
// (its "return", a debrief or a meeting), at its follow-ups; else followUpBack. A
// follow-up added on a debrief went back to the mission's page, and the adviser lost
// the debrief.
func followUpReturn(r *http.Request, f *passerelle.FollowUp) string {
	if to := localReturn(r.FormValue("return")); to != "" {
		return to + "#follow-ups"
	}
	return followUpBack(f)
}

// followUpCreate adds a follow-up from a mission's page, a debrief or the dashboard.
// A refused form says which field and why; nothing is saved.
func (s *Server) followUpCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := &passerelle.FollowUp{Kind: passerelle.FollowUpKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"),
		DueDate: strings.TrimSpace(r.PostFormValue("due_date"))}
	f.MemberID, _ = strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
	if f.MemberID == 0 {
		if a := passerelle.ActorFromContext(ctx); a != nil {
			f.MemberID = a.MemberID
		}
	}
	p := passerelle.Problems{}
	if ref := strings.TrimSpace(r.PostFormValue("mission")); ref != "" {
		m, err := s.missionService().FindMission(ctx, ref)
		if err != nil {
			return err
		}
		f.MissionID, f.Mission, f.MissionName = m.ID, m.Slug, m.Name
	}
	if e := strings.TrimSpace(r.PostFormValue("owner")); e != "" {
		if u, err := s.users.FindUserByEmail(ctx, e); err == nil {
			f.OwnerUserID = u.ID
		} else {
			p.Add("owner", "no user %s in the workspace", e)
		}
	} else if a := passerelle.ActorFromContext(ctx); a != nil {
		f.OwnerUserID = a.UserID
	}
	if o := strings.TrimSpace(r.PostFormValue("organization")); o != "" {
		id, err := strconv.ParseInt(r.PostFormValue("organization_id"), 10, 64)
		if err != nil || id == 0 {
			id, err = s.resolveOrg(r, o)
		}
		if err != nil {
			if passerelle.ErrorCode(err) != passerelle.EINVALID {
				return err
			}
			p.Add("organization", "no organisation matches %q: create it first", o)
		}
		f.OrganizationID = id
	}
	f.MeetingID, _ = strconv.ParseInt(r.PostFormValue("meeting_id"), 10, 64)
	err := p.Err()
	if err == nil {
		err = store.NewFollowUpService(s.db).CreateFollowUp(ctx, f)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		// The form comes back with what was typed: it is on a page (mission, debrief,
		// dashboard) that cannot hold one follow-up's problems.
		pg := s.newPage(r, "followup.refused")
		pg.Data = &followUpEditData{F: f, Kinds: passerelle.FollowUpKinds, Owner: strings.TrimSpace(r.PostFormValue("owner")),
			Organization: strings.TrimSpace(r.PostFormValue("organization")), Back: followUpReturn(r, f), Return: localReturn(r.FormValue("return"))}
		pg.Errors = pg.L.FormErrors(err, "title")
		return s.renderStatus(w, r, status(err), "followup_edit.html", pg)
	}
	return s.redirect(w, r, followUpReturn(r, f), "flash.saved")
}

// followUpDone marks a follow-up done (done=1) or open again.
func (s *Server) followUpDone(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	svc := store.NewFollowUpService(s.db)
	if err := svc.SetFollowUpDone(r.Context(), id, r.PostFormValue("done") == "1"); err != nil {
		return err
	}
	f, err := svc.FindFollowUp(r.Context(), id)
	if err != nil {
		return err
	}
	back := followUpReturn(r, f)
	if r.PostFormValue("back") == "dashboard" {
		back = "/#follow-ups"
	}
	return s.redirect(w, r, back, "flash.saved")
}

// followUpBody is what POST and PATCH /api/v1/follow-ups take; a PATCH changes the
// fields given.
type followUpBody struct {
	MemberID       *int64                   `json:"member_id"`
	OwnerUserID    *int64                   `json:"owner_user_id"`
	Kind           *passerelle.FollowUpKind `json:"kind"`
	Title          *string                  `json:"title"`
	DueDate        *string                  `json:"due_date"`
	MissionID      *int64                   `json:"mission_id"`
	MeetingID      *int64                   `json:"meeting_id"`
	OrganizationID *int64                   `json:"organization_id"`
	Done           *bool                    `json:"done"`
}

func (b *followUpBody) apply(f *passerelle.FollowUp) {
	setID := func(dst *int64, v *int64) {
		if v != nil {
			*dst = *v
		}
	}
	setID(&f.MemberID, b.MemberID)
	setID(&f.OwnerUserID, b.OwnerUserID)
	setID(&f.MissionID, b.MissionID)
	setID(&f.MeetingID, b.MeetingID)
	setID(&f.OrganizationID, b.OrganizationID)
	if b.Kind != nil {
		f.Kind = *b.Kind
	}
	if b.Title != nil {
		f.Title = *b.Title
	}
	if b.DueDate != nil {
		f.DueDate = *b.DueDate
	}
	if b.Done != nil {
		f.Done = *b.Done
	}
}

// apiFollowUpList lists the follow-ups the caller may read (its member's; all for the
// organisers); open=1 keeps those not done.
func (s *Server) apiFollowUpList(w http.ResponseWriter, r *http.Request) error {
	f := store.FollowUpFilter{OpenOnly: r.URL.Query().Get("open") == "1"}
	f.MissionID, _ = strconv.ParseInt(r.URL.Query().Get("mission_id"), 10, 64)
	f.MemberID, _ = strconv.ParseInt(r.URL.Query().Get("member_id"), 10, 64)
	l, err := store.NewFollowUpService(s.db).FindFollowUps(r.Context(), f)
	if err != nil {
		return err
	}
	return ok(w, list[*passerelle.FollowUp]{Items: l, Total: len(l)})
}

// apiFollowUpCreate adds a follow-up (member_id defaults to the caller's member, the
// owner to the caller).
func (s *Server) apiFollowUpCreate(w http.ResponseWriter, r *http.Request) error {
	var b followUpBody
	if err := decode(r, &b); err != nil {
		return err
	}
	f := &passerelle.FollowUp{}
	if a := passerelle.ActorFromContext(r.Context()); a != nil {
		f.MemberID, f.OwnerUserID = a.MemberID, a.UserID
	}
	b.apply(f)
	svc := store.NewFollowUpService(s.db)
	if err := svc.CreateFollowUp(r.Context(), f); err != nil {
		return err
	}
	got, err := svc.FindFollowUp(r.Context(), f.ID)
	if err != nil {
		return err
	}
	return created(w, got)
}

// apiFollowUpUpdate changes the fields given; another member's follow-up is not found.
func (s *Server) apiFollowUpUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	var b followUpBody
	if err := decode(r, &b); err != nil {
		return err
	}
	svc := store.NewFollowUpService(s.db)
	f, err := svc.FindFollowUp(r.Context(), id)
	if err != nil {
		return err
	}
	b.apply(f)
	if err := svc.UpdateFollowUp(r.Context(), f); err != nil {
		return err
	}
	got, err := svc.FindFollowUp(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, got)
}

// apiFollowUpOpportunity makes the follow-up an opportunity (once; 409 the second time).
func (s *Server) apiFollowUpOpportunity(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "followup")
	if err != nil {
		return err
	}
	o, err := store.NewFollowUpService(s.db).MakeOpportunity(r.Context(), id)
	if err != nil {
		return err
	}
	// As made: an organiser may make a member's private opportunity, which it then
	// cannot read back.
	return created(w, o)
}
