package web

import (
	"testing"
	"time"

	"passerelle"
)

// TestContactVisits: a person's meetings at one mission or event make one line (the
// newest linked, the count and the first day, everyone who attended); meetings logged
// by hand stay one line each; lines keep the order of their newest meeting.
func TestContactVisits(t *testing.T) {
	at := func(day int, origin passerelle.MeetingOrigin, ref string, by ...string) passerelle.ContactMeeting {
		return passerelle.ContactMeeting{MeetingID: int64(day), Start: time.Date(2020, 1, day, 9, 0, 0, 0, time.UTC), TimeZone: "UTC",
			Origin: origin, OriginRef: ref, By: by}
	}
	names := map[string]string{"event:showcase": "Biotech Showcase", "mission:rtp": "RTP mission"}
	// Newest first, as the store gives them.
	met := []passerelle.ContactMeeting{
		at(20, passerelle.OriginNone, ""),
		at(14, passerelle.OriginEvent, "showcase", "ann"),
		at(13, passerelle.OriginMission, "rtp", "bob"),
		at(13, passerelle.OriginEvent, "showcase", "cyd"),
		at(12, passerelle.OriginEvent, "showcase", "ann"),
		at(11, passerelle.OriginNone, ""),
		at(10, passerelle.OriginEvent, "gone"),
	}
	want := []struct {
		latest int64
		first  string
		count  int
		name   string
		by     int
	}{
		{20, "", 1, "", 0},
		{14, "2020-01-12", 3, "Biotech Showcase", 2},
		{13, "", 1, "RTP mission", 1},
		{11, "", 1, "", 0},
		{10, "", 1, "", 0}, // an event that is gone keeps its slug, shown by the page
	}
	got := contactVisits(met, names)
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Latest.MeetingID != w.latest || g.First != w.first || g.Count != w.count || g.Name != w.name || len(g.By) != w.by {
			t.Errorf("line %d: %+v, want %+v", i, g, w)
		}
	}
}
