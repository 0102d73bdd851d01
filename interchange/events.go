package interchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"passerelle"
)

// MaxEventFile bounds an event file: a BIO-size event (3,500 participants, 110,000
// requests) is about 15 MB.
const MaxEventFile = 256 << 20

// eventFile is the interchange format of an event (docs/events.md). Unknown fields are
// ignored, so that files written by other tools with more fields import.
type eventFile struct {
	Slug           string                  `json:"slug"`
	Name           string                  `json:"name"`
	TimeZone       string                  `json:"time_zone"`
	Location       string                  `json:"location"`
	MeetingMinutes int                     `json:"meeting_minutes"`
	MaxMeetings    int                     `json:"max_meetings"`
	VideoURL       string                  `json:"video_url"`
	FollowUpMonths int                     `json:"followup_months"`
	Tables         json.RawMessage         `json:"tables"`
	Days           []passerelle.EventDay   `json:"days"`
	Phases         []passerelle.EventPhase `json:"phases"`
	Participants   []json.RawMessage       `json:"participants"`
	Requests       []json.RawMessage       `json:"requests"`
	// Questions: the registration questions, whole; absent, the stored ones stay.
	Questions json.RawMessage `json:"questions"`
}

type participantFile struct {
	Ref          string              `json:"ref"`
	Name         string              `json:"name"`
	Email        string              `json:"email"`
	Organization passerelle.EventOrg `json:"organization"`
	// Profile: summary, themes (the workspace's codes), offers and requests; checked
	// against the workspace's themes when the store imports it. Absent: the stored one stays.
	Profile *passerelle.EventProfile `json:"profile"`
	// Answers to the registration questions, as the export writes them; absent, the
	// stored ones stay.
	Answers *[]passerelle.EventAnswer `json:"answers"`
	// Unavailable periods; absent, the stored ones stay (a participant may set their
	// own), and an empty list clears them.
	Unavailable *[]periodFile `json:"unavailable"`
}

// periodFile is a period of a file, in the event's local time.
type periodFile struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type requestFile struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Status   string `json:"status"`
	Priority *int   `json:"priority"`
	Message  string `json:"message"`
	Offer    string `json:"offer"` // the ref of the recipient's offer or request it is about
	Slot     string `json:"slot"`  // the free slot it asks for, local time
}

// jsonError names the JSON path of a decoding error.
func jsonError(at string, data []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		p := at
		if te.Field != "" {
			if p != "" {
				p += "."
			}
			p += te.Field
		}
		if p == "" {
			p = "$"
		}
		return passerelle.FieldError(p, "expected a JSON %s, found %s", te.Type.String(), te.Value)
	case errors.As(err, &se):
		// Offset counts the bytes read, the bad one included; a file cut short is
		// named where its text ends.
		off := int(se.Offset) - 1
		if strings.HasPrefix(se.Error(), "unexpected end") {
			off = len(bytes.TrimRight(data, " \t\r\n"))
		}
		line, col := textPosition(data, off)
		return passerelle.Errorf(passerelle.EINVALID, "not JSON: %s (line %d, column %d)", se.Error(), line, col)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return passerelle.Errorf(passerelle.EINVALID, "the file ends in the middle of its JSON")
	}
	if at == "" {
		at = "$"
	}
	return passerelle.FieldError(at, "not valid here: %s", err.Error())
}

// textPosition returns the line and column (in characters, from 1) of the byte at
// offset off of data, or of the end when off is past it; encoding/json's errors give
// only the offset, which nobody can find in an editor.
func textPosition(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}

// ReadEvent reads and checks a whole event file: the first problem is returned with its
// JSON path (participants[12].organization.country) and nothing else is done with it.
func ReadEvent(r io.Reader) (*passerelle.EventImport, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxEventFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxEventFile {
		return nil, passerelle.Errorf(passerelle.EINVALID, "the file is larger than %d MB", MaxEventFile>>20)
	}
	// encoding/json would store U+FFFD for bytes that are not UTF-8 and keep a NUL
	// character, without a word: refused as the agreements and ROR readers refuse them.
	if line := invalidUTF8Line(data); line > 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "line %d: the text is not UTF-8, which JSON must be", line)
	}
	if path, bad := passerelle.JSONNULPath(data); bad {
		return nil, passerelle.NULError(path)
	}
	var f eventFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError("", data, err)
	}
	imp := &passerelle.EventImport{Event: passerelle.Event{
		Slug: f.Slug, Name: f.Name, TimeZone: f.TimeZone, Location: strings.TrimSpace(f.Location),
		MeetingMinutes: f.MeetingMinutes, MaxMeetings: f.MaxMeetings, VideoURL: strings.TrimSpace(f.VideoURL),
		FollowUpMonths: f.FollowUpMonths, Days: f.Days, Phases: f.Phases,
	}}
	// tables: a count (tables "1" to "N") or the tables' names.
	if t := bytes.TrimSpace(f.Tables); len(t) > 0 && string(t) != "null" {
		var n int
		if err := json.Unmarshal(t, &n); err == nil {
			if n < 0 || n > 10000 {
				return nil, passerelle.FieldError("tables", "between 0 and 10000")
			}
			for i := 1; i <= n; i++ {
				imp.Event.Tables = append(imp.Event.Tables, strconv.Itoa(i))
			}
		} else if err := json.Unmarshal(t, &imp.Event.Tables); err != nil {
			return nil, passerelle.FieldError("tables", "a number of tables or a list of their names")
		}
	}
	if err := imp.Event.Validate(); err != nil {
		return nil, err
	}
	if q := bytes.TrimSpace(f.Questions); len(q) > 0 && string(q) != "null" {
		var raws []json.RawMessage
		if err := json.Unmarshal(q, &raws); err != nil {
			return nil, jsonError("questions", q, err)
		}
		imp.Questions = make([]passerelle.EventQuestion, len(raws))
		for i, raw := range raws {
			if err := json.Unmarshal(raw, &imp.Questions[i]); err != nil {
				return nil, jsonError(fmt.Sprintf("questions[%d]", i), raw, err)
			}
		}
		if err := passerelle.CheckEventQuestions("questions", imp.Questions); err != nil {
			return nil, err
		}
		imp.QuestionsSet = true
	}
	ev := &imp.Event
	slots := map[int64]bool{}
	for _, sl := range ev.Slots() {
		slots[sl.Start.Unix()] = true
	}
	refs := make(map[string]int, len(f.Participants))
	for i, raw := range f.Participants {
		at := fmt.Sprintf("participants[%d]", i)
		var pf participantFile
		if err := json.Unmarshal(raw, &pf); err != nil {
			return nil, jsonError(at, raw, err)
		}
		p := &passerelle.EventParticipant{Ref: strings.TrimSpace(pf.Ref), Name: strings.TrimSpace(pf.Name),
			Email: strings.ToLower(strings.TrimSpace(pf.Email)), Organization: pf.Organization, Profile: pf.Profile}
		if pf.Answers != nil {
			// Checked against the questions by the store, which knows the stored ones.
			p.Answers = append([]passerelle.EventAnswer{}, *pf.Answers...)
		}
		if err := CheckParticipant(p, at); err != nil {
			return nil, err
		}
		if j, dup := refs[p.Ref]; dup {
			return nil, passerelle.FieldError(at+".ref", "participants[%d] has the same ref: %s", j, p.Ref)
		}
		refs[p.Ref] = i
		if pf.Unavailable != nil {
			p.Unavailable = make([]passerelle.Interval, 0, len(*pf.Unavailable))
		}
		var periods []periodFile
		if pf.Unavailable != nil {
			periods = *pf.Unavailable
		}
		for j, u := range periods {
			uat := fmt.Sprintf("%s.unavailable[%d]", at, j)
			s, err := ev.ParseLocal(u.Start)
			if err != nil {
				return nil, passerelle.FieldError(uat+".start", "not a local time (YYYY-MM-DDTHH:MM): %s", u.Start)
			}
			e, err := ev.ParseLocal(u.End)
			if err != nil {
				return nil, passerelle.FieldError(uat+".end", "not a local time (YYYY-MM-DDTHH:MM): %s", u.End)
			}
			p.Unavailable = append(p.Unavailable, passerelle.Interval{Start: s.UTC(), End: e.UTC()})
		}
		if err := p.CheckUnavailable(at); err != nil {
			return nil, err
		}
		imp.Participants = append(imp.Participants, p)
	}
	pairs := make(map[[2]string]int, len(f.Requests))
	accepted := map[string]int{}
	for i, raw := range f.Requests {
		at := fmt.Sprintf("requests[%d]", i)
		var rf requestFile
		if err := json.Unmarshal(raw, &rf); err != nil {
			return nil, jsonError(at, raw, err)
		}
		rq := &passerelle.EventRequest{From: strings.TrimSpace(rf.From), To: strings.TrimSpace(rf.To),
			Status: passerelle.RequestStatus(strings.TrimSpace(rf.Status)), Priority: 1, Message: strings.TrimSpace(rf.Message),
			OfferRef: strings.TrimSpace(rf.Offer)}
		if sv := strings.TrimSpace(rf.Slot); sv != "" {
			t, err := ev.ParseLocal(sv)
			if err != nil {
				return nil, passerelle.FieldError(at+".slot", "not a local time (YYYY-MM-DDTHH:MM): %s", sv)
			}
			if !slots[t.Unix()] {
				return nil, passerelle.FieldError(at+".slot", "not the start of one of the event's meeting slots: %s", sv)
			}
			rq.Slot = t.UTC()
		}
		if len(rq.OfferRef) > 50 {
			return nil, passerelle.FieldError(at+".offer", "at most 50 characters")
		}
		if rq.Status == "" {
			rq.Status = passerelle.RequestPending
		}
		if rf.Priority != nil {
			rq.Priority = *rf.Priority
		}
		if _, ok := refs[rq.From]; !ok {
			return nil, passerelle.FieldError(at+".from", "no participant has the ref %s", rq.From)
		}
		if _, ok := refs[rq.To]; !ok {
			return nil, passerelle.FieldError(at+".to", "no participant has the ref %s", rq.To)
		}
		if rq.From == rq.To {
			return nil, passerelle.FieldError(at+".to", "a participant cannot request a meeting with themselves")
		}
		if !rq.Status.Valid() {
			return nil, passerelle.FieldError(at+".status", "unknown status: %s (pending, accepted, declined, cancelled)", rq.Status)
		}
		if rq.Priority < 0 || rq.Priority > 100 {
			return nil, passerelle.FieldError(at+".priority", "between 0 and 100")
		}
		if len(rq.Message) > 2000 {
			return nil, passerelle.FieldError(at+".message", "at most 2000 characters")
		}
		k := [2]string{rq.From, rq.To}
		if j, dup := pairs[k]; dup {
			return nil, passerelle.FieldError(at, "requests[%d] is between the same two participants", j)
		}
		if j, dup := pairs[[2]string{rq.To, rq.From}]; dup {
			return nil, passerelle.FieldError(at, "requests[%d] is between the same two participants", j)
		}
		pairs[k] = i
		if rq.Status == passerelle.RequestAccepted && ev.MaxMeetings > 0 {
			for _, ref := range []string{rq.From, rq.To} {
				if accepted[ref]++; accepted[ref] > ev.MaxMeetings {
					return nil, passerelle.FieldError(at, "%s would have more than the event's maximum of %d meetings", ref, ev.MaxMeetings)
				}
			}
		}
		imp.Requests = append(imp.Requests, rq)
	}
	return imp, nil
}

// CheckParticipant normalises and checks what a participant says of themselves (the
// import's and the registration's rules); at is the JSON path or form prefix.
func CheckParticipant(p *passerelle.EventParticipant, at string) error {
	pre := at
	if pre != "" {
		pre += "."
	}
	p.Ref, p.Name, p.Email = strings.TrimSpace(p.Ref), strings.TrimSpace(p.Name), strings.ToLower(strings.TrimSpace(p.Email))
	o := &p.Organization
	o.Name, o.Country, o.Website = strings.TrimSpace(o.Name), strings.ToUpper(strings.TrimSpace(o.Country)), strings.TrimSpace(o.Website)
	switch {
	case p.Ref == "" || len(p.Ref) > 100:
		return passerelle.FieldError(pre+"ref", "required, at most 100 characters")
	case p.Name == "" || len(p.Name) > 300:
		return passerelle.FieldError(pre+"name", "required, at most 300 characters")
	case len(p.Email) > 300:
		return passerelle.FieldError(pre+"email", "at most 300 characters")
	case len(o.Name) > 500:
		return passerelle.FieldError(pre+"organization.name", "at most 500 characters")
	case o.Country != "" && !passerelle.IsCountry(o.Country):
		return passerelle.FieldError(pre+"organization.country", "unknown country: %s (ISO 3166 code such as FR)", o.Country)
	case len(o.Website) > 500:
		return passerelle.FieldError(pre+"organization.website", "at most 500 characters")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			return passerelle.FieldError(pre+"email", "not an email address: %s", p.Email)
		}
	}
	if o.Website != "" {
		if !strings.Contains(o.Website, "://") {
			o.Website = "https://" + o.Website
		}
		if u, err := url.Parse(o.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return passerelle.FieldError(pre+"organization.website", "use a full address such as https://example.org")
		}
	}
	if o.Name == "" && (o.Country != "" || o.Website != "") {
		return passerelle.FieldError(pre+"organization.name", "required")
	}
	return nil
}
