package interchange

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"passerelle"
)

// TestCalendarInLanguage: a feed's descriptions and table labels are in its reader's
// language (they were English for everyone), read back with an ICS library.
func TestCalendarInLanguage(t *testing.T) {
	start := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
	m := &passerelle.Meeting{ID: 7, UID: "m7@passerelle", Title: "Kick-off", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen",
		Room: "3", VideoURL: "https://meet.example.org/x", Attendees: []string{"Bob"},
		Organizations: []passerelle.NamedRef{{ID: 1, Name: "Novo"}}, People: []passerelle.NamedRef{{ID: 2, Name: "Ada Lovelace"}, {ID: 3, Name: passerelle.ErasedPersonName}}}
	e := &passerelle.Event{Name: "Bio-Japan", TimeZone: "Asia/Tokyo"}
	p := &passerelle.EventParticipant{Ref: "a"}
	rows := []EventMeetingRow{{Meeting: m, From: "a", To: "b"}}
	names := map[string]string{"b": "Jean, Kansai Bio"}
	for _, tc := range []struct {
		lang      string
		meeting   []string // lines of the meeting feed's description
		event     []string // lines of the event feed's description
		eventLoc  string
		unwantedM []string // words of the other language
		unwantedE []string
	}{
		{"en", []string{"Organisations: Novo", "People: Ada Lovelace, Erased person", "Attending: Bob", "Video: https://meet.example.org/x",
			"Local time: Wed 10 Mar 2027 09:00–10:00 (Europe/Copenhagen)"},
			[]string{"With: Jean, Kansai Bio", "Table 3", "Video: https://meet.example.org/x", "Local time: Wed 10 Mar 2027 17:00–18:00 (Asia/Tokyo)"},
			"Table 3", []string{"Personne"}, []string{"Avec", "Heure"}},
		{"fr", []string{"Organisations : Novo", "Personnes : Ada Lovelace, Personne effacée", "Participants du réseau : Bob",
			"Visioconférence : https://meet.example.org/x", "Heure locale : 10/03/2027 09:00–10:00 (Europe/Copenhagen)"},
			[]string{"Avec : Jean, Kansai Bio", "Table 3", "Visioconférence : https://meet.example.org/x", "Heure locale : 10/03/2027 17:00–18:00 (Asia/Tokyo)"},
			"Table 3", []string{"People", "Local time", "Attending", "Erased person"}, []string{"With:", "Local time"}},
	} {
		for _, f := range []struct {
			name string
			cal  *Calendar
			want []string
			bad  []string
		}{
			{"meetings", MeetingCalendarIn(tc.lang, "https://passerelle.example.org", []*passerelle.Meeting{m}), tc.meeting, tc.unwantedM},
			{"event", EventCalendarIn(tc.lang, e, p, rows, names, ""), tc.event, tc.unwantedE},
		} {
			var buf bytes.Buffer
			if err := f.cal.SerializeTo(&buf); err != nil {
				t.Fatal(err)
			}
			parsed, err := ics.ParseCalendar(strings.NewReader(buf.String()))
			if err != nil {
				t.Fatalf("%s %s: %v", tc.lang, f.name, err)
			}
			evs := parsed.Events()
			if len(evs) != 1 {
				t.Fatalf("%s %s: %d events", tc.lang, f.name, len(evs))
			}
			desc := ics.FromText(evs[0].GetProperty(ics.ComponentPropertyDescription).Value)
			if got := strings.Split(desc, "\n"); strings.Join(got, "|") != strings.Join(f.want, "|") {
				t.Errorf("%s %s: description\n%q\nwant\n%q", tc.lang, f.name, got, f.want)
			}
			for _, b := range f.bad {
				if strings.Contains(desc, b) {
					t.Errorf("%s %s: the description says %q", tc.lang, f.name, b)
				}
			}
			if f.name == "event" {
				if loc := ics.FromText(evs[0].GetProperty(ics.ComponentPropertyLocation).Value); loc != tc.eventLoc {
					t.Errorf("%s event: location %q, want %q", tc.lang, loc, tc.eventLoc)
				}
			}
		}
	}
	// Without a language, the words stay English (the command line's export).
	if d := MeetingCalendar("https://passerelle.example.org", []*passerelle.Meeting{m}).Events[0].Description; !strings.HasPrefix(d, "Organisations: Novo\nPeople: ") {
		t.Errorf("MeetingCalendar: %q", d)
	}
}
