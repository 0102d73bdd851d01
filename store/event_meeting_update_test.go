package store_test

import (
	"testing"
	"time"

	"passerelle"
	"passerelle/events"
	"passerelle/store"
)

// TestUpdateEventMeetingKeepsItsPlace: UpdateMeeting, which every generic edit of a
// meeting goes through (its form, status taps, notes, the API's PATCH), refuses to change
// the time or the place of a partnering event's meeting, or to take it out of its event:
// those are the event schedule's (MoveEventMeeting). ECONFLICT, nothing changed. Its
// title, status, notes and outcome stay editable.
func TestUpdateEventMeetingKeepsItsPlace(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		_, err = events.Schedule(f.system, svc, "bio-test", events.ScheduleOptions{TimeLimit: time.Second}, nil)
		must(t, err)
		ems, err := svc.EventMeetings(f.system, res.Event.ID)
		must(t, err)
		if len(ems) == 0 {
			t.Fatal("no meeting scheduled")
		}
		id := ems[0].Meeting.ID
		was, err := f.meetings.FindMeetingByID(f.alice, id)
		must(t, err)
		for _, tc := range []struct {
			name   string
			change func(m *passerelle.Meeting)
			code   string
		}{
			{"start", func(m *passerelle.Meeting) { m.Start, m.End = m.Start.Add(time.Hour), m.End.Add(time.Hour) }, passerelle.ECONFLICT},
			{"end", func(m *passerelle.Meeting) { m.End = m.End.Add(15 * time.Minute) }, passerelle.ECONFLICT},
			{"zone", func(m *passerelle.Meeting) { m.TimeZone = "Europe/Paris" }, passerelle.ECONFLICT},
			{"location", func(m *passerelle.Meeting) { m.Location = "Elsewhere" }, passerelle.ECONFLICT},
			{"table", func(m *passerelle.Meeting) { m.Room = "table 9" }, passerelle.ECONFLICT},
			{"video", func(m *passerelle.Meeting) { m.VideoURL = "https://meet.example.org/x" }, passerelle.ECONFLICT},
			{"out of its event", func(m *passerelle.Meeting) { m.Origin = passerelle.OriginNone }, passerelle.ECONFLICT},
			{"title", func(m *passerelle.Meeting) { m.Title = "Renamed" }, ""},
			{"notes and outcome", func(m *passerelle.Meeting) { m.Notes, m.Outcome = "Met.", passerelle.OutcomeFurtherTalks }, ""},
			{"status", func(m *passerelle.Meeting) { m.Status = passerelle.MeetingHeld }, ""},
		} {
			cur, err := f.meetings.FindMeetingByID(f.alice, id)
			must(t, err)
			tc.change(cur)
			if err := f.meetings.UpdateMeeting(f.alice, cur); passerelle.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want code %q", tc.name, err, tc.code)
			}
		}
		got, err := f.meetings.FindMeetingByID(f.alice, id)
		must(t, err)
		if !got.Start.Equal(was.Start) || !got.End.Equal(was.End) || got.TimeZone != was.TimeZone || got.Location != was.Location ||
			got.Room != was.Room || got.VideoURL != was.VideoURL || got.Origin != passerelle.OriginEvent || got.OriginID != res.Event.ID {
			t.Errorf("refused changes changed the meeting: %+v", got)
		}
		if got.Title != "Renamed" || got.Notes != "Met." || got.Status != passerelle.MeetingHeld {
			t.Errorf("allowed changes: %q %q %s", got.Title, got.Notes, got.Status)
		}
	})
}
