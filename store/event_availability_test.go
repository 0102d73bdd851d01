package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"passerelle/store"
)

// TestReimportKeepsOwnAvailability: the organiser's re-import of the participants' file
// keeps the unavailable periods a participant ticked on their page when the file does
// not give that participant's ("unavailable" absent), replaces them when it gives some,
// and clears them with an empty list. Before, any re-import without them wiped what the
// participants had set.
func TestReimportKeepsOwnAvailability(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewEventService(db)
		res, err := svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		ids := participantIDs(f.system, t, svc, res.Event.ID)
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		must(t, svc.SetOwnUnavailability(context.Background(), f.ws.ID, ids["p2"], []time.Time{time.Date(2027, 10, 15, 11, 30, 0, 0, tokyo)}))
		periods := func() map[string]int {
			t.Helper()
			ps, err := svc.EventParticipants(f.system, res.Event.ID)
			must(t, err)
			out := map[string]int{}
			for _, p := range ps {
				out[p.Ref] = len(p.Unavailable)
			}
			return out
		}
		if got := periods(); got["p1"] != 1 || got["p2"] != 1 {
			t.Fatalf("before the re-import: %v", got)
		}
		// The same file again: p2's own period stays, p1's (from the file) too.
		_, err = svc.ImportEvent(f.system, readEvent(t, smallEvent))
		must(t, err)
		if got := periods(); got["p1"] != 1 || got["p2"] != 1 {
			t.Errorf("a re-import without p2's unavailability: %v", got)
		}
		// An empty list clears; a list replaces.
		ev := strings.Replace(smallEvent, `"unavailable": [{"start": "2027-10-15T10:00", "end": "2027-10-15T10:30"}]`, `"unavailable": []`, 1)
		ev = strings.Replace(ev, `{"ref": "p2", "name": "Jean Dupont",`, `{"ref": "p2", "name": "Jean Dupont", "unavailable": [{"start": "2027-10-15T10:00", "end": "2027-10-15T11:00"}, {"start": "2027-10-15T12:00", "end": "2027-10-15T12:30"}],`, 1)
		_, err = svc.ImportEvent(f.system, readEvent(t, ev))
		must(t, err)
		if got := periods(); got["p1"] != 0 || got["p2"] != 2 {
			t.Errorf("a re-import giving them: %v", got)
		}
	})
}
