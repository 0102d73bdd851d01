package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
)

// TestMeetingAttend: a writer who may edit a meeting attends it in one click from its
// page, which then offers to stop, and no longer attends with the other; the meeting
// is then in, then out of, their own agenda. A viewer, another workspace, and a member
// whose meeting another member keeps private cannot; the meeting's version moves on, so
// an edit opened before is refused as stale.
func TestMeetingAttend(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, db)
			sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
			meetings := store.NewMeetingService(db)
			start := db.Now().UTC().Add(48 * time.Hour).Truncate(time.Hour)
			bobID, aliceID := w.users["bob"].ID, w.users["alice"].ID
			shared := &passerelle.Meeting{Title: "Delegation from Kawasaki", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Paris",
				Visibility: passerelle.VisibilityShared, AttendeeIDs: []int64{bobID}, Status: passerelle.MeetingPlanned}
			private := &passerelle.Meeting{Title: "Beta's own call", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Paris",
				Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.beta.ID, AttendeeIDs: []int64{bobID}, Status: passerelle.MeetingPlanned}
			must(t, meetings.CreateMeeting(sys, shared))
			must(t, meetings.CreateMeeting(sys, private))
			path := "/meetings/" + id(shared.ID)
			attends := func() []int64 {
				m, err := meetings.FindMeetingByID(sys, shared.ID)
				must(t, err)
				return m.AttendeeIDs
			}

			alice := w.client(t, "alice")
			if _, page := alice.get(path); !strings.Contains(page, `id="meeting-attend"`) {
				t.Fatal("the page offers no way to attend")
			}
			if res, _ := alice.do("POST", path+"/attend", formType, "attend=1", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("attend: %d", res.StatusCode)
			}
			if got := attends(); !slices.Equal(got, []int64{bobID, aliceID}) {
				t.Errorf("attendees %v, want bob then alice", got)
			}
			_, page := alice.get(path)
			if !strings.Contains(page, `id="meeting-unattend"`) || !strings.Contains(between(page, `id="meeting-attendees"`, "</span>"), "alice@") {
				t.Errorf("the page after attending: %s", between(page, `id="meeting-attendees"`, "</dd>"))
			}
			if _, agenda := alice.get("/agenda"); !strings.Contains(agenda, "Delegation from Kawasaki") {
				t.Error("the meeting is not in alice's agenda")
			}
			// Twice is once.
			if res, _ := alice.do("POST", path+"/attend", formType, "attend=1", false); res.StatusCode != http.StatusSeeOther || len(attends()) != 2 {
				t.Errorf("attend again: %d, %v", res.StatusCode, attends())
			}
			// An edit opened before the click is stale now.
			old, err := meetings.FindMeetingByID(sys, shared.ID)
			must(t, err)
			old.Version--
			old.Title = "Renamed from an old form"
			if err := meetings.UpdateMeeting(sys, old); passerelle.ErrorCode(err) != passerelle.ESTALE {
				t.Errorf("an edit opened before: %v, want it stale", err)
			}
			if res, _ := alice.do("POST", path+"/attend", formType, "attend=0", false); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("unattend: %d", res.StatusCode)
			}
			if got := attends(); !slices.Equal(got, []int64{bobID}) {
				t.Errorf("attendees after leaving %v, want bob", got)
			}
			if _, agenda := alice.get("/agenda"); strings.Contains(agenda, "Delegation from Kawasaki") {
				t.Error("the meeting is still in alice's agenda")
			}

			for _, tc := range []struct {
				user string
				path string
				code int
			}{
				{"viewer", path + "/attend", http.StatusForbidden},
				{"otheradmin", path + "/attend", http.StatusNotFound},
				{"alice", "/meetings/" + id(private.ID) + "/attend", http.StatusNotFound},
				{"", path + "/attend", http.StatusUnauthorized},
			} {
				if res, _ := w.client(t, tc.user).do("POST", tc.path, formType, "attend=1", false); res.StatusCode != tc.code && !(tc.user == "" && res.StatusCode == http.StatusSeeOther) {
					t.Errorf("%q attends %s: %d, want %d", tc.user, tc.path, res.StatusCode, tc.code)
				}
			}
			if got := attends(); !slices.Equal(got, []int64{bobID}) {
				t.Errorf("attendees after the refusals %v, want bob", got)
			}
			m, err := meetings.FindMeetingByID(sys, private.ID)
			must(t, err)
			if !slices.Equal(m.AttendeeIDs, []int64{bobID}) {
				t.Errorf("the private meeting's attendees %v", m.AttendeeIDs)
			}
		})
	}
}
