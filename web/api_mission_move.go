package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/missions"
)

// missionMoveBody is what POST /api/v1/missions/{mission}/meetings/{meeting}/move
// takes: the new start, RFC 3339 or "YYYY-MM-DD HH:MM" in the mission's zone (one of
// the programme's times), and whether the meeting is pinned there (omitted: as it was).
type missionMoveBody struct {
	Start  string `json:"start"`
	Pinned *bool  `json:"pinned"`
}

// missionMoveReply is the meeting after the move, and whether its time changed.
type missionMoveReply struct {
	Meeting *passerelle.Meeting `json:"meeting"`
	Moved   bool                `json:"moved"`
	Pinned  bool                `json:"pinned"`
}

// apiMissionMove moves and pins (or unpins) one meeting of the programme, as the
// page's Move or pin does (missions.Move): a refusal is 422 with the reason on "start"
// (or 409 for a participant busy then); another member's private meeting, or a meeting
// of another mission, is not found.
func (s *Server) apiMissionMove(w http.ResponseWriter, r *http.Request) error {
	// The body first: a bad one is refused as every API route refuses it.
	var b missionMoveBody
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.missionMoveLoad(r)
	if err != nil {
		return err
	}
	loc, err := passerelle.LoadZone(d.Mission.TimeZone)
	if err != nil {
		return err
	}
	b.Start = strings.TrimSpace(b.Start)
	start, err := time.Parse(time.RFC3339, b.Start)
	if err != nil {
		if start, err = time.ParseInLocation(slotLayout, b.Start, loc); err != nil {
			return passerelle.FieldError("start", "a date and time such as 2014-09-08 10:00")
		}
	}
	pinned := d.Pinned
	if b.Pinned != nil {
		pinned = *b.Pinned
	}
	mv, err := missions.Move(r.Context(), s.db, strconv.FormatInt(d.Mission.ID, 10), d.Meeting.ID, start, pinned)
	if err != nil {
		return err
	}
	s.log.Info("mission meeting moved", "mission", d.Mission.ID, "meeting", d.Meeting.ID, "moved", mv.Moved, "pinned", pinned, "api", true)
	return ok(w, missionMoveReply{Meeting: mv.Meeting, Moved: mv.Moved, Pinned: pinned})
}
