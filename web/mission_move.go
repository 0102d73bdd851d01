package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/missions"
)

// A writer moves or pins one meeting of a mission's programme by hand (docs/missions.md):
// another of the programme's times, pinned or not. A pinned meeting stays where it is
// when the programme is planned again.

type missionMoveData struct {
	Mission *passerelle.Mission
	Meeting *passerelle.Meeting
	Slots   []moveSlot
	Slot    string // the chosen time, "YYYY-MM-DD HH:MM" local
	Pinned  bool
	Now     string // where it is, local
}

// missionMoveLoad reads the mission and one meeting of its programme; a meeting of
// another mission, or one the reader may not read, is not found.
func (s *Server) missionMoveLoad(r *http.Request) (*missionMoveData, error) {
	ctx := r.Context()
	svc := s.missionService()
	m, err := svc.FindMission(ctx, r.PathValue("mission"))
	if err != nil {
		return nil, err
	}
	id, err := idParam(r, "meeting")
	if err != nil {
		return nil, err
	}
	ms, err := svc.MissionMeetings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	d := &missionMoveData{Mission: m}
	for _, x := range ms {
		if x.ID == id && x.Status != passerelle.MeetingCancelled {
			d.Meeting = x
		}
	}
	if d.Meeting == nil {
		return nil, errNotFound
	}
	pins, err := s.meetings.PinnedMeetings(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	slots, c, err := missions.Slots(m)
	if err != nil {
		return nil, err
	}
	loc := c.Location()
	for _, a := range slots {
		v := a.In(loc).Format(slotLayout)
		d.Slots = append(d.Slots, moveSlot{Value: v, Label: v + "–" + a.Add(time.Duration(m.MeetingMinutes)*time.Minute).In(loc).Format("15:04")})
	}
	d.Now = d.Meeting.Start.In(loc).Format(slotLayout) + "–" + d.Meeting.End.In(loc).Format("15:04")
	d.Slot, d.Pinned = d.Meeting.Start.In(loc).Format(slotLayout), pins[id]
	return d, nil
}

func (s *Server) renderMissionMove(w http.ResponseWriter, r *http.Request, d *missionMoveData, saveErr error) error {
	p := s.newPage(r, "mission.move_title")
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "start")
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "mission_move.html", p)
}

// missionMoveForm shows where the meeting is and the programme's times it may go to.
func (s *Server) missionMoveForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.missionMoveLoad(r)
	if err != nil {
		return err
	}
	return s.renderMissionMove(w, r, d, nil)
}

// missionMove moves and pins (or unpins) the meeting; a refusal comes back with why.
func (s *Server) missionMove(w http.ResponseWriter, r *http.Request) error {
	d, err := s.missionMoveLoad(r)
	if err != nil {
		return err
	}
	d.Slot, d.Pinned = strings.TrimSpace(r.PostFormValue("slot")), r.PostFormValue("pinned") == "1"
	loc, err := passerelle.LoadZone(d.Mission.TimeZone)
	if err != nil {
		return err
	}
	start, err := time.ParseInLocation(slotLayout, d.Slot, loc)
	if err != nil {
		return s.renderMissionMove(w, r, d, passerelle.FieldError("start", "a date and time such as 2014-09-08 10:00"))
	}
	mv, err := missions.Move(r.Context(), s.db, strconv.FormatInt(d.Mission.ID, 10), d.Meeting.ID, start, d.Pinned)
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderMissionMove(w, r, d, err)
	}
	s.log.Info("mission meeting moved", "mission", d.Mission.ID, "meeting", d.Meeting.ID, "moved", mv.Moved, "pinned", d.Pinned)
	return s.redirect(w, r, "/missions/"+d.Mission.Slug+"#programme", "flash.mission_meeting_moved")
}
