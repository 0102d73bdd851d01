package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"passerelle"
	"passerelle/store"
	"passerelle/store/storetest"
	"passerelle/web"
)

func testDBs(t testing.TB) map[string]*store.DB { return storetest.DBs(t) }

const testPassword = "test-password-123"

// world is two workspaces: "net" with members Alpha and Beta, and "other". Alpha keeps
// a private organisation and a private person; the others must never see them.
type world struct {
	srv      *httptest.Server
	handler  *web.Server
	db       *store.DB
	ws       *passerelle.Workspace
	alpha    *passerelle.Member
	beta     *passerelle.Member
	shared   *passerelle.Organization // shared, in net
	shared2  *passerelle.Organization
	private  *passerelle.Organization // private to Alpha
	sharedP  *passerelle.Person
	privateP *passerelle.Person  // private to Alpha
	linkPriv *passerelle.OrgLink // shared -> private
	linkShr  *passerelle.OrgLink // shared -> shared2
	affPriv  *passerelle.Affiliation
	affShr   *passerelle.Affiliation
	agrShr   *passerelle.Agreement       // shared and published
	agrPriv  *passerelle.Agreement       // private to Alpha
	meetShr  *passerelle.Meeting         // shared, with the shared organisation
	meetPriv *passerelle.Meeting         // private to Alpha, with its private organisation
	oppShr   *passerelle.Opportunity     // shared, Beta's, from the shared meeting
	oppPriv  *passerelle.Opportunity     // private to Alpha, from its private meeting
	projShr  *passerelle.Project         // shared, Beta's contract with the second shared organisation
	projPriv *passerelle.Project         // private to Alpha, its contract with its private organisation
	jobShr   *passerelle.Job             // a shared scheduling job
	jobPriv  *passerelle.Job             // private to Alpha, naming its private meeting title
	mission  *passerelle.Mission         // shared, with a shared target and Alpha's private one, serving Alpha's private agreement
	debPriv  *passerelle.Debrief         // Alpha's debrief: Alpha's users and the organisers only
	fuPriv   *passerelle.FollowUp        // Alpha's follow-up: the same
	secPriv  *passerelle.ReportSection   // a section of Alpha's 2027 report: Alpha's users and the managers only
	secNet   *passerelle.ReportSection   // a section of the network's 2027 report: the managers only
	users    map[string]*passerelle.User // alice, bob, viewer, coord, otheradmin
	tokens   map[string]string           // API token per user
	tokenIDs map[string]int64
	secrets  []string // invitations the access test fills {secret} with
}

const (
	privateOrgName    = "Secret Alpha Prospect"
	privatePersonName = "Zebulon Secretperson"
	sharedOrgName     = "Shared Visible Org"
	privateAgrTitle   = "Secret Alpha Convention"
	privateMeetTitle  = "Secret Alpha Meeting"
	privateOppTitle   = "Secret Alpha Letter of Intent"
	privateProjTitle  = "Secret Alpha Contract"
	privateNotesText  = "Secret Alpha Notes" // Alpha's private notes on the shared meeting
	// Alpha's private note on the shared person (the contact book's): no other member reads it.
	privatePersonNote = "Secret Alpha Person Note"
	// Alpha's debrief and follow-up: organisers (the coordinator) read them, no other member.
	privateDebriefText  = "Secret Alpha Debrief"
	privateFollowUpText = "Secret Alpha Follow-up"
	// The text of Alpha's report and of the network's: the managers read both, Alpha's
	// users Alpha's only, no other member either.
	privateSectionText = "Secret Alpha Report Text"
	networkSectionText = "Secret Network Report Text"
)

func newWorld(t testing.TB, db *store.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: db, users: map[string]*passerelle.User{}, tokens: map[string]string{}, tokenIDs: map[string]int64{}}
	wss := store.NewWorkspaceService(db)
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	w.ws = &passerelle.Workspace{Slug: "net", Name: "Network"}
	other := &passerelle.Workspace{Slug: "other", Name: "Other network"}
	must(t, wss.CreateWorkspace(root, w.ws))
	must(t, wss.CreateWorkspace(root, other))
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ws.ID))
	osys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(other.ID))
	w.alpha, w.beta = &passerelle.Member{Name: "Institut Alpha"}, &passerelle.Member{Name: "Institut Beta"}
	must(t, wss.CreateMember(sys, w.alpha))
	must(t, wss.CreateMember(sys, w.beta))
	om := &passerelle.Member{Name: "Other member"}
	must(t, wss.CreateMember(osys, om))

	orgs := store.NewOrganizationService(db)
	people := store.NewPersonService(db)
	w.shared = &passerelle.Organization{Name: sharedOrgName, Kind: passerelle.KindCompany, Country: "DK"}
	w.shared2 = &passerelle.Organization{Name: "Second Shared Org", Kind: passerelle.KindCluster, Country: "FR"}
	w.private = &passerelle.Organization{Name: privateOrgName, Kind: passerelle.KindCompany, Country: "DK",
		Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
	for _, o := range []*passerelle.Organization{w.shared, w.shared2, w.private} {
		must(t, orgs.CreateOrganization(sys, o))
	}
	must(t, orgs.CreateOrganization(osys, &passerelle.Organization{Name: "Elsewhere Org", Kind: passerelle.KindCompany}))
	w.linkPriv = &passerelle.OrgLink{Kind: passerelle.LinkLinked, FromID: w.shared.ID, ToID: w.private.ID}
	w.linkShr = &passerelle.OrgLink{Kind: passerelle.LinkParent, FromID: w.shared.ID, ToID: w.shared2.ID}
	must(t, orgs.CreateLink(sys, w.linkPriv))
	must(t, orgs.CreateLink(sys, w.linkShr))
	w.sharedP = &passerelle.Person{FirstName: "Ada", LastName: "Sharedperson"}
	w.privateP = &passerelle.Person{FirstName: "Zebulon", LastName: "Secretperson", Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
	must(t, people.CreatePerson(sys, w.sharedP))
	must(t, people.CreatePerson(sys, w.privateP))
	w.affShr = &passerelle.Affiliation{PersonID: w.sharedP.ID, OrganizationID: w.shared.ID, Role: "CEO"}
	w.affPriv = &passerelle.Affiliation{PersonID: w.privateP.ID, OrganizationID: w.shared.ID, Role: "CTO"}
	must(t, people.CreateAffiliation(sys, w.affShr))
	must(t, people.CreateAffiliation(sys, w.affPriv))
	// A shared person at the private organisation: the affiliation is Alpha's to see.
	must(t, people.CreateAffiliation(sys, &passerelle.Affiliation{PersonID: w.sharedP.ID, OrganizationID: w.private.ID, Role: "Adviser"}))

	agrs := store.NewAgreementService(db)
	w.agrShr = &passerelle.Agreement{Title: "Shared Visible Convention", Published: true, Partners: []passerelle.AgreementPartner{{OrganizationID: w.shared2.ID, Side: passerelle.SideForeign}}}
	w.agrPriv = &passerelle.Agreement{Title: privateAgrTitle, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID,
		Partners: []passerelle.AgreementPartner{{OrganizationID: w.private.ID, Side: passerelle.SideForeign}}}
	must(t, agrs.CreateAgreement(sys, w.agrShr))
	must(t, agrs.CreateAgreement(sys, w.agrPriv))

	missions := store.NewMissionService(db)
	w.mission = &passerelle.Mission{Slug: "cph", Name: "Copenhagen mission", StartDate: "2027-03-10", EndDate: "2027-03-11",
		TimeZone: "Europe/Copenhagen", MeetingMinutes: 60, Targets: []passerelle.MissionTarget{{OrganizationID: w.shared.ID}, {OrganizationID: w.private.ID}},
		Members:     []passerelle.MissionMember{{MemberID: w.alpha.ID, Goals: "imaging"}, {MemberID: w.beta.ID}},
		AgreementID: w.agrPriv.ID} // Alpha's private agreement: the access test checks that no other member reads its title
	must(t, missions.CreateMission(sys, w.mission))
	meetings := store.NewMeetingService(db)
	start := time.Date(2027, 3, 10, 8, 0, 0, 0, time.UTC)
	w.meetShr = &passerelle.Meeting{Title: "Shared Visible Meeting", Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen",
		OrganizationIDs: []int64{w.shared.ID}, PersonIDs: []int64{w.sharedP.ID}}
	w.meetPriv = &passerelle.Meeting{Title: privateMeetTitle, Start: start, End: start.Add(time.Hour), TimeZone: "Europe/Copenhagen",
		OrganizationIDs: []int64{w.private.ID}, PersonIDs: []int64{w.privateP.ID}, Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID,
		// Of the mission's programme: its routes ({mission}/meetings/{meeting}) are walked with it.
		Origin: passerelle.OriginMission, OriginID: w.mission.ID}
	must(t, meetings.CreateMeeting(sys, w.meetShr))
	must(t, meetings.CreateMeeting(sys, w.meetPriv))
	pipe := store.NewPipelineService(db)
	w.oppShr = &passerelle.Opportunity{Title: "Shared Visible Lead", MemberID: w.beta.ID, MeetingIDs: []int64{w.meetShr.ID}}
	w.oppPriv = &passerelle.Opportunity{Title: privateOppTitle, MemberID: w.alpha.ID, Visibility: passerelle.VisibilityPrivate,
		MeetingIDs: []int64{w.meetPriv.ID}, OrganizationIDs: []int64{w.private.ID}}
	must(t, pipe.CreateOpportunity(sys, w.oppShr))
	must(t, pipe.CreateOpportunity(sys, w.oppPriv))
	// Its client is the second organisation: tests delete the first, which a contract's
	// client may not be.
	w.projShr = &passerelle.Project{Kind: passerelle.KindRDContract, Title: "Shared Visible Contract", MemberID: w.beta.ID, ClientID: w.shared2.ID,
		OpportunityID: w.oppShr.ID, Amounts: []passerelle.ProjectAmount{{Year: 2027, AmountCents: 10_000_000}}}
	w.projPriv = &passerelle.Project{Kind: passerelle.KindRDContract, Title: privateProjTitle, MemberID: w.alpha.ID, ClientID: w.private.ID,
		OpportunityID: w.oppPriv.ID, Visibility: passerelle.VisibilityPrivate, Amounts: []passerelle.ProjectAmount{{Year: 2027, AmountCents: 7_000_000}}}
	must(t, pipe.CreateProject(sys, w.projShr))
	must(t, pipe.CreateProject(sys, w.projPriv))

	users := store.NewUserService(db)
	acc := store.NewAccountService(db)
	for _, u := range []struct {
		key    string
		ctx    context.Context
		member int64
		role   passerelle.Role
	}{
		{"alice", sys, w.alpha.ID, passerelle.RoleMember},
		{"bob", sys, w.beta.ID, passerelle.RoleMember},
		{"viewer", sys, w.beta.ID, passerelle.RoleViewer},
		{"coord", sys, w.beta.ID, passerelle.RoleCoordinator},
		{"otheradmin", osys, om.ID, passerelle.RoleAdmin},
	} {
		usr := &passerelle.User{Email: u.key + "@example.org", Name: u.key}
		must(t, users.CreateUser(u.ctx, usr))
		must(t, acc.SetPassword(u.ctx, usr.ID, testPassword))
		must(t, users.SetMembership(u.ctx, &passerelle.Membership{UserID: usr.ID, MemberID: u.member, Role: u.role}))
		tok, secret, err := acc.CreateAPIToken(u.ctx, usr.ID, "test")
		must(t, err)
		w.users[u.key], w.tokens[u.key], w.tokenIDs[u.key] = usr, secret, tok.ID
	}
	// Alpha's own notes on the shared meeting: no other member may read them anywhere.
	aa, err := acc.ActorFor(ctx, w.users["alice"].ID, w.ws.ID)
	must(t, err)
	notes := privateNotesText
	_, err = meetings.SetMeetingNotes(passerelle.NewContextWithActor(ctx, aa), w.meetShr.ID, store.MeetingNotes{Private: &notes})
	must(t, err)
	must(t, store.NewPersonService(db).SetMemberNote(passerelle.NewContextWithActor(ctx, aa), w.sharedP.ID, privatePersonNote))
	jobs := store.NewJobService(db)
	w.jobShr = &passerelle.Job{Kind: "meetings.schedule", Params: []byte(`{"title": "Shared Visible Job"}`)}
	w.jobPriv = &passerelle.Job{Kind: "meetings.schedule", Params: []byte(`{"title": "` + privateMeetTitle + `"}`),
		Visibility: passerelle.VisibilityPrivate, OwnerMemberID: w.alpha.ID}
	must(t, jobs.CreateJob(sys, w.jobShr))
	must(t, jobs.CreateJob(sys, w.jobPriv))
	w.debPriv = &passerelle.Debrief{MissionID: w.mission.ID, Member: passerelle.NamedRef{ID: w.alpha.ID}, Body: privateDebriefText}
	must(t, missions.CreateDebrief(sys, w.debPriv))
	must(t, missions.CreateDebrief(sys, &passerelle.Debrief{MissionID: w.mission.ID, Member: passerelle.NamedRef{ID: w.beta.ID}, Body: "Beta's debrief"}))
	w.fuPriv = &passerelle.FollowUp{MemberID: w.alpha.ID, Title: privateFollowUpText, MissionID: w.mission.ID}
	must(t, store.NewFollowUpService(db).CreateFollowUp(sys, w.fuPriv))
	sections := store.NewReportSectionService(db)
	w.secPriv = &passerelle.ReportSection{Year: 2027, MemberID: w.alpha.ID, Title: "Alpha in Denmark", Countries: []string{"DK"}, Body: privateSectionText}
	must(t, sections.CreateReportSection(passerelle.NewContextWithActor(ctx, aa), w.secPriv))
	w.secNet = &passerelle.ReportSection{Year: 2027, Title: "The network in Denmark", Body: networkSectionText}
	must(t, sections.CreateReportSection(sys, w.secNet))
	h, err := web.NewServer(db, web.Options{Version: "test"})
	must(t, err)
	w.handler = h
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)
	return w
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// client is a browser-like client: a cookie jar, redirects not followed.
type client struct {
	t     testing.TB
	base  string
	http  *http.Client
	token string
}

func (w *world) client(t testing.TB, user string) *client {
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: w.srv.URL, token: w.tokens[user], http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if user != "" {
		res, body := c.do("POST", "/login", "application/x-www-form-urlencoded",
			url.Values{"email": {user + "@example.org"}, "password": {testPassword}}.Encode(), false)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in %s: %d %s", user, res.StatusCode, body)
		}
	}
	return c
}

// mailServer serves db again with a mailer, for the pages that mail links (invitations,
// event sign-in, password resets); anon makes a fresh browser-like client of it. The
// server closes with the test.
func mailServer(t testing.TB, db *store.DB) (mail *fakeMailer, base string, anon func() *client) {
	t.Helper()
	mail = &fakeMailer{sent: map[string]string{}}
	h, err := web.NewServer(db, web.Options{Version: "test", Mailer: mail})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return mail, srv.URL, func() *client {
		jar, _ := cookiejar.New(nil)
		return &client{t: t, base: srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
}

// do sends a request; with useToken the API token goes in the Authorization header.
func (c *client) do(method, path, ctype, body string, useToken bool) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if useToken && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, "", "", false) }
