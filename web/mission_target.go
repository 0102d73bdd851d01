package web

import (
	"net/http"
	"strconv"
	"strings"

	"passerelle"
)

// A target's own page form (docs/missions.md): its note (why), availability, venue, and
// which member institutes taking part want to meet it, each with its own reason.

type targetWishRow struct {
	MemberID int64
	Name     string
	Goals    string
	Wanted   bool
	Reason   string
}

type missionTargetData struct {
	Mission *passerelle.Mission
	Target  passerelle.MissionTarget
	Wishes  []targetWishRow
}

// missionTargetLoad reads the mission and one of its targets the reader may see;
// another member's private organisation, or an organisation that is not a target, is
// not found.
func (s *Server) missionTargetLoad(r *http.Request) (*missionTargetData, error) {
	m, err := s.missionService().FindMission(r.Context(), r.PathValue("mission"))
	if err != nil {
		return nil, err
	}
	id, err := idParam(r, "org")
	if err != nil {
		return nil, err
	}
	for _, t := range m.Targets {
		if t.OrganizationID == id {
			d := &missionTargetData{Mission: m, Target: t}
			for _, x := range m.Members {
				w, ok := t.WantedByMember(x.MemberID)
				d.Wishes = append(d.Wishes, targetWishRow{MemberID: x.MemberID, Name: x.Name, Goals: x.Goals, Wanted: ok, Reason: w.Reason})
			}
			return d, nil
		}
	}
	return nil, errNotFound
}

// formWishes reads the members who want a target from a form: a box ticked
// ("wish-ID"), or a reason typed ("reason-ID"), for each member taking part.
func formWishes(r *http.Request, m *passerelle.Mission) []passerelle.TargetWish {
	out := []passerelle.TargetWish{}
	for _, x := range m.Members {
		id := strconv.FormatInt(x.MemberID, 10)
		reason := strings.TrimSpace(r.PostFormValue("reason-" + id))
		if r.PostFormValue("wish-"+id) != "" || reason != "" {
			out = append(out, passerelle.TargetWish{MemberID: x.MemberID, Reason: reason})
		}
	}
	return out
}

// missionTargetEditForm is a target's form.
func (s *Server) missionTargetEditForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.missionTargetLoad(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "mission.target_edit")
	p.Data = d
	return s.render(w, r, "mission_target_edit.html", p)
}

// missionTargetEdit saves a target's note, availability, venue and the members who want
// it; a refusal comes back with each field's problem.
func (s *Server) missionTargetEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.missionTargetLoad(r)
	if err != nil {
		return err
	}
	t := d.Target
	t.Why, t.Availability, t.Venue = r.PostFormValue("why"), r.PostFormValue("availability"), r.PostFormValue("venue")
	t.WantedBy = formWishes(r, d.Mission)
	if err := s.missionService().AddTarget(r.Context(), d.Mission.ID, t); err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "mission.target_edit")
		d.Target.Why, d.Target.Availability, d.Target.Venue = t.Why, t.Availability, t.Venue
		wanted := map[int64]string{}
		for _, x := range t.WantedBy {
			wanted[x.MemberID] = x.Reason
		}
		for i := range d.Wishes {
			reason, ok := wanted[d.Wishes[i].MemberID]
			d.Wishes[i].Wanted, d.Wishes[i].Reason = ok, reason
		}
		p.Data = d
		p.Errors = p.L.FormErrors(err, "_")
		return s.renderStatus(w, r, status(err), "mission_target_edit.html", p)
	}
	return s.redirect(w, r, "/missions/"+d.Mission.Slug+"#targets", "flash.saved")
}
