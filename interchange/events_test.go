package interchange_test

import (
	"strings"
	"testing"

	"passerelle"
	"passerelle/interchange"
)

const smallEvent = `{"slug": "ev", "name": "Partnering", "time_zone": "Europe/Paris", "meeting_minutes": 30, "tables": 2,
 "days": [{"date": "2027-06-01", "start": "09:00", "end": "11:00"}],
 "participants": [{"ref": "a", "name": "Ana", "organization": {"name": "Org A", "country": "ES"}}, {"ref": "b", "name": "Ben"}]}`

// TestReadEventRefusesBadText: text that is not UTF-8 or holds a NUL character is
// refused with its line or JSON path, not stored as U+FFFD or as a NUL.
func TestReadEventRefusesBadText(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		msg       string // part of the message
		field     string // the JSON path named, if any
	}{
		{"ok", smallEvent, "", ""},
		{"Latin-1 name", strings.Replace(smallEvent, `"Ben"`, "\"B\xe9n\"", 1), "line 3: the text is not UTF-8", ""},
		{"NUL in a name", strings.Replace(smallEvent, `"Ben"`, `"B\u0000en"`, 1), "", "participants[1].name"},
		{"NUL in the event", strings.Replace(smallEvent, `"Partnering"`, `"Part\u0000nering"`, 1), "", "name"},
	} {
		imp, err := interchange.ReadEvent(strings.NewReader(c.doc))
		switch {
		case c.msg == "" && c.field == "":
			if err != nil || len(imp.Participants) != 2 {
				t.Errorf("%s: %v", c.name, err)
			}
		case c.field != "" && passerelle.ErrorFields(err)[c.field] != "must not contain a NUL character":
			t.Errorf("%s: %v, want a NUL at %s", c.name, err, c.field)
		case c.msg != "" && !strings.Contains(passerelle.ErrorMessage(err), c.msg):
			t.Errorf("%s: %v, want %q", c.name, err, c.msg)
		}
	}
}
