package interchange

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"passerelle"
)

// MeetingColumns are the columns of the meetings CSV, in order. Times are given twice:
// the instant in UTC (RFC 3339) and the place's local date and time, as people read them.
var MeetingColumns = []string{"id", "uid", "title", "start", "end", "time_zone", "local_start", "local_end", "location", "room",
	"video_url", "status", "origin", "origin_id", "organizations", "organization_ids", "people", "person_ids", "attendees",
	"notes", "private_notes", "outcome", "follow_up", "visibility", "sequence", "created_at", "updated_at"}

// MeetingWriter writes meetings as CSV, JSON or ICS, a page at a time. CSV and JSON are
// streamed; ICS is one calendar, built whole when the writer closes.
type MeetingWriter struct {
	format, base string
	csv          *csv.Writer
	w            io.Writer
	n            int
	all          []*passerelle.Meeting // ics only
}

// NewMeetingWriter starts an export in format "csv", "json" or "ics"; base is the
// server's address, for the meetings' URLs in a calendar.
func NewMeetingWriter(w io.Writer, format, base string) (*MeetingWriter, error) {
	mw := &MeetingWriter{format: format, base: base, w: w}
	switch format {
	case "csv":
		mw.csv = csv.NewWriter(w)
		return mw, writeCSV(mw.csv, MeetingColumns)
	case "json":
		_, err := io.WriteString(w, "[")
		return mw, err
	case "ics":
		return mw, nil
	}
	return nil, passerelle.FieldError("format", "use csv, json or ics")
}

// Write adds meetings.
func (mw *MeetingWriter) Write(ms []*passerelle.Meeting) error {
	for _, m := range ms {
		switch mw.format {
		case "ics":
			mw.all = append(mw.all, m)
		case "json":
			sep := ",\n"
			if mw.n == 0 {
				sep = "\n"
			}
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if _, err := io.WriteString(mw.w, sep+string(b)); err != nil {
				return err
			}
		default:
			if err := writeCSV(mw.csv, meetingRecord(m)); err != nil {
				return err
			}
		}
		mw.n++
	}
	return nil
}

func meetingRecord(m *passerelle.Meeting) []string {
	ids := func(xs []int64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.FormatInt(x, 10)
		}
		return strings.Join(s, "; ")
	}
	names := func(rs []passerelle.NamedRef) string {
		s := make([]string, len(rs))
		for i, r := range rs {
			s[i] = r.Name
		}
		return strings.Join(s, "; ")
	}
	loc := m.MeetingLocation()
	originID := ""
	if m.OriginID != 0 {
		originID = strconv.FormatInt(m.OriginID, 10)
	}
	const local = "2006-01-02 15:04"
	return []string{strconv.FormatInt(m.ID, 10), m.UID, m.Title, m.Start.UTC().Format(time.RFC3339), m.End.UTC().Format(time.RFC3339),
		m.TimeZone, m.Start.In(loc).Format(local), m.End.In(loc).Format(local), m.Location, m.Room, m.VideoURL, string(m.Status),
		string(m.Origin), originID, names(m.Organizations), ids(m.OrganizationIDs), names(m.People), ids(m.PersonIDs),
		strings.Join(m.Attendees, "; "), m.Notes, m.PrivateNotes, string(m.Outcome), m.FollowUp, string(m.Visibility),
		strconv.Itoa(m.Sequence), m.CreatedAt.UTC().Format(time.RFC3339), m.UpdatedAt.UTC().Format(time.RFC3339)}
}

// Close ends the document.
func (mw *MeetingWriter) Close() error {
	switch mw.format {
	case "ics":
		return MeetingCalendar(mw.base, mw.all).SerializeTo(mw.w)
	case "json":
		_, err := io.WriteString(mw.w, "\n]\n")
		return err
	}
	mw.csv.Flush()
	return mw.csv.Error()
}
