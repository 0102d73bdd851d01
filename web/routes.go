package web

import (
	"net/http"
	"passerelle"
	"passerelle/report"
	"passerelle/scheduling"
	"passerelle/store"
	"strings"
)

// Access is what a route requires of the caller. The store checks the same rules again
// (and visibility, which only it can); the route's level gives the right status early
// and lets the access test know what to expect.
type Access int

const (
	Public  Access = iota // anyone, signed in or not
	Reader                // any member of the workspace, viewers included
	Writer                // admin, coordinator, member
	Manager               // admin, coordinator
)

func (a Access) String() string {
	return [...]string{"public", "reader", "writer", "manager"}[a]
}

// Route is one entry of the route table.
type Route struct {
	Method string
	// Path is a ServeMux pattern. Wildcards name what they hold: {org}, {person},
	// {link}, {affiliation}, {user}, {token}, {secret}, {file}, {meeting}, {job}; the access test fills them.
	Path    string
	Name    string // unique; the OpenAPI operationId for API routes
	Summary string
	Access  Access
	// API marks JSON routes under /api/v1: errors as JSON, 401 instead of a redirect
	// to the sign-in page, and an entry in the OpenAPI document.
	API bool
	// Query lists the query parameters, for the OpenAPI document.
	Query []string
	// Body and Reply are example values whose types describe the request and the
	// response in the OpenAPI document; nil for none.
	Body, Reply any
	Handle      func(s *Server, w http.ResponseWriter, r *http.Request) error
}

// NavLink is an entry of the main navigation. Label is a catalogue key.
type NavLink struct {
	Label string
	Path  string
	Min   Access // the least access that sees the link
	// Show, when set, must also hold: the link leads somewhere this actor may go.
	Show func(*passerelle.Actor) bool
}

// navLinks is the main navigation, left to right.
var navLinks = []NavLink{
	{"nav.dashboard", "/", Reader, nil},
	{"nav.organizations", "/organizations", Reader, nil},
	{"nav.people", "/people", Reader, nil},
	{"nav.agenda", "/agenda", Reader, nil},
	{"nav.agreements", "/agreements", Reader, nil},
	{"nav.events", "/events", Reader, nil},
	{"nav.reports", "/reports", Reader, report.Readable},
	{"nav.pipeline", "/pipeline", Reader, nil},
	{"nav.kpis", "/kpis", Reader, nil},
	{"nav.missions", "/missions", Reader, nil},
	{"nav.contacts", "/contacts", Reader, nil},
	{"nav.themes", "/themes", Reader, nil},
	{"nav.outbox", "/outbox", Writer, nil},
	{"nav.users", "/users", Manager, nil},
	{"nav.audit", "/audit", Manager, nil},
}

// routeTable is every route of the server, pages and API: the mux, the OpenAPI document
// (API entries) and the access test are all derived from it. Add a route here and nowhere
// else.
var routeTable = []Route{
	{Method: "GET", Path: "/healthz", Name: "healthz", Summary: "Liveness, database kind and schema version", Access: Public, Handle: (*Server).healthz},
	{Method: "GET", Path: "/static/{file}", Name: "static", Summary: "Embedded assets at checksum names", Access: Public, Handle: (*Server).static},

	{Method: "GET", Path: "/login", Name: "signin_form", Summary: "Sign-in page", Access: Public, Handle: (*Server).signinForm},
	{Method: "POST", Path: "/login", Name: "signin", Summary: "Sign in", Access: Public, Handle: (*Server).signin},
	{Method: "POST", Path: "/logout", Name: "signout", Summary: "Sign out", Access: Public, Handle: (*Server).signout},
	{Method: "POST", Path: "/lang", Name: "lang", Summary: "Switch the language", Access: Public, Handle: (*Server).setLang},
	{Method: "GET", Path: "/password/forgot", Name: "password_forgot_form", Summary: "Ask for a password reset link", Access: Public, Handle: (*Server).passwordForgotForm},
	{Method: "POST", Path: "/password/forgot", Name: "password_forgot", Summary: "Ask for a password reset link", Access: Public, Handle: (*Server).passwordForgot},
	{Method: "GET", Path: "/password/reset/{secret}", Name: "password_reset_form", Summary: "Choose a new password", Access: Public, Handle: (*Server).passwordResetForm},
	{Method: "POST", Path: "/password/reset/{secret}", Name: "password_reset", Summary: "Choose a new password", Access: Public, Handle: (*Server).passwordReset},
	{Method: "GET", Path: "/invitations/{secret}", Name: "invitation_form", Summary: "Accept an invitation", Access: Public, Handle: (*Server).invitationForm},
	{Method: "POST", Path: "/invitations/{secret}", Name: "invitation_accept", Summary: "Accept an invitation", Access: Public, Handle: (*Server).invitationAccept},

	{Method: "GET", Path: "/{$}", Name: "dashboard", Summary: "Dashboard", Access: Reader, Handle: (*Server).dashboard},
	{Method: "GET", Path: "/search", Name: "search_page", Summary: "Search everything", Access: Reader, Handle: (*Server).searchPage},
	{Method: "GET", Path: "/organizations", Name: "organization_list", Access: Reader, Handle: (*Server).organizationList},
	{Method: "GET", Path: "/organizations/new", Name: "organization_new", Access: Writer, Handle: (*Server).organizationNew},
	{Method: "POST", Path: "/organizations", Name: "organization_create", Access: Writer, Handle: (*Server).organizationCreate},
	{Method: "GET", Path: "/organizations/duplicates", Name: "organization_duplicates", Access: Reader, Handle: (*Server).organizationDuplicates},
	{Method: "POST", Path: "/organizations/duplicates/not", Name: "organization_not_duplicate", Access: Writer, Handle: (*Server).organizationNotDuplicate},
	{Method: "POST", Path: "/organizations/{org}/merge", Name: "organization_merge", Access: Writer, Handle: (*Server).organizationMerge},
	{Method: "POST", Path: "/organizations/{org}/merges/{merge}/undo", Name: "organization_unmerge", Access: Writer, Handle: (*Server).organizationUnmerge},
	{Method: "GET", Path: "/organizations/import", Name: "organization_import_form", Access: Writer, Handle: (*Server).organizationImportForm},
	{Method: "POST", Path: "/organizations/import", Name: "organization_import", Access: Writer, Handle: (*Server).organizationImport},
	{Method: "GET", Path: "/organizations/{org}", Name: "organization_show", Access: Reader, Handle: (*Server).organizationShow},
	{Method: "GET", Path: "/organizations/{org}/edit", Name: "organization_edit", Access: Writer, Handle: (*Server).organizationEdit},
	{Method: "POST", Path: "/organizations/{org}", Name: "organization_update", Access: Writer, Handle: (*Server).organizationUpdate},
	{Method: "POST", Path: "/organizations/{org}/delete", Name: "organization_delete", Access: Writer, Handle: (*Server).organizationDelete},
	{Method: "POST", Path: "/organizations/{org}/links", Name: "organization_link_create", Access: Writer, Handle: (*Server).organizationLinkCreate},
	{Method: "POST", Path: "/organizations/{org}/links/{link}/delete", Name: "organization_link_delete", Access: Writer, Handle: (*Server).organizationLinkDelete},
	{Method: "GET", Path: "/people", Name: "person_list", Access: Reader, Handle: (*Server).personList},
	{Method: "GET", Path: "/people/new", Name: "person_new", Access: Writer, Handle: (*Server).personNew},
	{Method: "POST", Path: "/people", Name: "person_create", Access: Writer, Handle: (*Server).personCreate},
	{Method: "GET", Path: "/people/import", Name: "person_import_form", Access: Writer, Handle: (*Server).personImportForm},
	{Method: "POST", Path: "/people/import", Name: "person_import", Access: Writer, Handle: (*Server).personImport},
	{Method: "GET", Path: "/people/duplicates", Name: "person_duplicates", Access: Reader, Handle: (*Server).personDuplicates},
	{Method: "POST", Path: "/people/duplicates/not", Name: "person_not_duplicate", Access: Writer, Handle: (*Server).personNotDuplicate},
	{Method: "POST", Path: "/people/{person}/merge", Name: "person_merge", Access: Writer, Handle: (*Server).personMerge},
	{Method: "POST", Path: "/people/{person}/merges/{merge}/undo", Name: "person_unmerge", Access: Writer, Handle: (*Server).personUnmerge},
	{Method: "GET", Path: "/people/{person}", Name: "person_show", Access: Reader, Handle: (*Server).personShow},
	{Method: "GET", Path: "/people/{person}/edit", Name: "person_edit", Access: Writer, Handle: (*Server).personEdit},
	{Method: "POST", Path: "/people/{person}", Name: "person_update", Access: Writer, Handle: (*Server).personUpdate},
	{Method: "POST", Path: "/people/{person}/delete", Name: "person_delete", Access: Writer, Handle: (*Server).personDelete},
	{Method: "POST", Path: "/people/{person}/note", Name: "person_note", Summary: "The reader's member's private note on the person", Access: Writer, Handle: (*Server).personNoteSave},
	{Method: "POST", Path: "/people/{person}/consents", Name: "person_consent_add", Access: Writer, Handle: (*Server).personConsentAdd},
	{Method: "POST", Path: "/people/{person}/consents/{consent}/withdraw", Name: "person_consent_withdraw", Access: Writer, Handle: (*Server).personConsentWithdraw},
	{Method: "POST", Path: "/people/{person}/owner", Name: "person_owner", Access: Writer, Handle: (*Server).personOwner},
	{Method: "GET", Path: "/people/{person}/data", Name: "person_data", Access: Writer, Handle: (*Server).personData},
	{Method: "GET", Path: "/people/{person}/erase", Name: "person_erase_form", Access: Writer, Handle: (*Server).personEraseForm},
	{Method: "POST", Path: "/people/{person}/erase", Name: "person_erase", Access: Writer, Handle: (*Server).personErase},
	{Method: "POST", Path: "/people/{person}/affiliations", Name: "affiliation_create", Access: Writer, Handle: (*Server).affiliationCreate},
	{Method: "POST", Path: "/people/{person}/affiliations/{affiliation}/delete", Name: "affiliation_delete", Access: Writer, Handle: (*Server).affiliationDelete},
	{Method: "GET", Path: "/themes", Name: "theme_list", Access: Reader, Handle: (*Server).themeList},
	{Method: "POST", Path: "/themes", Name: "theme_create", Access: Manager, Handle: (*Server).themeCreate},
	{Method: "GET", Path: "/users", Name: "user_list", Access: Manager, Handle: (*Server).userList},
	{Method: "POST", Path: "/users/{user}/role", Name: "user_role", Access: Manager, Handle: (*Server).userRole},
	{Method: "POST", Path: "/users/{user}/reset-link", Name: "user_reset_link", Access: Manager, Handle: (*Server).userResetLink},
	{Method: "POST", Path: "/users/{user}/remove", Name: "user_remove", Access: Manager, Handle: (*Server).userRemove},
	{Method: "POST", Path: "/invitations", Name: "invitation_create", Access: Manager, Handle: (*Server).invitationCreate},
	{Method: "GET", Path: "/pipeline", Name: "pipeline_board", Summary: "The opportunity board of a member or of the network", Access: Reader, Handle: (*Server).pipelineBoard},
	{Method: "GET", Path: "/pipeline/new", Name: "opportunity_new", Summary: "The form of a new opportunity (?meeting=ID links a meeting)", Access: Writer, Handle: (*Server).opportunityNew},
	{Method: "POST", Path: "/pipeline/new", Name: "opportunity_create", Summary: "Record an opportunity", Access: Writer, Handle: (*Server).opportunityCreate},
	{Method: "GET", Path: "/pipeline/{opportunity}", Name: "opportunity_show", Summary: "An opportunity: its projects and contracts, and the form of all its fields", Access: Reader, Handle: (*Server).opportunityShow},
	{Method: "POST", Path: "/pipeline/{opportunity}", Name: "opportunity_update", Summary: "Save an opportunity's fields and links (an older version is refused with what changed)", Access: Writer, Handle: (*Server).opportunityUpdate},
	{Method: "POST", Path: "/pipeline/{opportunity}/delete", Name: "opportunity_delete", Summary: "Delete an opportunity (its projects keep their money)", Access: Writer, Handle: (*Server).opportunityDelete},
	{Method: "POST", Path: "/pipeline/{opportunity}/stage", Name: "opportunity_stage", Summary: "Move an opportunity to another stage", Access: Writer, Handle: (*Server).opportunityStage},
	{Method: "GET", Path: "/projects", Name: "project_list", Summary: "Projects and contracts, filtered like the figures", Access: Reader, Handle: (*Server).projectList},
	{Method: "GET", Path: "/projects/new", Name: "project_new", Summary: "The form of a new project or contract (?opportunity=ID fills it from a won opportunity)", Access: Writer, Handle: (*Server).projectNew},
	{Method: "POST", Path: "/projects", Name: "project_create", Summary: "Record a project or contract", Access: Writer, Handle: (*Server).projectCreate},
	{Method: "GET", Path: "/projects/{project}/edit", Name: "project_edit", Summary: "The form of a project or contract", Access: Writer, Handle: (*Server).projectEdit},
	{Method: "POST", Path: "/projects/{project}", Name: "project_update", Summary: "Save a project or contract", Access: Writer, Handle: (*Server).projectUpdate},
	{Method: "POST", Path: "/projects/{project}/delete", Name: "project_delete", Summary: "Delete a project or contract", Access: Writer, Handle: (*Server).projectDelete},
	{Method: "GET", Path: "/kpis", Name: "kpi_page", Summary: "The figures, each linked to its records", Access: Reader, Handle: (*Server).kpiPage},
	{Method: "GET", Path: "/kpis/companies", Name: "kpi_companies", Summary: "The records behind companies met abroad: the foreign organisations of the held meetings, filtered like the figures", Access: Reader, Handle: (*Server).kpiCompanies},
	{Method: "GET", Path: "/audit", Name: "audit_list", Access: Manager, Handle: (*Server).auditList},
	{Method: "GET", Path: "/account", Name: "account", Access: Reader, Handle: (*Server).account},
	{Method: "POST", Path: "/account/workspace", Name: "account_workspace", Access: Reader, Handle: (*Server).accountWorkspace},
	{Method: "POST", Path: "/account/password", Name: "account_password", Access: Reader, Handle: (*Server).accountPassword},
	{Method: "POST", Path: "/account/tokens", Name: "account_token_create", Access: Reader, Handle: (*Server).accountTokenCreate},
	{Method: "POST", Path: "/account/calendar", Name: "account_calendar", Summary: "Replace the calendar feed URL", Access: Reader, Handle: (*Server).accountCalendar},
	{Method: "POST", Path: "/account/tokens/{token}/delete", Name: "account_token_delete", Access: Reader, Handle: (*Server).accountTokenDelete},
	{Method: "GET", Path: "/agenda", Name: "agenda", Summary: "The user's agenda: the days ahead or a week", Access: Reader, Handle: (*Server).agenda},
	{Method: "GET", Path: "/meetings/new", Name: "meeting_new", Access: Writer, Handle: (*Server).meetingNew},
	{Method: "POST", Path: "/meetings", Name: "meeting_create", Access: Writer, Handle: (*Server).meetingCreate},
	{Method: "GET", Path: "/meetings/{meeting}", Name: "meeting_show", Summary: "A meeting: when, where, who, notes, outcome", Access: Reader, Handle: (*Server).meetingShow},
	{Method: "GET", Path: "/meetings/{meeting}/edit", Name: "meeting_edit", Access: Writer, Handle: (*Server).meetingEdit},
	{Method: "POST", Path: "/meetings/{meeting}", Name: "meeting_update", Access: Writer, Handle: (*Server).meetingUpdate},
	{Method: "POST", Path: "/meetings/{meeting}/status", Name: "meeting_status", Summary: "Mark a meeting held, no-show, confirmed or cancelled", Access: Writer, Handle: (*Server).meetingStatus},
	{Method: "POST", Path: "/meetings/{meeting}/attend", Name: "meeting_attend", Summary: "I attend this meeting, or no longer (attend=0)", Access: Writer, Handle: (*Server).meetingAttend},
	{Method: "POST", Path: "/meetings/{meeting}/notes", Name: "meeting_notes", Summary: "Shared and private notes, outcome", Access: Writer, Handle: (*Server).meetingNotes},
	{Method: "POST", Path: "/meetings/{meeting}/delete", Name: "meeting_delete", Access: Writer, Handle: (*Server).meetingDelete},

	// Background jobs (docs/jobs.md): a job's page with its live progress, and its Cancel button.
	{Method: "GET", Path: "/jobs/{job}", Name: "job_show", Summary: "A background job: progress, cancel, result", Access: Reader, Handle: (*Server).jobShow},
	{Method: "POST", Path: "/jobs/{job}/cancel", Name: "job_cancel", Summary: "Cancel a background job", Access: Writer, Handle: (*Server).jobCancel},

	// The register of cooperation agreements (docs/agreements.md).
	{Method: "GET", Path: "/agreements", Name: "agreement_list", Summary: "Agreements: search, facets, world map", Access: Reader, Handle: (*Server).agreementList},
	{Method: "GET", Path: "/agreements/new", Name: "agreement_new", Access: Writer, Handle: (*Server).agreementNew},
	{Method: "POST", Path: "/agreements", Name: "agreement_create", Access: Writer, Handle: (*Server).agreementCreate},
	{Method: "GET", Path: "/agreements/export", Name: "agreement_export", Summary: "Download the matching agreements (xlsx, csv, json)", Access: Reader, Handle: (*Server).agreementExport},
	{Method: "GET", Path: "/agreements/import", Name: "agreement_import_form", Access: Writer, Handle: (*Server).agreementImportForm},
	{Method: "POST", Path: "/agreements/import", Name: "agreement_import", Access: Writer, Handle: (*Server).agreementImport},
	{Method: "GET", Path: "/agreements/{agreement}", Name: "agreement_show", Access: Reader, Handle: (*Server).agreementShow},
	{Method: "GET", Path: "/agreements/{agreement}/edit", Name: "agreement_edit", Access: Writer, Handle: (*Server).agreementEdit},
	{Method: "POST", Path: "/agreements/{agreement}", Name: "agreement_update", Access: Writer, Handle: (*Server).agreementUpdate},
	{Method: "POST", Path: "/agreements/{agreement}/delete", Name: "agreement_delete", Access: Writer, Handle: (*Server).agreementDelete},
	{Method: "POST", Path: "/agreements/{agreement}/publish", Name: "agreement_publish", Access: Writer, Handle: (*Server).agreementPublish},

	// The annual international report (docs/reports.md): a member's own, or the network's for coordinators and administrators.
	{Method: "GET", Path: "/reports", Name: "report_index", Summary: "The report of the current year", Access: Reader, Handle: (*Server).reportIndex},
	{Method: "GET", Path: "/reports/{year}", Name: "report_show", Summary: "Annual international report: page, or ?format=pdf|xlsx; ?member=slug", Access: Reader, Handle: (*Server).reportShow},
	// The report's written text: its introduction and sections (coordinators and administrators any report's, a member's users of role member their own's).
	{Method: "GET", Path: "/reports/{year}/text", Name: "report_text", Summary: "Write the report's text; ?member=slug", Access: Writer, Handle: (*Server).reportText},
	{Method: "POST", Path: "/reports/{year}/text", Name: "report_text_create", Summary: "Add the introduction or a section", Access: Writer, Handle: (*Server).reportTextCreate},
	{Method: "POST", Path: "/reports/{year}/text/{section}", Name: "report_text_update", Summary: "Change a section", Access: Writer, Handle: (*Server).reportTextUpdate},
	{Method: "POST", Path: "/reports/{year}/text/{section}/delete", Name: "report_text_delete", Summary: "Delete a section", Access: Writer, Handle: (*Server).reportTextDelete},
	{Method: "POST", Path: "/reports/{year}/text/{section}/move", Name: "report_text_move", Summary: "Move a section up or down", Access: Writer, Handle: (*Server).reportTextMove},

	// A user's calendar feed: the secret in the path is the credential (docs/meetings.md).
	// The mux's wildcards fill whole segments: the handler cuts the ".ics".
	{Method: "GET", Path: "/calendar/{secret}", Name: "calendar_feed", Summary: "A user's meetings as an ICS calendar", Access: Public, Handle: (*Server).calendarFeed},

	// Partnering events (docs/events.md). A participant's feed: the secret is the credential.
	{Method: "GET", Path: "/event-feeds/{secret}", Name: "event_feed", Summary: "An event participant's meetings as an ICS calendar", Access: Public, Handle: (*Server).eventFeed},
	{Method: "GET", Path: "/events", Name: "event_list", Access: Reader, Handle: (*Server).eventList},
	{Method: "GET", Path: "/events/new", Name: "event_new", Access: Writer, Handle: (*Server).eventNew},
	{Method: "POST", Path: "/events", Name: "event_create", Access: Writer, Handle: (*Server).eventSave},
	{Method: "GET", Path: "/events/{event}", Name: "event_show", Access: Reader, Handle: (*Server).eventShow},
	{Method: "GET", Path: "/events/{event}/edit", Name: "event_edit", Access: Writer, Handle: (*Server).eventEdit},
	{Method: "POST", Path: "/events/{event}", Name: "event_update", Access: Writer, Handle: (*Server).eventSave},
	{Method: "POST", Path: "/events/{event}/schedule", Name: "event_schedule", Access: Writer, Handle: (*Server).eventSchedule},
	{Method: "POST", Path: "/events/{event}/publish", Name: "event_publish", Access: Writer, Handle: (*Server).eventPublish},
	{Method: "GET", Path: "/events/{event}/export.xlsx", Name: "event_export", Access: Reader, Handle: (*Server).eventExport},
	{Method: "POST", Path: "/events/{event}/registration", Name: "event_registration", Access: Writer, Handle: (*Server).eventRegistration},
	{Method: "GET", Path: "/events/{event}/checkin", Name: "event_checkin", Access: Reader, Handle: (*Server).eventCheckin},
	{Method: "GET", Path: "/events/{event}/meetings/{meeting}/move", Name: "event_move_form", Access: Writer, Handle: (*Server).eventMoveForm},
	{Method: "POST", Path: "/events/{event}/meetings/{meeting}/move", Name: "event_move", Access: Writer, Handle: (*Server).eventMove},
	{Method: "GET", Path: "/events/{event}/tableplan", Name: "event_tableplan", Access: Reader, Handle: (*Server).eventTablePlan},
	{Method: "GET", Path: "/events/{event}/stats", Name: "event_stats", Access: Reader, Handle: (*Server).eventStats},
	{Method: "POST", Path: "/events/{event}/survey-reminders", Name: "event_survey_reminders", Access: Writer, Handle: (*Server).eventSurveyReminders},
	{Method: "GET", Path: "/events/{event}/announce", Name: "event_announce_form", Access: Writer, Handle: (*Server).eventAnnounceForm},
	{Method: "POST", Path: "/events/{event}/announce", Name: "event_announce", Access: Writer, Handle: (*Server).eventAnnounce},
	{Method: "GET", Path: "/events/{event}/book", Name: "event_book_form", Access: Writer, Handle: (*Server).eventBookForm},
	{Method: "POST", Path: "/events/{event}/book", Name: "event_book", Access: Writer, Handle: (*Server).eventBook},
	{Method: "POST", Path: "/events/{event}/participants/{participant}/admit", Name: "event_admit", Access: Writer, Handle: (*Server).eventAdmit},
	{Method: "POST", Path: "/events/{event}/participants/{participant}/remove", Name: "event_remove", Access: Writer, Handle: (*Server).eventRemove},
	{Method: "GET", Path: "/events/{event}/questions", Name: "event_questions_form", Access: Writer, Handle: (*Server).eventQuestionsForm},
	{Method: "POST", Path: "/events/{event}/questions", Name: "event_questions", Access: Writer, Handle: (*Server).eventQuestionsSave},
	// The outbox of the events' mails: the workspace's page, and "Send again" (docs/events.md, "The outbox").
	{Method: "GET", Path: "/outbox", Name: "outbox_list", Summary: "The outbox: mails to events' participants, newest first, by status and event", Access: Writer, Handle: (*Server).outboxList},
	{Method: "POST", Path: "/outbox/{mail}/resend", Name: "outbox_resend", Summary: "Send a failed mail again", Access: Writer, Handle: (*Server).outboxResend},
	{Method: "POST", Path: "/events/{event}/mails/resend", Name: "event_mails_resend", Summary: "Send every failed mail of the event again", Access: Writer, Handle: (*Server).eventMailsResend},
	// Outside participants: public routes; the participant's session is checked by the handlers.
	{Method: "GET", Path: "/e/{workspace}/{slug}/register", Name: "event_register_form", Access: Public, Handle: (*Server).eventRegisterForm},
	{Method: "POST", Path: "/e/{workspace}/{slug}/register", Name: "event_register", Access: Public, Handle: (*Server).eventRegister},
	{Method: "GET", Path: "/e/signin/{token}", Name: "event_signin_form", Access: Public, Handle: (*Server).eventSigninForm},
	{Method: "POST", Path: "/e/signin/{token}", Name: "event_signin", Access: Public, Handle: (*Server).eventSignin},
	{Method: "POST", Path: "/e/signout", Name: "event_signout", Access: Public, Handle: (*Server).participantSignout},
	{Method: "GET", Path: "/e/{workspace}/{slug}", Name: "participant_home", Access: Public, Handle: (*Server).participantHome},
	{Method: "POST", Path: "/e/{workspace}/{slug}/profile", Name: "participant_profile", Access: Public, Handle: (*Server).participantProfile},
	{Method: "POST", Path: "/e/{workspace}/{slug}/availability", Name: "participant_availability", Access: Public, Handle: (*Server).participantAvailability},
	{Method: "POST", Path: "/e/{workspace}/{slug}/password", Name: "participant_password", Access: Public, Handle: (*Server).participantPassword},
	{Method: "GET", Path: "/e/{workspace}/{slug}/common", Name: "participant_common", Access: Public, Handle: (*Server).participantCommon},
	{Method: "GET", Path: "/e/{workspace}/{slug}/signin", Name: "participant_signin_form", Access: Public, Handle: (*Server).participantSigninForm},
	{Method: "POST", Path: "/e/{workspace}/{slug}/signin", Name: "participant_password_signin", Access: Public, Handle: (*Server).participantPasswordSignin},
	{Method: "POST", Path: "/e/{workspace}/{slug}/link", Name: "participant_signin_link", Access: Public, Handle: (*Server).participantSigninLink},
	{Method: "POST", Path: "/e/{workspace}/{slug}/meetings/{meeting}/outcome", Name: "participant_outcome", Access: Public, Handle: (*Server).participantOutcome},
	{Method: "POST", Path: "/e/{workspace}/{slug}/meetings/{meeting}/cancel", Name: "participant_cancel", Access: Public, Handle: (*Server).participantCancel},
	{Method: "POST", Path: "/e/{workspace}/{slug}/requests", Name: "participant_request", Access: Public, Handle: (*Server).participantRequest},
	{Method: "POST", Path: "/e/{workspace}/{slug}/requests/{request}/answer", Name: "participant_answer", Access: Public, Handle: (*Server).participantAnswer},
	{Method: "POST", Path: "/e/{workspace}/{slug}/leave", Name: "participant_leave", Access: Public, Handle: (*Server).participantLeave},
	{Method: "POST", Path: "/e/{workspace}/{slug}/rejoin", Name: "participant_rejoin", Access: Public, Handle: (*Server).participantRejoin},
	{Method: "POST", Path: "/e/{workspace}/{slug}/requests/{request}/withdraw", Name: "participant_withdraw", Access: Public, Handle: (*Server).participantWithdraw},

	// Published agreements, for anyone.
	{Method: "GET", Path: "/public/{workspace}/agreements", Name: "public_agreement_list", Summary: "A workspace's published agreements", Access: Public, Handle: (*Server).publicAgreementList},
	{Method: "GET", Path: "/public/{workspace}/agreements/{agreement}", Name: "public_agreement_show", Summary: "A published agreement", Access: Public, Handle: (*Server).publicAgreementShow},

	// The JSON API. Bodies and replies are example values whose types the OpenAPI document
	// describes.
	{Method: "GET", Path: "/api/v1/openapi.json", Name: "openapi", Summary: "This OpenAPI document", Access: Public, API: true, Handle: (*Server).apiOpenAPI},
	{Method: "GET", Path: "/api/v1/me", Name: "me", Summary: "The caller: user, workspace, member and role", Access: Reader, API: true, Reply: meReply{}, Handle: (*Server).apiMe},
	{Method: "GET", Path: "/api/v1/organizations", Name: "listOrganizations", Summary: "Search and filter organisations", Access: Reader, API: true, Query: orgFilters, Reply: list[passerelle.Organization]{}, Handle: (*Server).apiOrgList},
	{Method: "POST", Path: "/api/v1/organizations", Name: "createOrganization", Summary: "Create an organisation", Access: Writer, API: true, Body: passerelle.Organization{}, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgCreate},
	{Method: "GET", Path: "/api/v1/organizations/{org}", Name: "getOrganization", Summary: "One organisation", Access: Reader, API: true, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgGet},
	{Method: "PATCH", Path: "/api/v1/organizations/{org}", Name: "updateOrganization", Summary: "Change the fields given", Access: Writer, API: true, Body: passerelle.Organization{}, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgUpdate},
	{Method: "DELETE", Path: "/api/v1/organizations/{org}", Name: "deleteOrganization", Summary: "Delete an organisation", Access: Writer, API: true, Handle: (*Server).apiOrgDelete},
	{Method: "GET", Path: "/api/v1/organizations/{org}/links", Name: "listOrganizationLinks", Summary: "Links of an organisation, both directions", Access: Reader, API: true, Reply: list[passerelle.OrgLink]{}, Handle: (*Server).apiLinkList},
	{Method: "POST", Path: "/api/v1/organizations/{org}/links", Name: "createOrganizationLink", Summary: "Link the organisation to another", Access: Writer, API: true, Body: passerelle.OrgLink{}, Reply: passerelle.OrgLink{}, Handle: (*Server).apiLinkCreate},
	{Method: "DELETE", Path: "/api/v1/organizations/{org}/links/{link}", Name: "deleteOrganizationLink", Summary: "Remove a link", Access: Writer, API: true, Handle: (*Server).apiLinkDelete},
	{Method: "GET", Path: "/api/v1/organizations/{org}/people", Name: "listOrganizationPeople", Summary: "Affiliations of the organisation's people", Access: Reader, API: true, Reply: list[passerelle.Affiliation]{}, Handle: (*Server).apiOrgPeople},
	{Method: "GET", Path: "/api/v1/organizations/{org}/history", Name: "organizationHistory", Summary: "Audit entries of an organisation", Access: Reader, API: true, Reply: list[passerelle.AuditEntry]{}, Handle: (*Server).apiOrgHistory},
	{Method: "GET", Path: "/api/v1/people", Name: "listPeople", Summary: "Search people", Access: Reader, API: true, Query: []string{"q", "country", "organization_id", "cursor", "limit"}, Reply: list[passerelle.Person]{}, Handle: (*Server).apiPersonList},
	{Method: "POST", Path: "/api/v1/people", Name: "createPerson", Summary: "Create a person", Access: Writer, API: true, Body: passerelle.Person{}, Reply: passerelle.Person{}, Handle: (*Server).apiPersonCreate},
	{Method: "GET", Path: "/api/v1/people/{person}", Name: "getPerson", Summary: "One person with affiliations", Access: Reader, API: true, Reply: passerelle.Person{}, Handle: (*Server).apiPersonGet},
	{Method: "PATCH", Path: "/api/v1/people/{person}", Name: "updatePerson", Summary: "Change the fields given", Access: Writer, API: true, Body: passerelle.Person{}, Reply: passerelle.Person{}, Handle: (*Server).apiPersonUpdate},
	{Method: "GET", Path: "/api/v1/people/{person}/note", Name: "getPersonNote", Summary: "The caller's member's private note on the person (\"\" for none)", Access: Reader, API: true, Reply: personNote{}, Handle: (*Server).apiPersonNoteGet},
	{Method: "PUT", Path: "/api/v1/people/{person}/note", Name: "putPersonNote", Summary: "Write the caller's member's private note on the person (\"\" removes it)", Access: Writer, API: true, Body: personNote{}, Reply: personNote{}, Handle: (*Server).apiPersonNotePut},
	{Method: "DELETE", Path: "/api/v1/people/{person}", Name: "deletePerson", Summary: "Delete a person", Access: Writer, API: true, Handle: (*Server).apiPersonDelete},
	{Method: "POST", Path: "/api/v1/people/{person}/affiliations", Name: "createAffiliation", Summary: "Affiliate the person to an organisation", Access: Writer, API: true, Body: passerelle.Affiliation{}, Reply: passerelle.Affiliation{}, Handle: (*Server).apiAffCreate},
	{Method: "DELETE", Path: "/api/v1/people/{person}/affiliations/{affiliation}", Name: "deleteAffiliation", Summary: "Remove an affiliation", Access: Writer, API: true, Handle: (*Server).apiAffDelete},
	{Method: "GET", Path: "/api/v1/themes", Name: "listThemes", Summary: "The theme taxonomy", Access: Reader, API: true, Reply: list[passerelle.Theme]{}, Handle: (*Server).apiThemeList},
	{Method: "POST", Path: "/api/v1/themes", Name: "createTheme", Summary: "Add a theme", Access: Manager, API: true, Body: passerelle.Theme{}, Reply: passerelle.Theme{}, Handle: (*Server).apiThemeCreate},
	{Method: "GET", Path: "/api/v1/search", Name: "search", Summary: "Search organisations and people", Access: Reader, API: true, Query: []string{"q", "limit"}, Reply: list[passerelle.SearchHit]{}, Handle: (*Server).apiSearch},
	{Method: "GET", Path: "/api/v1/members", Name: "listMembers", Summary: "Member organisations of the workspace", Access: Reader, API: true, Reply: list[passerelle.Member]{}, Handle: (*Server).apiMembers},
	{Method: "GET", Path: "/api/v1/users", Name: "listUsers", Summary: "Users and their roles", Access: Manager, API: true, Reply: list[passerelle.Membership]{}, Handle: (*Server).apiUsers},
	{Method: "GET", Path: "/api/v1/audit", Name: "listAudit", Summary: "The workspace's audit log, newest first", Access: Manager, API: true, Query: []string{"entity", "entity_id", "cursor", "limit"}, Reply: list[passerelle.AuditEntry]{}, Handle: (*Server).apiAudit},
	{Method: "GET", Path: "/api/v1/tokens", Name: "listTokens", Summary: "The caller's API tokens", Access: Reader, API: true, Reply: list[store.APIToken]{}, Handle: (*Server).apiTokens},
	{Method: "GET", Path: "/api/v1/meetings", Name: "listMeetings", Summary: "Meetings by start, filtered", Access: Reader, API: true, Query: meetingFilters, Reply: list[passerelle.Meeting]{}, Handle: (*Server).apiMeetingList},
	{Method: "POST", Path: "/api/v1/meetings", Name: "createMeeting", Summary: "Log or plan a meeting (the caller attends when attendees is absent)", Access: Writer, API: true, Body: meetingBody{}, Reply: passerelle.Meeting{}, Handle: (*Server).apiMeetingCreate},
	{Method: "GET", Path: "/api/v1/meetings/{meeting}", Name: "getMeeting", Summary: "One meeting with its participants", Access: Reader, API: true, Reply: passerelle.Meeting{}, Handle: (*Server).apiMeetingGet},
	{Method: "PATCH", Path: "/api/v1/meetings/{meeting}", Name: "updateMeeting", Summary: "Change the fields given; {\"status\": \"cancelled\"} cancels; a partnering event's meeting keeps its time and place (409: move it on the event's schedule)", Access: Writer, API: true, Body: meetingBody{}, Reply: passerelle.Meeting{}, Handle: (*Server).apiMeetingUpdate},
	{Method: "PUT", Path: "/api/v1/meetings/{meeting}/notes", Name: "setMeetingNotes", Summary: "Set the shared notes, the caller's member's private notes, or both", Access: Writer, API: true, Body: meetingNotesBody{}, Reply: passerelle.Meeting{}, Handle: (*Server).apiMeetingNotes},
	{Method: "PUT", Path: "/api/v1/meetings/{meeting}/outcome", Name: "setMeetingOutcome", Summary: "Record what came of a meeting, its follow-up date and optionally its status", Access: Writer, API: true, Body: meetingOutcomeBody{}, Reply: passerelle.Meeting{}, Handle: (*Server).apiMeetingOutcome},
	{Method: "DELETE", Path: "/api/v1/meetings/{meeting}", Name: "deleteMeeting", Summary: "Delete a meeting (cancelling keeps it in calendars)", Access: Writer, API: true, Handle: (*Server).apiMeetingDelete},
	{Method: "GET", Path: "/api/v1/opportunities", Name: "listOpportunities", Summary: "Opportunities the caller may read, newest first, filtered", Access: Reader, API: true, Query: opportunityFilters, Reply: list[passerelle.Opportunity]{}, Handle: (*Server).apiOpportunityList},
	{Method: "POST", Path: "/api/v1/opportunities", Name: "createOpportunity", Summary: "Record an opportunity of the caller's member (a manager may name another)", Access: Writer, API: true, Body: opportunityBody{}, Reply: passerelle.Opportunity{}, Handle: (*Server).apiOpportunityCreate},
	{Method: "GET", Path: "/api/v1/opportunities/{opportunity}", Name: "getOpportunity", Summary: "One opportunity with its links", Access: Reader, API: true, Reply: passerelle.Opportunity{}, Handle: (*Server).apiOpportunityGet},
	{Method: "PATCH", Path: "/api/v1/opportunities/{opportunity}", Name: "updateOpportunity", Summary: "Change the fields given; {\"stage\": \"won\"} moves it on the board", Access: Writer, API: true, Body: opportunityBody{}, Reply: passerelle.Opportunity{}, Handle: (*Server).apiOpportunityUpdate},
	{Method: "DELETE", Path: "/api/v1/opportunities/{opportunity}", Name: "deleteOpportunity", Summary: "Delete an opportunity (projects that name it keep their money)", Access: Writer, API: true, Handle: (*Server).apiOpportunityDelete},
	{Method: "GET", Path: "/api/v1/projects", Name: "listProjects", Summary: "Projects and contracts the caller may read, filtered like the figures", Access: Reader, API: true, Query: projectFilters, Reply: list[passerelle.Project]{}, Handle: (*Server).apiProjectList},
	{Method: "POST", Path: "/api/v1/projects", Name: "createProject", Summary: "Record a project or contract of the caller's member (a manager may name another)", Access: Writer, API: true, Body: passerelle.Project{}, Reply: passerelle.Project{}, Handle: (*Server).apiProjectCreate},
	{Method: "GET", Path: "/api/v1/projects/{project}", Name: "getProject", Summary: "One project or contract with its amounts and organisations", Access: Reader, API: true, Reply: passerelle.Project{}, Handle: (*Server).apiProjectGet},
	{Method: "PATCH", Path: "/api/v1/projects/{project}", Name: "updateProject", Summary: "Change the fields given (a list given replaces the stored one); an older version is refused with 409", Access: Writer, API: true, Body: passerelle.Project{}, Reply: passerelle.Project{}, Handle: (*Server).apiProjectUpdate},
	{Method: "DELETE", Path: "/api/v1/projects/{project}", Name: "deleteProject", Summary: "Delete a project or contract", Access: Writer, API: true, Handle: (*Server).apiProjectDelete},
	{Method: "GET", Path: "/api/v1/kpis", Name: "getKPIs", Summary: "The figures of the network, a member, an organisation or a country, for a year or all years (docs/pipeline.md)", Access: Reader, API: true, Query: kpiFilters, Reply: kpiReply{}, Handle: (*Server).apiKPIs},
	{Method: "POST", Path: "/api/v1/jobs/schedule", Name: "scheduleMeetings", Summary: "Queue a scheduling job: requested meetings to stored meetings (202; re-run with previous_job to repair)", Access: Writer, API: true,
		Body: scheduling.Request{}, Reply: jobReply{}, Handle: (*Server).apiJobSchedule},
	{Method: "GET", Path: "/api/v1/jobs/{job}", Name: "getJob", Summary: "A background job: state, progress, result", Access: Reader, API: true, Reply: jobReply{}, Handle: (*Server).apiJobGet},
	{Method: "POST", Path: "/api/v1/jobs/{job}/cancel", Name: "cancelJob", Summary: "Ask a job to stop (a queued one stops at once)", Access: Writer, API: true, Reply: jobReply{}, Handle: (*Server).apiJobCancel},
	{Method: "GET", Path: "/api/v1/agreements", Name: "listAgreements", Summary: "Search and filter agreements, with facet counts", Access: Reader, API: true,
		Query: agreementFilters, Reply: agreementPage{}, Handle: (*Server).apiAgreementList},
	{Method: "POST", Path: "/api/v1/agreements", Name: "createAgreement", Summary: "Create an agreement", Access: Writer, API: true,
		Body: passerelle.Agreement{}, Reply: passerelle.Agreement{}, Handle: (*Server).apiAgreementCreate},
	{Method: "GET", Path: "/api/v1/agreements/{agreement}", Name: "getAgreement", Summary: "One agreement, complete", Access: Reader, API: true,
		Reply: passerelle.Agreement{}, Handle: (*Server).apiAgreementGet},
	{Method: "PATCH", Path: "/api/v1/agreements/{agreement}", Name: "updateAgreement", Summary: "Change the fields given (lists are replaced whole)", Access: Writer, API: true,
		Body: passerelle.Agreement{}, Reply: passerelle.Agreement{}, Handle: (*Server).apiAgreementUpdate},
	{Method: "DELETE", Path: "/api/v1/agreements/{agreement}", Name: "deleteAgreement", Summary: "Delete an agreement", Access: Writer, API: true,
		Handle: (*Server).apiAgreementDelete},

	// Prospection missions (issue 16, docs/missions.md): pages, targets and their groups,
	// the programme, debriefs private per member, follow-ups.
	{Method: "GET", Path: "/missions", Name: "mission_list", Access: Reader, Handle: (*Server).missionList},
	{Method: "GET", Path: "/missions/new", Name: "mission_new", Access: Writer, Handle: (*Server).missionNew},
	{Method: "POST", Path: "/missions", Name: "mission_create", Access: Writer, Handle: (*Server).missionSave},
	{Method: "GET", Path: "/missions/{mission}", Name: "mission_show", Summary: "A mission: members, targets by group, programme by day, debriefs, follow-ups", Access: Reader, Handle: (*Server).missionShow},
	{Method: "GET", Path: "/missions/{mission}/print", Name: "mission_print", Summary: "The programme to print: a page per day, addresses and contacts", Access: Reader, Handle: (*Server).missionPrint},
	{Method: "GET", Path: "/missions/{mission}/edit", Name: "mission_edit", Access: Writer, Handle: (*Server).missionEdit},
	{Method: "POST", Path: "/missions/{mission}", Name: "mission_update", Access: Writer, Handle: (*Server).missionSave},
	{Method: "POST", Path: "/missions/{mission}/targets", Name: "mission_target_add", Access: Writer, Handle: (*Server).missionTargetAdd},
	{Method: "GET", Path: "/missions/{mission}/targets/{org}/edit", Name: "mission_target_edit_form", Summary: "A target: its note, availability, venue and the members who want to meet it", Access: Writer, Handle: (*Server).missionTargetEditForm},
	{Method: "POST", Path: "/missions/{mission}/targets/{org}/edit", Name: "mission_target_edit", Summary: "Save a target: the members who want to meet it, each with its reason", Access: Writer, Handle: (*Server).missionTargetEdit},
	{Method: "POST", Path: "/missions/{mission}/targets/{org}/delete", Name: "mission_target_delete", Access: Writer, Handle: (*Server).missionTargetDelete},
	{Method: "GET", Path: "/missions/{mission}/targets/import", Name: "mission_target_import_form", Summary: "Import targets from a CSV or XLSX file", Access: Writer, Handle: (*Server).missionTargetImportForm},
	{Method: "POST", Path: "/missions/{mission}/targets/import", Name: "mission_target_import", Summary: "Preview a targets file (each row matched), then import it all or nothing", Access: Writer, Handle: (*Server).missionTargetImport},
	{Method: "POST", Path: "/missions/{mission}/groups", Name: "mission_group", Summary: "Meet two targets together, or apart", Access: Writer, Handle: (*Server).missionGroupTargets},
	{Method: "GET", Path: "/missions/{mission}/meetings/{meeting}/move", Name: "mission_move_form", Summary: "Move or pin one meeting of the programme", Access: Writer, Handle: (*Server).missionMoveForm},
	{Method: "POST", Path: "/missions/{mission}/meetings/{meeting}/move", Name: "mission_move", Summary: "Move or pin one meeting of the programme (refused with the reason)", Access: Writer, Handle: (*Server).missionMove},
	{Method: "POST", Path: "/missions/{mission}/plan", Name: "mission_plan", Summary: "Plan (or repair) the programme", Access: Writer, Handle: (*Server).missionPlan},
	{Method: "POST", Path: "/missions/{mission}/debriefs", Name: "debrief_create", Summary: "Start a member's debrief, drafted from the notes", Access: Writer, Handle: (*Server).debriefCreate},
	{Method: "GET", Path: "/missions/{mission}/debriefs/{debrief}", Name: "debrief_show", Summary: "A member's debrief (its users and the organisers only)", Access: Reader, Handle: (*Server).debriefShow},
	{Method: "POST", Path: "/missions/{mission}/debriefs/{debrief}", Name: "debrief_update", Access: Writer, Handle: (*Server).debriefUpdate},
	{Method: "POST", Path: "/follow-ups", Name: "followup_create", Access: Writer, Handle: (*Server).followUpCreate},
	{Method: "POST", Path: "/follow-ups/{followup}/done", Name: "followup_done", Summary: "Mark a follow-up done or open", Access: Writer, Handle: (*Server).followUpDone},
	{Method: "GET", Path: "/follow-ups/{followup}/edit", Name: "followup_edit", Summary: "The form of a follow-up (its member's users and the organisers)", Access: Writer, Handle: (*Server).followUpEdit},
	{Method: "POST", Path: "/follow-ups/{followup}", Name: "followup_update", Summary: "Save a follow-up's fields", Access: Writer, Handle: (*Server).followUpUpdate},
	{Method: "POST", Path: "/follow-ups/{followup}/opportunity", Name: "followup_opportunity", Summary: "Make the follow-up an opportunity of its member's pipeline", Access: Writer, Handle: (*Server).followUpOpportunity},
	{Method: "GET", Path: "/api/v1/missions", Name: "listMissions", Summary: "The workspace's missions", Access: Reader, API: true,
		Reply: list[store.MissionSummary]{}, Handle: (*Server).apiMissionList},
	{Method: "POST", Path: "/api/v1/missions", Name: "createMission", Summary: "Create a mission", Access: Writer, API: true,
		Body: missionBody{}, Reply: passerelle.Mission{}, Handle: (*Server).apiMissionCreate},
	{Method: "GET", Path: "/api/v1/missions/{mission}", Name: "getMission", Summary: "One mission ({mission}: slug or id)", Access: Reader, API: true,
		Reply: passerelle.Mission{}, Handle: (*Server).apiMissionGet},
	{Method: "PATCH", Path: "/api/v1/missions/{mission}", Name: "updateMission", Summary: "Change the fields given (lists are replaced whole; targets of other members' private organisations stay)", Access: Writer, API: true,
		Body: missionBody{}, Reply: passerelle.Mission{}, Handle: (*Server).apiMissionUpdate},
	{Method: "GET", Path: "/contacts", Name: "contact_list", Summary: "The network's contact book: people met on missions and events", Access: Reader, Handle: (*Server).contactList},
	{Method: "GET", Path: "/api/v1/contacts", Name: "listContacts", Summary: "The contact book: people met on missions and events, where, when, by whom", Access: Reader, API: true,
		Query: []string{"q", "theme", "country", "organization_id", "at"}, Reply: list[*passerelle.Contact]{}, Handle: (*Server).apiContactList},
	{Method: "GET", Path: "/api/v1/follow-ups", Name: "listFollowUps", Summary: "Follow-ups the caller may read (its member's; all for organisers)", Access: Reader, API: true,
		Query: []string{"open", "mission_id", "member_id"}, Reply: list[*passerelle.FollowUp]{}, Handle: (*Server).apiFollowUpList},
	{Method: "POST", Path: "/api/v1/follow-ups", Name: "createFollowUp", Summary: "Add a follow-up (the caller's member and the caller by default)", Access: Writer, API: true,
		Body: followUpBody{}, Reply: passerelle.FollowUp{}, Handle: (*Server).apiFollowUpCreate},
	{Method: "PATCH", Path: "/api/v1/follow-ups/{followup}", Name: "updateFollowUp", Summary: "Change the fields given; {\"done\": true} closes it", Access: Writer, API: true,
		Body: followUpBody{}, Reply: passerelle.FollowUp{}, Handle: (*Server).apiFollowUpUpdate},
	{Method: "POST", Path: "/api/v1/follow-ups/{followup}/opportunity", Name: "followUpOpportunity", Summary: "Make the follow-up an opportunity of its member's pipeline, linked to its mission, meeting and organisation (once)", Access: Writer, API: true,
		Reply: passerelle.Opportunity{}, Handle: (*Server).apiFollowUpOpportunity},
	{Method: "GET", Path: "/api/v1/missions/{mission}/debriefs", Name: "listMissionDebriefs", Summary: "A mission's debriefs the caller may read (its member's; all for organisers)", Access: Reader, API: true,
		Reply: list[*passerelle.Debrief]{}, Handle: (*Server).apiMissionDebriefs},
	{Method: "POST", Path: "/api/v1/missions/{mission}/meetings/{meeting}/move", Name: "moveMissionMeeting", Summary: "Move or pin one meeting of the programme (refused with the reason, nothing changed)", Access: Writer, API: true,
		Body: missionMoveBody{}, Reply: missionMoveReply{}, Handle: (*Server).apiMissionMove},
	{Method: "GET", Path: "/api/v1/missions/{mission}/debriefs/{debrief}", Name: "getMissionDebrief", Summary: "One debrief; another member's is not found", Access: Reader, API: true,
		Reply: passerelle.Debrief{}, Handle: (*Server).apiMissionDebrief},

	// Deleting through a confirmation page, and the bin to restore from (issue 20).
	{Method: "GET", Path: "/organizations/{org}/delete", Name: "organization_delete_confirm", Access: Writer, Handle: (*Server).deleteConfirm},
	{Method: "GET", Path: "/people/{person}/delete", Name: "person_delete_confirm", Access: Writer, Handle: (*Server).deleteConfirm},
	{Method: "GET", Path: "/agreements/{agreement}/delete", Name: "agreement_delete_confirm", Access: Writer, Handle: (*Server).deleteConfirm},
	{Method: "GET", Path: "/bin", Name: "bin_list", Access: Reader, Handle: (*Server).binList},
	{Method: "POST", Path: "/bin/{entry}/restore", Name: "bin_restore", Access: Writer, Handle: (*Server).binRestore},
	{Method: "GET", Path: "/api/v1/bin", Name: "listBin", Summary: "Deleted records restorable for 30 days", Access: Reader, API: true,
		Reply: list[*passerelle.BinEntry]{}, Handle: (*Server).apiBin},
	{Method: "POST", Path: "/api/v1/bin/{entry}/restore", Name: "restoreFromBin", Summary: "Restore a deleted record, with its links", Access: Writer, API: true,
		Reply: passerelle.Restored{}, Handle: (*Server).apiBinRestore},
	// The API's documentation page, rendered from the OpenAPI document (issue 20).
	{Method: "GET", Path: "/api/docs", Name: "api_docs", Summary: "The API's documentation page", Access: Public, Handle: (*Server).apiDocs},
	// Exports of the directory from its pages (issue 20).
	{Method: "GET", Path: "/organizations/export", Name: "organization_export", Summary: "Download the organisations (CSV or JSON)", Access: Reader, Handle: (*Server).directoryExport},
	{Method: "GET", Path: "/people/export", Name: "person_export", Summary: "Download the contact book (CSV or JSON)", Access: Reader, Handle: (*Server).directoryExport},
	// The organisation pickers' live search (issue 20).
	{Method: "GET", Path: "/organizations/suggest", Name: "organization_suggest", Summary: "Organisations matching a partial name, for pickers", Access: Reader, Handle: (*Server).organizationSuggest},
}

// Query parameters of the list routes, for the OpenAPI document.
var (
	orgFilters         = []string{"q", "country", "kind", "theme", "cursor", "limit"}
	agreementFilters   = []string{"q", "country", "region", "theme", "status", "year", "type", "partner", "cursor", "limit"}
	opportunityFilters = []string{"member_id", "stage", "organization_id", "meeting_id", "year", "country", "shared", "cursor", "limit"}
	kpiFilters         = []string{"year", "member_id", "organization_id", "country"}
	projectFilters     = []string{"kind", "member_id", "organization_id", "year", "country", "abroad", "with_member", "shared", "cursor", "limit"}
	meetingFilters     = []string{"from", "to", "organization_id", "person_id", "member_id", "country", "status", "origin", "shared", "cursor", "limit"}
)

// routeFor finds the table entry of a request that the mux did not match, so that the
// 404 is rendered as JSON under /api/ and as a page elsewhere.
func routeFor(r *http.Request) Route {
	return Route{API: strings.HasPrefix(r.URL.Path, "/api/"), Access: Public}
}
