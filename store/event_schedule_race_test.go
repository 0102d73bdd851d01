package store_test

import (
	"context"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestScheduleRefusedAfterBooking: a meeting booked by the organiser while a schedule is
// computed (between its input and its save) is not in the result; the save is refused
// (409) rather than cancel it, and the booking stands. A run that read it saves.
func TestScheduleRefusedAfterBooking(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2027, 9, 14, 8, 0, 0, 0, time.UTC) }
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		e := res.Event
		in, err := svc.ScheduleInput(f.system, e.Slug)
		must(t, err)
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		slot := time.Date(2027, 10, 15, 10, 0, 0, 0, tokyo)
		if _, err := svc.BookMeeting(f.system, e.ID, "p2", "p3", slot, false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveSchedule(f.system, e.ID, in.LastMeeting, nil, nil, false); passerelle.ErrorCode(err) != passerelle.ECONFLICT {
			t.Fatalf("a save after a booking it did not read: %v", err)
		}
		ms, err := svc.EventMeetings(f.system, e.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Meeting.Status != passerelle.MeetingPlanned || !ms[0].Pinned {
			t.Fatalf("the booked meeting after the refused save: %+v", ms)
		}
		// The next run reads it, pinned, and keeps it.
		in, err = svc.ScheduleInput(context.WithoutCancel(f.system), e.Slug)
		must(t, err)
		cur, ok := in.Current[ms[0].RequestID]
		if !ok || !cur.Pinned {
			t.Fatalf("the next input lacks the booked meeting: %+v", in.Current)
		}
		sum, err := svc.SaveSchedule(f.system, e.ID, in.LastMeeting, []store.EventPlacement{cur}, nil, false)
		must(t, err)
		if sum.Unchanged != 1 || sum.Cancelled != 0 {
			t.Errorf("the run that read the booking: %+v", sum)
		}
	})
}
