package store_test

import (
	"strings"
	"testing"

	"passerelle"
	"passerelle/missions"
	"passerelle/store"
)

// TestMissionStatusBudgetAgreement: a mission keeps its status, budget and the agreement
// it serves; a plan moves a draft to planned, not a later status; a cancelled mission is
// not planned; bad values are named and nothing is saved; another member's private
// agreement is neither named to nor changed by a reader who may not read it.
func TestMissionStatusBudgetAgreement(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		agrs, svc := store.NewAgreementService(db), store.NewMissionService(db)
		shared := &passerelle.Agreement{Title: "Shared soft landing", Type: passerelle.TypeSoftLanding}
		private := &passerelle.Agreement{Title: "Alpha's secret convention", Type: passerelle.TypeSoftLanding, Visibility: passerelle.VisibilityPrivate}
		must(t, agrs.CreateAgreement(f.bob, shared))
		must(t, agrs.CreateAgreement(f.alice, private))
		cents := int64(1250050)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2014-09-08", EndDate: "2014-09-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 90, Status: passerelle.MissionUnderWay,
			BudgetCents: &cents, BudgetCurrency: " dkk", AgreementID: shared.ID}
		must(t, svc.CreateMission(f.bob, m))
		got, err := svc.FindMission(f.alice, "cph")
		must(t, err)
		if got.Status != passerelle.MissionUnderWay || got.BudgetCents == nil || *got.BudgetCents != cents || got.Budget != "12500.50" ||
			got.BudgetCurrency != "DKK" || got.AgreementID != shared.ID || got.AgreementTitle != "Shared soft landing" {
			t.Errorf("read back: status %q budget %v %q %q agreement %d %q", got.Status, got.BudgetCents, got.Budget, got.BudgetCurrency, got.AgreementID, got.AgreementTitle)
		}
		if l, _ := svc.FindMissions(f.bob); len(l) != 1 || l[0].Status != "under_way" || l[0].Kind != "outgoing" {
			t.Errorf("list: %+v", l)
		}

		// Bad values, each named; nothing saved.
		for _, tc := range []struct {
			field  string
			change func(m *passerelle.Mission)
		}{
			{"status", func(m *passerelle.Mission) { m.Status = "lost" }},
			{"budget", func(m *passerelle.Mission) { n := int64(-1); m.BudgetCents = &n }},
			{"budget_currency", func(m *passerelle.Mission) { m.BudgetCurrency = "euro" }},
			{"agreement_id", func(m *passerelle.Mission) { m.AgreementID = 987654 }},
			{"agreement_id", func(m *passerelle.Mission) { m.AgreementID = private.ID }}, // bob may not read it
		} {
			x := &passerelle.Mission{Slug: "bad", Name: "Bad", StartDate: "2014-09-08", EndDate: "2014-09-10", TimeZone: "Europe/Copenhagen", MeetingMinutes: 60}
			tc.change(x)
			if err := svc.CreateMission(f.bob, x); passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("%s: %v", tc.field, err)
			}
			got.Status, got.BudgetCents, got.BudgetCurrency, got.AgreementID = passerelle.MissionUnderWay, &cents, "DKK", shared.ID
			tc.change(got)
			got.Targets = nil
			if err := svc.UpdateMission(f.bob, got); passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("update %s: %v", tc.field, err)
			}
		}
		if l, _ := svc.FindMissions(f.bob); len(l) != 1 {
			t.Errorf("refused missions saved: %+v", l)
		}
		if again, _ := svc.FindMission(f.bob, "cph"); again.Status != passerelle.MissionUnderWay || again.AgreementID != shared.ID || again.BudgetCurrency != "DKK" {
			t.Errorf("refused update saved: %+v", again)
		}

		// Alice links her private agreement: bob learns only that there is one, and his
		// update keeps it; he may not replace it; alice may.
		m, _ = svc.FindMission(f.alice, "cph")
		m.AgreementID, m.Targets = private.ID, nil
		must(t, svc.UpdateMission(f.alice, m))
		b, err := svc.FindMission(f.bob, "cph")
		must(t, err)
		if b.AgreementID != 0 || b.AgreementTitle != "" || !b.AgreementPrivate {
			t.Errorf("bob reads the private agreement: %d %q %v", b.AgreementID, b.AgreementTitle, b.AgreementPrivate)
		}
		b.Name, b.Targets = "Copenhagen by Bob", nil
		must(t, svc.UpdateMission(f.bob, b))
		if a, _ := svc.FindMission(f.alice, "cph"); a.AgreementID != private.ID || a.Name != "Copenhagen by Bob" {
			t.Errorf("bob's update lost alice's agreement: %d %q", a.AgreementID, a.Name)
		}
		b.AgreementID = shared.ID
		if err := svc.UpdateMission(f.bob, b); passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), "agreement_id") {
			t.Errorf("bob replaces alice's agreement: %v", err)
		}
		a, _ := svc.FindMission(f.alice, "cph")
		a.AgreementID, a.Targets = 0, nil
		must(t, svc.UpdateMission(f.alice, a))
		if a, _ := svc.FindMission(f.alice, "cph"); a.AgreementID != 0 || a.AgreementPrivate {
			t.Errorf("alice's clear: %d %v", a.AgreementID, a.AgreementPrivate)
		}

		// A plan moves a draft to planned, and leaves a later status alone.
		d := &passerelle.Mission{Slug: "draft", Name: "Draft", StartDate: "2014-09-08", EndDate: "2014-09-10", TimeZone: "Europe/Copenhagen", MeetingMinutes: 60}
		must(t, svc.CreateMission(f.bob, d))
		if d.Status != passerelle.MissionDraft {
			t.Errorf("new mission's status %q, want draft", d.Status)
		}
		must(t, svc.SetPlanJob(f.bob, d.ID, 42))
		must(t, svc.SetPlanJob(f.bob, m.ID, 43))
		if x, _ := svc.FindMission(f.bob, "draft"); x.Status != passerelle.MissionPlanned {
			t.Errorf("planned draft: %q", x.Status)
		}
		if x, _ := svc.FindMission(f.bob, "cph"); x.Status != passerelle.MissionUnderWay {
			t.Errorf("planned mission under way: %q", x.Status)
		}
		d.Status, d.LeadPersonID, d.Targets = passerelle.MissionCancelled, f.person.ID, []passerelle.MissionTarget{{OrganizationID: f.org.ID}}
		if _, err := missions.Request(d); passerelle.ErrorCode(err) != passerelle.EINVALID || !strings.Contains(err.Error(), "cancelled") {
			t.Errorf("plan of a cancelled mission: %v", err)
		}
	})
}

// TestCancelMissionCancelsMeetings: cancelling a mission cancels, in the same
// transaction, the meetings of its programme yet to be held (planned, confirmed),
// another member's private one too, each audited with its sequence raised; held and
// already cancelled meetings and another mission's stay as they are; the count is of the
// meetings the writer may read. Saving the cancelled mission again cancels nothing more,
// and reopening it leaves the meetings cancelled, a re-plan too.
func TestCancelMissionCancelsMeetings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Status: passerelle.MissionPlanned}
		other := &passerelle.Mission{Slug: "osl", Name: "Oslo", StartDate: "2027-03-10", EndDate: "2027-03-10",
			TimeZone: "Europe/Oslo", MeetingMinutes: 60, Status: passerelle.MissionPlanned}
		must(t, svc.CreateMission(f.system, m))
		must(t, svc.CreateMission(f.system, other))
		add := func(title string, mission int64, status passerelle.MeetingStatus, private bool) *passerelle.Meeting {
			x := f.meeting(title)
			x.Origin, x.OriginID, x.Status = passerelle.OriginMission, mission, status
			c := f.system
			if private {
				x.Visibility, c = passerelle.VisibilityPrivate, f.alice
			}
			must(t, f.meetings.CreateMeeting(c, x))
			return x
		}
		planned := add("Planned", m.ID, passerelle.MeetingPlanned, false)
		confirmed := add("Confirmed", m.ID, passerelle.MeetingConfirmed, false)
		held := add("Held", m.ID, passerelle.MeetingHeld, false)
		noShow := add("No show", m.ID, passerelle.MeetingNoShow, false)
		gone := add("Cancelled before", m.ID, passerelle.MeetingCancelled, false)
		alphas := add("Alpha's own", m.ID, passerelle.MeetingPlanned, true)
		oslo := add("Oslo meeting", other.ID, passerelle.MeetingPlanned, false)

		b, err := svc.FindMission(f.bob, "cph")
		must(t, err)
		b.Status, b.Targets = passerelle.MissionCancelled, nil
		must(t, svc.UpdateMission(f.bob, b))
		if b.MeetingsCancelled != 2 {
			t.Errorf("bob is told %d meetings cancelled, want 2 (Alpha's private one is not his to count)", b.MeetingsCancelled)
		}
		for _, tc := range []struct {
			m    *passerelle.Meeting
			want passerelle.MeetingStatus
			seq  int
		}{
			{planned, passerelle.MeetingCancelled, 1}, {confirmed, passerelle.MeetingCancelled, 1}, {alphas, passerelle.MeetingCancelled, 1},
			{held, passerelle.MeetingHeld, 0}, {noShow, passerelle.MeetingNoShow, 0}, {gone, passerelle.MeetingCancelled, 0},
			{oslo, passerelle.MeetingPlanned, 0},
		} {
			got, err := f.meetings.FindMeetingByID(f.system, tc.m.ID)
			must(t, err)
			if got.Status != tc.want || got.Sequence != tc.m.Sequence+tc.seq {
				t.Errorf("%s: %s seq %d, want %s seq %d", tc.m.Title, got.Status, got.Sequence, tc.want, tc.m.Sequence+tc.seq)
			}
		}
		audit := store.NewAuditService(db)
		if e, _ := audit.FindAuditEntries(f.bob, passerelle.AuditFilter{Entity: "meeting", EntityID: planned.ID}); len(e) == 0 ||
			e[0].Changes["status"].New != "cancelled" {
			t.Errorf("the cancellation is not in the meeting's history: %+v", e)
		}
		if e, _ := audit.FindAuditEntries(f.bob, passerelle.AuditFilter{Entity: "meeting", EntityID: alphas.ID}); len(e) != 0 {
			t.Errorf("bob reads the history of Alpha's private meeting: %+v", e)
		}
		if e, _ := audit.FindAuditEntries(f.alice, passerelle.AuditFilter{Entity: "meeting", EntityID: alphas.ID}); len(e) == 0 ||
			e[0].Changes["status"].New != "cancelled" {
			t.Errorf("Alpha's history lacks the cancellation of her meeting: %+v", e)
		}
		if e, _ := audit.FindAuditEntries(f.bob, passerelle.AuditFilter{Entity: "mission", EntityID: m.ID}); len(e) == 0 ||
			e[0].Changes["status"].Old != "planned" || e[0].Changes["status"].New != "cancelled" {
			t.Errorf("the mission's history: %+v", e)
		}

		// A meeting put back by hand is not cancelled again by a later save of the
		// cancelled mission; reopening leaves the others cancelled.
		back, _ := f.meetings.FindMeetingByID(f.system, planned.ID)
		back.Status = passerelle.MeetingPlanned
		must(t, f.meetings.UpdateMeeting(f.system, back))
		b, _ = svc.FindMission(f.bob, "cph")
		b.Name, b.Targets = "Copenhagen, cancelled", nil
		must(t, svc.UpdateMission(f.bob, b))
		if got, _ := f.meetings.FindMeetingByID(f.system, planned.ID); b.MeetingsCancelled != 0 || got.Status != passerelle.MeetingPlanned {
			t.Errorf("a save of the cancelled mission: %d cancelled, the meeting put back is %s", b.MeetingsCancelled, got.Status)
		}
		b.Status = passerelle.MissionPlanned
		must(t, svc.UpdateMission(f.bob, b))
		if got, _ := f.meetings.FindMeetingByID(f.system, confirmed.ID); got.Status != passerelle.MeetingCancelled || b.MeetingsCancelled != 0 {
			t.Errorf("reopened: the confirmed meeting is %s", got.Status)
		}
	})
}

// TestReopenedMissionReplan: a mission planned, cancelled and reopened keeps its
// programme's meetings cancelled, and a re-plan does not request them again.
func TestReopenedMissionReplan(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := newMeetingFixture(t, db)
		svc := store.NewMissionService(db)
		m := &passerelle.Mission{Slug: "cph", Name: "Copenhagen", StartDate: "2027-03-10", EndDate: "2027-03-10", TimeZone: "Europe/Copenhagen",
			MeetingMinutes: 60, LeadPersonID: f.person.ID, Targets: []passerelle.MissionTarget{{OrganizationID: f.org.ID}}}
		must(t, svc.CreateMission(f.system, m))
		if _, err := missions.Plan(f.system, db, "cph"); err != nil {
			t.Fatal(err)
		}
		prog, _ := svc.MissionMeetings(f.bob, m.ID)
		if len(prog) != 1 || prog[0].Status != passerelle.MeetingPlanned {
			t.Fatalf("programme: %+v", prog)
		}
		b, _ := svc.FindMission(f.bob, "cph")
		b.Status, b.Targets = passerelle.MissionCancelled, nil
		must(t, svc.UpdateMission(f.bob, b))
		if b.MeetingsCancelled != 1 {
			t.Errorf("cancelled %d, want 1", b.MeetingsCancelled)
		}
		b.Status = passerelle.MissionPlanned
		must(t, svc.UpdateMission(f.bob, b))
		if _, err := missions.Plan(f.system, db, "cph"); err != nil {
			t.Fatal(err)
		}
		prog, _ = svc.MissionMeetings(f.bob, m.ID)
		if len(prog) != 1 || prog[0].Status != passerelle.MeetingCancelled {
			for _, x := range prog {
				t.Errorf("after reopening and re-planning: %s %s", x.Title, x.Status)
			}
		}
	})
}
