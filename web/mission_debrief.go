package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
	"passerelle/store"
)

type debriefData struct {
	Mission   *passerelle.Mission
	Debrief   *passerelle.Debrief
	Names     map[int64]string // organisation names the reader may see
	FollowUps []*passerelle.FollowUp
	Kinds     []passerelle.FollowUpKind
	Mail      bool // a mail server is configured: a debrief marked sent is mailed
	// AskedFor are the targets the debrief's member asked to meet, with its reason, and
	// whether the programme met them.
	AskedFor []askedTarget
}

type askedTarget struct {
	passerelle.MissionTarget
	Reason string
	Met    bool
}

// debriefLoad reads a debrief of the mission; another member's is not found.
func (s *Server) debriefLoad(r *http.Request) (*debriefData, error) {
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return nil, err
	}
	id, err := idParam(r, "debrief")
	if err != nil {
		return nil, err
	}
	d, err := svc.FindDebrief(r.Context(), m.ID, id)
	if err != nil {
		return nil, err
	}
	out := &debriefData{Mission: m, Debrief: d, Names: map[int64]string{}, Kinds: passerelle.FollowUpKinds, Mail: s.opts.Mailer != nil}
	for _, t := range m.Targets {
		out.Names[t.OrganizationID] = t.Name
	}
	for _, o := range d.Organizations {
		if _, ok := out.Names[o.OrganizationID]; !ok {
			if org, err := s.orgs.FindOrganizationByID(r.Context(), o.OrganizationID); err == nil {
				out.Names[o.OrganizationID] = org.Name
			}
		}
	}
	if asked := store.TargetsWantedBy(m, d.Member.ID); len(asked) > 0 {
		meetings, err := svc.MissionMeetings(r.Context(), m.ID)
		if err != nil {
			return nil, err
		}
		met := map[int64]bool{}
		for _, x := range meetings {
			if x.Status != passerelle.MeetingCancelled {
				for _, o := range x.OrganizationIDs {
					met[o] = true
				}
			}
		}
		for _, t := range asked {
			out.AskedFor = append(out.AskedFor, askedTarget{MissionTarget: t, Reason: t.WantedBy[0].Reason, Met: met[t.OrganizationID]})
		}
	}
	out.FollowUps, err = store.NewFollowUpService(s.db).FindFollowUps(r.Context(), store.FollowUpFilter{MissionID: m.ID, MemberID: d.Member.ID})
	return out, err
}

// debriefShow is one member's debrief: readable (and printable) only by that member's
// users and the mission's organisers, editable by those of them who write.
func (s *Server) debriefShow(w http.ResponseWriter, r *http.Request) error {
	d, err := s.debriefLoad(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	p.TitleText = p.L.T("debrief.title", d.Debrief.Member.Name, d.Mission.Name)
	p.Data = d
	return s.render(w, r, "debrief_show.html", p)
}

// debriefCreate starts a member's debrief, drafted from the programme's notes.
func (s *Server) debriefCreate(w http.ResponseWriter, r *http.Request) error {
	svc := s.missionService()
	m, err := svc.FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return err
	}
	member, err := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
	if err != nil {
		return passerelle.FieldError("member_id", "required")
	}
	d, err := svc.DraftDebrief(r.Context(), m, member)
	if err != nil {
		return err
	}
	if err := svc.CreateDebrief(r.Context(), d); err != nil {
		return err
	}
	return s.redirect(w, r, "/missions/"+m.Slug+"/debriefs/"+strconv.FormatInt(d.ID, 10), "flash.saved")
}

// debriefUpdate saves a debrief's text, status and each organisation's interest.
func (s *Server) debriefUpdate(w http.ResponseWriter, r *http.Request) error {
	d, err := s.debriefLoad(r)
	if err != nil {
		return err
	}
	x := d.Debrief
	wasSent := x.Status == "sent"
	x.Body = strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	x.Status = r.PostFormValue("status")
	for i, o := range x.Organizations {
		if v, ok := r.PostForm["interest_"+strconv.FormatInt(o.OrganizationID, 10)]; ok {
			x.Organizations[i].Interest = strings.TrimSpace(v[0])
		}
	}
	if err := s.missionService().UpdateDebrief(r.Context(), x); err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "")
		p.TitleText = p.L.T("debrief.title", x.Member.Name, d.Mission.Name)
		p.Data = d
		p.Errors = p.L.FormErrors(err, "body")
		return s.renderStatus(w, r, status(err), "debrief_show.html", p)
	}
	flash := "flash.saved"
	if x.Status == "sent" && !wasSent {
		flash = s.mailDebrief(r, d)
	}
	return s.redirect(w, r, "/missions/"+d.Mission.Slug+"/debriefs/"+strconv.FormatInt(x.ID, 10), flash)
}
