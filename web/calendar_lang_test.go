package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle"
	"passerelle/store"
)

// TestCalendarFeedInUsersLanguage: the feed's URL is its only credential, so a calendar
// program sends neither the language cookie nor the user's Accept-Language: the feed
// is written in the language the user chose on the pages (stored with the account), and
// names an erased person in it. It was English for everyone.
func TestCalendarFeedInUsersLanguage(t *testing.T) {
	db := testDBs(t)["sqlite"]
	w := newWorld(t, db)
	sys := passerelle.NewContextWithActor(context.Background(), passerelle.SystemActor(w.ws.ID))
	start := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
	m := &passerelle.Meeting{Title: "Feed meeting", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen",
		OrganizationIDs: []int64{w.shared.ID}, PersonIDs: []int64{w.sharedP.ID}, AttendeeIDs: []int64{w.users["bob"].ID}}
	must(t, store.NewMeetingService(db).CreateMeeting(sys, m))
	must(t, store.NewPersonService(db).ErasePerson(sys, w.sharedP.ID))
	bob := w.client(t, "bob")
	calURL := calendarURLOf(t, bob)
	for _, tc := range []struct {
		lang           string
		want, unwanted []string
	}{
		{"fr", []string{"Organisations : " + sharedOrgName, "Personnes : Personne effacée", "Heure locale : 10/03/2027 09:00–10:00 (Europe/Copenhagen)"},
			[]string{"People", "Local time", "Erased person"}},
		{"en", []string{"Organisations: " + sharedOrgName, "People: Erased person", "Local time: Wed 10 Mar 2027 09:00–10:00 (Europe/Copenhagen)"},
			[]string{"Personne", "Heure"}},
	} {
		if res, _ := bob.do("POST", "/lang", formType, form("lang", tc.lang), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("lang %s: %d", tc.lang, res.StatusCode)
		}
		code, cal := feed(t, w, calURL)
		if code != http.StatusOK {
			t.Fatalf("%s feed: %d", tc.lang, code)
		}
		evs := eventByUID(cal, m.UID)
		if len(evs) != 1 {
			t.Fatalf("%s feed: %d entries of the meeting", tc.lang, len(evs))
		}
		desc := ics.FromText(prop(evs[0], ics.ComponentPropertyDescription))
		for _, s := range tc.want {
			if !strings.Contains(desc, s) {
				t.Errorf("%s feed lacks %q: %q", tc.lang, s, desc)
			}
		}
		for _, s := range tc.unwanted {
			if strings.Contains(desc, s) {
				t.Errorf("%s feed says %q: %q", tc.lang, s, desc)
			}
		}
	}
}
