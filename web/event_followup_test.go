package web_test

import (
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// TestEventSurveyFollowUp: the organiser sets the survey's second round (a bad number
// refused, naming the field, nothing saved); months after the event every participant
// with a meeting not answered since the round opened is mailed once more (a second click
// mails nobody), even one who answered right after; the link opens a page that asks
// again, beside their first answer; the statistics keep both rounds apart. A viewer
// may not send the reminders, another workspace finds nothing, another event's
// participant cannot answer for a meeting of this one.
func TestEventSurveyFollowUp(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) { testEventSurveyFollowUp(t, db) })
	}
}

func testEventSurveyFollowUp(t *testing.T, db *store.DB) {
	// Held a hundred days ago: its meetings are over, the survey's second round (six
	// months after, by default) not open yet.
	day := time.Now().AddDate(0, 0, -100).Format("2006-01-02")
	// Aiko's and Dora's profiles name themes, for the statistics by theme.
	profiles := strings.NewReplacer(`"name": "Aiko",`, `"name": "Aiko", "profile": {"themes": ["health.infectious"]},`,
		`"name": "Dora",`, `"name": "Dora", "profile": {"themes": ["health.biotech"]},`)
	f := newMailedEvent(t, db, profiles.Replace(strings.ReplaceAll(moveEvent, "2027-10-15", day)))
	mail, anon, alice, viewer, other, ctx, svc, r, eid := f.mail, f.anon, f.alice, f.viewer, f.other, f.ctx, f.svc, f.r, f.eid
	sent := func() map[string]string {
		mail.mu.Lock()
		defer mail.mu.Unlock()
		out := mail.sent
		mail.sent = map[string]string{}
		return out
	}
	remind := func(c *client) *http.Response {
		res, _ := c.do("POST", "/events/"+eid+"/survey-reminders", formType, "", false)
		return res
	}
	for _, step := range []string{"schedule", "publish"} {
		if res, _ := alice.do("POST", "/events/"+eid+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", step, res.StatusCode)
		}
	}
	if _, page := alice.get("/events/" + eid); !strings.Contains(between(page, `id="event-followup-months"`, "</dd>"), "6") ||
		!strings.Contains(between(page, `id="event-followup"`, "</p>"), time.Now().AddDate(0, 0, -100).AddDate(0, 6, 0).Format("2006-01-02")) {
		t.Errorf("the event's page does not show when the second round opens: %s", between(page, `id="event-followup"`, "</p>"))
	}
	ps, err := svc.EventParticipants(ctx, r.Event.ID)
	must(t, err)
	pid := map[string]int64{}
	for _, p := range ps {
		pid[p.Ref] = p.ID
	}
	ms, err := svc.EventMeetings(ctx, r.Event.ID)
	must(t, err)
	var de int64
	for _, m := range ms {
		if m.To == "e" {
			de = m.Meeting.ID
		}
	}
	// Emil answers right after: the first round's reminders leave him out.
	must(t, svc.SaveOutcome(ctx, f.w.ws.ID, pid["e"], de, passerelle.OutcomeFurtherTalks))
	if res := remind(alice); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the first round's reminders: %d", res.StatusCode)
	}
	if got := sent(); len(got) != 3 || got["e@example.org"] != "" {
		t.Errorf("the first round mailed %d: %q", len(got), got)
	}

	// The organiser sets the second round two months after the event: it is open.
	form := func(months string) url.Values {
		return url.Values{"name": {"Move partnering"}, "slug": {"move-ev"}, "time_zone": {"Asia/Tokyo"}, "meeting_minutes": {"30"},
			"tables": {"2"}, "days": {day + " 10:00-12:30 11:00-11:30"}, "followup_months": {months}}
	}
	for _, bad := range []string{"abc", "37", "-1"} {
		if res, body := alice.do("POST", "/events/"+eid, formType, form(bad).Encode(), false); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "between 1 and 36 months") {
			t.Errorf("followup_months %q: %d", bad, res.StatusCode)
		}
	}
	if e, err := svc.FindEventByID(ctx, r.Event.ID); err != nil || e.FollowUpMonths != 0 {
		t.Fatalf("a refused form saved: %v %v", e, err)
	}
	if res, _ := viewer.do("POST", "/events/"+eid, formType, form("2").Encode(), false); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer sets the second round: %d", res.StatusCode)
	}
	if res, _ := alice.do("POST", "/events/"+eid, formType, form("2").Encode(), false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("followup_months 2: %d", res.StatusCode)
	}
	if e, err := svc.FindEventByID(ctx, r.Event.ID); err != nil || e.FollowUpMonths != 2 || e.Status != passerelle.EventPublished {
		t.Fatalf("the second round set: %+v %v", e, err)
	}
	if res := remind(viewer); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer sends the reminders: %d", res.StatusCode)
	}
	if res := remind(other); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace sends the reminders: %d", res.StatusCode)
	}
	if res, _ := other.get("/events/" + eid + "/stats"); res.StatusCode != http.StatusNotFound {
		t.Errorf("another workspace reads the statistics: %d", res.StatusCode)
	}
	if got := sent(); len(got) != 0 {
		t.Fatalf("refused attempts mailed: %q", got)
	}
	if res := remind(alice); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the second round's reminders: %d", res.StatusCode)
	}
	got := sent()
	for _, to := range []string{"a@example.jp", "b@example.fr", "d@example.org", "e@example.org"} {
		if !surveyLink.MatchString(got[to]) || !strings.Contains(got[to], "2 months") && !strings.Contains(got[to], "2 mois") {
			t.Errorf("the second round's reminder to %s:\n%s", to, got[to])
		}
	}
	if len(got) != 4 {
		t.Errorf("the second round mailed %d: %q", len(got), got)
	}
	if res := remind(alice); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the reminders again: %d", res.StatusCode)
	}
	if again := sent(); len(again) != 0 {
		t.Errorf("a second click mailed again: %q", again)
	}
	if _, page := alice.get("/events/" + eid); !strings.Contains(between(page, `id="event-reminded"`, "</p>"), ": 4 / 5") {
		t.Errorf("the event's page does not count the second round: %s", between(page, `id="event-reminded"`, "</p>"))
	}
	// Emil's link: his page asks again, beside his first answer, and keeps the rounds apart.
	emil := anon()
	if res, _ := emil.do("POST", surveyLink.FindString(got["e@example.org"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the reminder's link: %d", res.StatusCode)
	}
	mid := id(de)
	if _, page := emil.get("/e/net/move-ev"); !strings.Contains(page, `id="outcome-round-`+mid+`"`) ||
		!strings.Contains(between(page, `id="outcome-round-`+mid+`"`, "</span>"), "further talks") &&
			!strings.Contains(between(page, `id="outcome-round-`+mid+`"`, "</span>"), "Further talks") {
		t.Errorf("Emil's page does not ask again beside his first answer: %s", between(page, `id="outcome-`+mid, "</form>"))
	}
	if res, _ := emil.do("POST", "/e/net/move-ev/meetings/"+mid+"/outcome", formType, "outcome=agreement_reached", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Emil's answer months later: %d", res.StatusCode)
	}

	// Another event's participant, signed in by their own reminder, cannot answer for it.
	otherEv := strings.NewReplacer("move-ev", "other-ev", "@example", "@other.example").Replace(strings.ReplaceAll(moveEvent, "2027-10-15", day))
	imp, err := interchange.ReadEvent(strings.NewReader(otherEv))
	must(t, err)
	r2, err := svc.ImportEvent(ctx, imp)
	must(t, err)
	for _, step := range []string{"schedule", "publish"} {
		if res, _ := alice.do("POST", "/events/"+id(r2.Event.ID)+"/"+step, formType, "", false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("the other event's %s: %d", step, res.StatusCode)
		}
	}
	if res, _ := alice.do("POST", "/events/"+id(r2.Event.ID)+"/survey-reminders", formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other event's reminders: %d", res.StatusCode)
	}
	stranger := anon()
	if res, _ := stranger.do("POST", surveyLink.FindString(sent()["d@other.example.org"]), formType, "", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other event's link: %d", res.StatusCode)
	}
	for _, path := range []string{"/e/net/move-ev/meetings/" + mid + "/outcome", "/e/net/other-ev/meetings/" + mid + "/outcome"} {
		if res, _ := stranger.do("POST", path, formType, "outcome=no_further_contact", false); res.StatusCode != http.StatusNotFound {
			t.Errorf("another event's participant answers at %s: %d", path, res.StatusCode)
		}
	}

	_, body := alice.get("/events/" + eid + "/stats")
	if !strings.Contains(between(body, `id="event-survey"`, "</p>"), ": 1") || !strings.Contains(between(body, `id="event-survey-later"`, "</p>"), ": 1") {
		t.Errorf("the statistics: %s / %s", between(body, `id="event-survey"`, "</p>"), between(body, `id="event-survey-later"`, "</p>"))
	}
	st, err := svc.EventSurvey(ctx, r.Event.ID)
	must(t, err)
	if st.Right["further_talks"] != 1 || st.Later["agreement_reached"] != 1 || len(st.Later) != 1 {
		t.Errorf("the rounds are mixed: %+v", st)
	}

	// By theme: Infectious diseases (Aiko) has her two requests, Biotech (Dora) hers
	// with Emil, which led further; nothing was held. A viewer reads them; another
	// workspace and another event's participant do not.
	themes := func(c *client) (int, string) {
		res, body := c.get("/events/" + eid + "/stats")
		return res.StatusCode, between(body, `id="event-themes"`, "</section>")
	}
	for _, c := range []*client{alice, viewer} {
		code, chart := themes(c)
		var ns []string
		for _, m := range regexp.MustCompile(`<title>(\d+)</title>`).FindAllStringSubmatch(chart, -1) {
			ns = append(ns, m[1])
		}
		if code != http.StatusOK || strings.Count(chart, `class="theme-row"`) != 2 || strings.Join(ns, " ") != "2 0 0 1 0 1" ||
			!strings.Contains(chart, "<svg") || strings.Contains(chart, "<script") {
			t.Errorf("the chart by theme: %d %v\n%s", code, ns, chart)
		}
	}
	for _, c := range []*client{other, stranger, emil} {
		if code, chart := themes(c); code == http.StatusOK || chart != "" {
			t.Errorf("the statistics by theme answer %d to an outsider", code)
		}
	}

	// The XLSX export's sheet "statistics" has the page's figures, numbers as numbers:
	// Dora and Emil's meeting held, Aiko and Jean's a no-show.
	for _, m := range ms {
		st := map[string]string{"de": "held", "ab": "no_show"}[m.From+m.To]
		if st == "" {
			continue
		}
		if res, _ := alice.do("POST", "/meetings/"+id(m.Meeting.ID)+"/status", formType, url.Values{"status": {st}}.Encode(), false); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark %s%s %s: %d", m.From, m.To, st, res.StatusCode)
		}
	}
	res, xbody := viewer.get("/events/" + eid + "/export.xlsx")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(xbody))
	must(t, err)
	rows, err := x.GetRows("statistics")
	must(t, err)
	if len(rows) < 2 || strings.Join(rows[0], ",") != "section,item,label,value,held,led_further" {
		t.Fatalf("the sheet statistics: %q", rows)
	}
	sheet := map[string][]string{}
	for _, row := range rows[1:] {
		sheet[row[0]+"/"+row[1]] = row[2:]
	}
	value := func(key string) float64 {
		t.Helper()
		r := sheet[key]
		if len(r) < 2 {
			t.Errorf("no figure %s in %q", key, rows)
			return -1
		}
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil {
			t.Errorf("%s is not a number: %q", key, r[1])
		}
		return v
	}
	stats, err := svc.EventStatistics(ctx, r.Event.ID)
	must(t, err)
	for key, want := range map[string]float64{
		"participants/total": 5, "requests/total": float64(stats.RequestCount), "requests/accepted": float64(stats.Requests["accepted"]),
		"meetings/held": 1, "meetings/no_show": 1,
		"survey_after_event/meetings_answered": 1, "survey_after_event/further_talks": 1,
		"survey_months_later/meetings_answered": 1, "survey_months_later/agreement_reached": 1,
		"themes/health.infectious": 2, "themes/health.biotech": 1,
	} {
		if v := value(key); v != want {
			t.Errorf("%s: %v, want %v", key, v, want)
		}
	}
	if rate := value("requests/acceptance_rate"); stats.RequestCount == 0 || math.Abs(rate-float64(stats.Requests["accepted"])/float64(stats.RequestCount)) > 0.0001 {
		t.Errorf("acceptance rate %v of %+v", rate, stats.Requests)
	}
	if bio := sheet["themes/health.biotech"]; len(bio) != 4 || bio[0] == "" || bio[0] == "health.biotech" || bio[2] != "1" || bio[3] != "1" {
		t.Errorf("the theme Biotech: label, requests, held, led further: %q", bio)
	}
	countries := 0
	for k, r := range sheet {
		if strings.HasPrefix(k, "countries/") && len(r) > 1 {
			n, _ := strconv.Atoi(r[1])
			countries += n
		}
	}
	if countries != 5 {
		t.Errorf("participants by country add up to %d, want 5: %q", countries, rows)
	}
	// The run-up by day adds up to the participants and the requests.
	byDay := map[string]int{}
	for k, r := range sheet {
		if sec, _, ok := strings.Cut(k, "/"); ok && strings.HasSuffix(sec, "_by_day") && len(r) > 1 {
			n, _ := strconv.Atoi(r[1])
			byDay[sec] += n
		}
	}
	if byDay["participants_by_day"] != 5 || byDay["requests_by_day"] != stats.RequestCount {
		t.Errorf("the run-up by day adds up to %v, want 5 participants and %d requests", byDay, stats.RequestCount)
	}
	for i := range rows[1:] {
		cell := "D" + strconv.Itoa(i+2)
		if ct, err := x.GetCellType("statistics", cell); err != nil || ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
			t.Errorf("%s is text, not a number", cell)
		}
	}
}
