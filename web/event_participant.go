package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"passerelle"
	"passerelle/interchange"
	"passerelle/store"
)

// Outside participants' pages (docs/events.md). They are public routes: a participant
// is not a user of the workspace. Their session holds only the participant's id and
// workspace ("ev_pid", "ev_ws"), and every page reads through the store's participant
// functions, which return that participant's event and nothing of the workspace.

type eventRegisterData struct {
	Event     *passerelle.Event
	Form      passerelle.EventParticipant
	Sent      bool // the link was sent (or, without a mail server, logged for the operator)
	Workspc   string
	Questions []passerelle.EventQuestion // the organiser's registration questions
	Given     map[int]string             // the answers as typed, by question
	Closed    string                     // why the dated registration phase takes no one now
	Full      bool                       // a registration confirmed now joins the waiting list
	Left      int                        // places left under the maximum (0: none set, or full)
}

// publicEvent finds the page's event; a closed one is refused like a missing one unless
// allowClosed.
func (s *Server) publicEvent(r *http.Request) (*passerelle.Event, bool, error) {
	e, open, err := s.eventService().PublicEvent(r.Context(), r.PathValue("workspace"), r.PathValue("slug"))
	if err != nil {
		return nil, false, errNotFound
	}
	return e, open, nil
}

// eventRegisterForm is the public registration page of an open event.
func (s *Server) eventRegisterForm(w http.ResponseWriter, r *http.Request) error {
	e, open, err := s.publicEvent(r)
	if err != nil || !open {
		return errNotFound
	}
	qs, err := s.eventService().EventQuestions(r.Context(), e)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	p.TitleText = e.Name
	d := eventRegisterData{Event: e, Workspc: r.PathValue("workspace"), Questions: qs, Given: map[int]string{}}
	c, err := s.eventService().Capacity(r.Context(), e)
	if err != nil {
		return err
	}
	d.Full = c.Full()
	if c.Max > 0 && !d.Full {
		d.Left = c.Max - c.Taken
	}
	// Open, but outside the registration phase the organiser dated: the page says when
	// it opens or that it closed, and offers no form.
	if err := e.PhaseClosed("registration", s.db.Now()); err != nil {
		d.Closed = p.L.Error(err)
	}
	p.Data = d
	return s.render(w, r, "event_register.html", p)
}

// eventRegister records the registration and sends the one-time sign-in link to the
// email given. The answer is the same whether the email was known or not; the link is
// never shown on the page (anyone may type anyone's email): without a mail server it
// goes to the server's log, for the operator.
func (s *Server) eventRegister(w http.ResponseWriter, r *http.Request) error {
	e, open, err := s.publicEvent(r)
	if err != nil || !open {
		return errNotFound
	}
	f := passerelle.EventParticipant{Ref: "new", Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Organization: passerelle.EventOrg{Name: r.PostFormValue("organization"), Country: r.PostFormValue("country"), Website: r.PostFormValue("website")}}
	qs, err := s.eventService().EventQuestions(r.Context(), e)
	if err != nil {
		return err
	}
	d := eventRegisterData{Event: e, Form: f, Workspc: r.PathValue("workspace"), Questions: qs, Given: map[int]string{}}
	c, err := s.eventService().Capacity(r.Context(), e)
	if err != nil {
		return err
	}
	d.Full = c.Full()
	if c.Max > 0 && !d.Full {
		d.Left = c.Max - c.Taken
	}
	for i := range qs {
		d.Given[i] = r.PostFormValue("q" + strconv.Itoa(i))
	}
	pg := s.newPage(r, "")
	pg.TitleText = e.Name
	if err := e.PhaseClosed("registration", s.db.Now()); err != nil {
		d.Closed = pg.L.Error(err)
		pg.Data = d
		return s.renderStatus(w, r, status(err), "event_register.html", pg)
	}
	err = interchange.CheckParticipant(&f, "")
	if err == nil {
		f.Answers, err = passerelle.CheckEventAnswers(qs, d.Given)
	}
	if err == nil {
		var token string
		token, err = s.eventService().Register(r.Context(), e, &f, info(r).lang, clientAddr(r))
		if err == nil {
			s.mailSigninLink(r, e, f.Email, token)
			d.Sent = true
		}
	}
	if err != nil && passerelle.ErrorCode(err) == passerelle.EBUSY {
		// Too many links sent: the form again, with the wait, as a 429.
		s.log.Warn("event registration limited", "event", e.ID, "addr", clientAddr(r))
		w.Header().Set("Retry-After", retryAfter(err))
		pg.Errors = map[string]string{"_": pg.L.Error(err)}
		pg.Data = d
		return s.renderStatus(w, r, http.StatusTooManyRequests, "event_register.html", pg)
	}
	if err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		// The form is flat: a problem of the organisation's country or website goes
		// beside that input, without the import's path ("organization.country: …").
		pg.Errors = map[string]string{}
		for k, v := range pg.L.FormErrors(err, "_") {
			if f, ok := registerFields[k]; ok {
				k = f
			}
			pg.Errors[k] = v
		}
		pg.Data = d
		return s.renderStatus(w, r, status(err), "event_register.html", pg)
	}
	pg.Data = d
	return s.render(w, r, "event_register.html", pg)
}

// mailSigninLink mails a participant their one-time sign-in link, in the page's
// language; without a mail server it goes to the server's log, for the operator.
func (s *Server) mailSigninLink(r *http.Request, e *passerelle.Event, email, token string) {
	link := s.baseURL(r) + "/e/signin/" + token
	l := newLocalizer(info(r).lang)
	if s.opts.Mailer != nil {
		name := passerelle.OneLine(e.Name) // a line break in the subject is refused: the link would never go
		body := fmt.Sprintf(l.T("event.mail_body"), name, store.SigninLinkValidity.Hours(), link)
		if err := s.opts.Mailer.Send(r.Context(), email, l.T("event.mail_subject")+" "+name, body); err != nil {
			s.log.Warn("event sign-in mail not sent", "event", e.ID, "err", err)
		}
	} else {
		s.log.Info("event sign-in link (no mail server configured)", "event", e.ID, "to", email, "link", link)
	}
}

// registerFields are the registration form's inputs of the fields CheckParticipant names.
var registerFields = map[string]string{"organization.name": "organization", "organization.country": "country", "organization.website": "website"}

// eventSigninForm asks to confirm the sign-in: a GET changes nothing, so that mail
// scanners that fetch links do not spend them.
func (s *Server) eventSigninForm(w http.ResponseWriter, r *http.Request) error {
	if !strings.HasPrefix(r.PathValue("token"), "evs_") {
		return errNotFound
	}
	p := s.newPage(r, "event.signin_title")
	p.Data = r.PathValue("token")
	return s.render(w, r, "event_signin.html", p)
}

// eventSignin spends a one-time link: the email is confirmed and this browser is the
// participant's until it signs out or the session ends.
func (s *Server) eventSignin(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !strings.HasPrefix(token, "evs_") || len(token) > 100 {
		return errNotFound
	}
	em := s.eventMail(r)
	p, mails, err := s.eventService().Signin(r.Context(), token, em.Mailer != nil)
	if err != nil {
		if passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			pg := s.newPage(r, "event.signin_title")
			pg.Errors = map[string]string{"_": pg.L.Error(err)}
			pg.Data = ""
			return s.renderStatus(w, r, http.StatusNotFound, "event_signin.html", pg)
		}
		return err
	}
	ctx := r.Context()
	// The organiser's notice of a registration confirmed.
	em.Deliver(context.WithoutCancel(ctx), mails)
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	e, err := s.eventOfParticipant(r, p)
	if err != nil {
		return err
	}
	if err := s.signInParticipant(ctx, p.ID, e.WorkspaceID, info(r).lang); err != nil {
		return err
	}
	// A link proves the email: this session may set a new password without the old one.
	s.sessions.Put(ctx, "ev_link", true)
	s.log.Info("event participant signed in", "participant", p.ID, "event", p.EventID, "addr", clientAddr(r))
	return s.redirect(w, r, s.participantPath(r, e), "")
}

func (s *Server) eventOfParticipant(r *http.Request, p *passerelle.EventParticipant) (*passerelle.Event, error) {
	var e *passerelle.Event
	es, err := s.eventService().EventsOfParticipant(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range es {
		if x.ID == p.EventID {
			e = x
		}
	}
	if e == nil {
		return nil, errNotFound
	}
	return e, nil
}

func (s *Server) participantPath(r *http.Request, e *passerelle.Event) string {
	ws, _ := s.eventService().WorkspaceSlug(r.Context(), e.WorkspaceID)
	return "/e/" + ws + "/" + e.Slug
}

// signInParticipant makes the session the participant's, under their session epoch: a
// later password change (from another session) ends it. The page's language becomes
// theirs, for the mails and the feed.
func (s *Server) signInParticipant(ctx context.Context, pid, ws int64, lang string) error {
	epoch, err := s.eventService().ParticipantSessionEpoch(ctx, ws, pid)
	if err != nil {
		return err
	}
	if err := s.eventService().SetParticipantLang(ctx, ws, pid, lang); err != nil {
		return err
	}
	s.sessions.Put(ctx, "ev_pid", pid)
	s.sessions.Put(ctx, "ev_ws", ws)
	s.sessions.Put(ctx, "ev_epoch", epoch)
	return nil
}

// endParticipantSession forgets the participant of this browser's session.
func (s *Server) endParticipantSession(ctx context.Context) {
	for _, k := range []string{"ev_pid", "ev_ws", "ev_epoch", "ev_link"} {
		s.sessions.Remove(ctx, k)
	}
}

// participantView reads the signed-in participant's view of the page's event; anyone
// else (no participant session, another event's participant) is sent to the registration
// page when it is open and to the event's sign-in page otherwise (participantHome). A session ended by a password change is forgotten
// and its request answered as an anonymous one (the agenda page sends to the sign-in).
func (s *Server) participantView(r *http.Request) (*store.ParticipantView, error) {
	e, _, err := s.publicEvent(r)
	if err != nil {
		return nil, err
	}
	if !sessionLoaded(r) {
		return nil, errNotFound
	}
	ctx := r.Context()
	pid, ws := s.sessions.GetInt64(ctx, "ev_pid"), s.sessions.GetInt64(ctx, "ev_ws")
	if pid == 0 || ws != e.WorkspaceID {
		return nil, errNotFound
	}
	v, err := s.eventService().ParticipantHome(ctx, ws, pid, e.ID, s.sessions.GetInt64(ctx, "ev_epoch"))
	if errors.Is(err, store.ErrSessionEnded) {
		s.log.Info("event participant session ended by a password change", "participant", pid, "event", e.ID)
		s.endParticipantSession(ctx)
		return nil, errSessionEnded
	}
	return v, err
}

// errSessionEnded is a participant's session that a password change ended, as seen by
// the pages: not found, as for anyone not signed in.
var errSessionEnded = passerelle.Errorf(passerelle.ENOTFOUND, "page not found")

type participantHomeData struct {
	*store.ParticipantView
	FeedURL       string
	WorkspaceSlug string
	Query         string
	Theme, Type   string // the participants' search: a theme, an offer type
	Shown         []*passerelle.EventParticipant
	Rows          template.HTML // Shown as the list's rows (participantRows)
	Offset        string        // the event zone's UTC offset, e.g. UTC+09:00 (dayOffsets)
	Themes        []*passerelle.Theme
	ThemeLabel    map[string]string
	OfferTypes    []passerelle.OfferType
	Profile       profileForm
	OutcomeList   []passerelle.MeetingOutcome
	Recommended   []recommended
	About         map[int64]string // request id -> the title of the offer it is about
	HasPassword   bool             // the participant has set a password
	AskCurrent    bool             // changing it asks for the current one (not a link's session)
	// RequestsClosed says why no request can be sent now (the requests phase the
	// organiser dated is not open, or the event is over); the page then offers none.
	RequestsClosed string
	// Between is the status of the request between them and each other participant (by
	// ref), for the list to show instead of a "Request a meeting" the server would refuse.
	Between map[string]passerelle.RequestStatus
	// Cancellable are their meetings yet to start, which they may cancel.
	Cancellable map[int64]bool
	// Availability is the form of the times they cannot meet, by day (none once the
	// event is over).
	Availability []availDay
	// CanLeave offers to withdraw from the event: one who takes part or waits, before
	// its end.
	CanLeave bool
}

// participantHome is the participant's page: agenda (once published) with its feed,
// requests received (accept, decline) and sent, and the other participants to request.
func (s *Server) participantHome(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if errors.Is(err, errSessionEnded) {
		return s.redirect(w, r, r.URL.Path+"/signin", "")
	}
	if err != nil {
		if e, open, err2 := s.publicEvent(r); err2 == nil && open && passerelle.ErrorCode(err) == passerelle.ENOTFOUND {
			return s.redirect(w, r, r.URL.Path+"/register", "")
		} else if err2 == nil && e != nil {
			// Registration closed: a participant comes in by the event's sign-in page,
			// which says as much of the event as this page would.
			return s.redirect(w, r, r.URL.Path+"/signin", "")
		}
		return err
	}
	return s.renderParticipantHome(w, r, v, nil)
}

func (s *Server) renderParticipantHome(w http.ResponseWriter, r *http.Request, v *store.ParticipantView, saveErr error) error {
	return s.renderParticipantPage(w, r, v, saveErr, nil)
}

// renderParticipantPage renders the participant's page; form is the profile as typed
// when its save was refused (nil: the stored one).
func (s *Server) renderParticipantPage(w http.ResponseWriter, r *http.Request, v *store.ParticipantView, saveErr error, form *profileForm) error {
	qv := r.URL.Query()
	d := participantHomeData{ParticipantView: v, FeedURL: interchange.EventFeedURL(s.baseURL(r), v.Me.FeedSecret),
		Query: strings.TrimSpace(qv.Get("q")), Theme: strings.TrimSpace(qv.Get("theme")), Type: strings.TrimSpace(qv.Get("type")),
		WorkspaceSlug: r.PathValue("workspace"), OfferTypes: passerelle.OfferTypes, OutcomeList: passerelle.MeetingOutcomes, ThemeLabel: map[string]string{}}
	themes, err := s.eventService().EventThemes(r.Context(), v.Event.WorkspaceID)
	if err != nil {
		return err
	}
	d.Themes = sortedThemes(themes)
	lang := info(r).lang
	for c, t := range themes {
		d.ThemeLabel[c] = t.Label(lang)
	}
	if form != nil {
		d.Profile = *form
	} else {
		d.Profile = newProfileForm(v.Me.Profile)
	}
	d.Offset = dayOffsets(v.Event)
	now := s.db.Now()
	if ends := v.Event.Ends(); ends.IsZero() || now.Before(ends) {
		d.Availability = availabilityDays(v)
	}
	d.Between = map[string]passerelle.RequestStatus{}
	for _, rq := range v.Sent {
		d.Between[rq.To] = rq.Status
	}
	for _, rq := range v.Received {
		// A request its sender withdrew does not stop the participant asking them: the
		// list offers the request the server accepts (store.ParticipantView.Stands).
		if v.Stands(rq) {
			d.Between[rq.From] = rq.Status
		}
	}
	d.Cancellable = map[int64]bool{}
	for _, m := range v.Meetings {
		st := m.Meeting.Status
		d.Cancellable[m.Meeting.ID] = (st == passerelle.MeetingPlanned || st == passerelle.MeetingConfirmed) && now.Before(m.Meeting.Start)
	}
	d.RequestsClosed = requestsClosed(v.Event, now, newLocalizer(lang))
	if v.Status != "" {
		// On the waiting list, or gone: no request to send, the notice above says why.
		d.RequestsClosed = newLocalizer(lang).T("event.requests_need_place")
	}
	d.CanLeave = v.Status != passerelle.ParticipantLeft && v.Status != passerelle.ParticipantRemoved && (v.Event.Ends().IsZero() || now.Before(v.Event.Ends()))
	d.Recommended, d.About = recommendations(v, newLocalizer(lang), d.ThemeLabel)
	if d.HasPassword, err = s.eventService().HasParticipantPassword(r.Context(), v.Event.WorkspaceID, v.Me.ID); err != nil {
		return err
	}
	d.AskCurrent = d.HasPassword && !s.sessions.GetBool(r.Context(), "ev_link")
	q := passerelle.Fold(d.Query)
	for _, o := range v.Others {
		if profileMatches(o, q, d.Theme, d.Type) {
			d.Shown = append(d.Shown, o)
		}
		if len(d.Shown) >= 200 {
			break
		}
	}
	p := s.newPage(r, "")
	p.TitleText = v.Event.Name
	if d.Rows, err = s.participantRows(v, &d, p.L); err != nil {
		return err
	}
	p.Data = d
	code := http.StatusOK
	if saveErr != nil {
		p.Errors = p.L.FormErrors(saveErr, "_")
		for _, f := range []string{"to", "offer", "outcome", "slot", "answer"} {
			if m, ok := p.Errors[f]; ok {
				p.Errors["_"] = m
			}
		}
		if form != nil {
			// The profile's problems, each with its field's path, above the form.
			var all []string
			for k, m := range p.Errors {
				if k != "_" {
					m = k + ": " + m
				}
				all = append(all, m)
			}
			sort.Strings(all)
			p.Errors = map[string]string{"profile": strings.Join(all, "; ")}
		}
		code = status(saveErr)
	}
	return s.renderStatus(w, r, code, "event_participant.html", p)
}

// dayOffsets is the event zone's UTC offset at its days ("UTC+09:00"), or each day's
// when they differ ("2027-10-30: UTC+02:00; 2027-11-02: UTC+01:00"): an event across a
// clock change said the first day's for all.
func dayOffsets(e *passerelle.Event) string {
	var each []string
	same := true
	first := ""
	for _, day := range e.Days {
		t, err := e.LocalTime(day.Date, day.Start)
		if err != nil {
			continue
		}
		off := "UTC" + t.Format("-07:00")
		if first == "" {
			first = off
		}
		same = same && off == first
		each = append(each, day.Date+": "+off)
	}
	if same {
		return first
	}
	return strings.Join(each, "; ")
}

// participantRequest sends a meeting request to another participant of the event.
func (s *Server) participantRequest(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	var slot time.Time
	if sv := strings.TrimSpace(r.PostFormValue("slot")); sv != "" {
		// A free common slot, in the event's local time (participantCommon's form).
		if slot, err = parseSlot(sv, v.Event.Zone()); err != nil {
			return s.renderParticipantHome(w, r, v, passerelle.FieldError("slot", "not a meeting time of the event: %s", passerelle.Clip(sv, passerelle.EchoLength)))
		}
	}
	em := s.eventMail(r)
	mails, err := s.eventService().SendSlotRequest(r.Context(), v.Event.WorkspaceID, v.Me.ID, r.PostFormValue("to"), strings.TrimSpace(r.PostFormValue("message")),
		strings.TrimSpace(r.PostFormValue("offer")), slot, em.Mailer != nil)
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	// The recipient's mail was written to the outbox with the request: sent now, or by
	// the outbox's sender if the mail server fails.
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	return s.redirect(w, r, r.URL.Path[:len(r.URL.Path)-len("/requests")]+"#sent", "flash.event_request_sent")
}

// participantAnswer accepts or declines a request the participant received.
func (s *Server) participantAnswer(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	rid, err := idParam(r, "request")
	if err != nil {
		return err
	}
	// Either answer, said: a form without one (a truncated post) used to decline.
	var accept bool
	switch r.PostFormValue("answer") {
	case "accept":
		accept = true
	case "decline":
	default:
		return s.renderParticipantHome(w, r, v, passerelle.FieldError("answer", "choose accept or decline"))
	}
	em := s.eventMail(r)
	booked, mails, err := s.eventService().AnswerRequest(r.Context(), v.Event.WorkspaceID, v.Me.ID, rid, accept, em.Mailer != nil)
	if err != nil {
		if c := passerelle.ErrorCode(err); c != passerelle.EINVALID && c != passerelle.ECONFLICT {
			return err
		}
		return s.renderParticipantHome(w, r, v, err)
	}
	em.Deliver(context.WithoutCancel(r.Context()), mails)
	ws := r.PathValue("workspace")
	flash := "flash.event_request_answered"
	if booked {
		flash = "flash.event_meeting_booked"
	} else if accept && askedSlot(v.Received, rid) {
		// Its time was taken since it was asked: "Answer recorded" beside the time asked
		// for read as a meeting booked then.
		flash = "flash.event_meeting_slot_taken"
	}
	return s.redirect(w, r, "/e/"+ws+"/"+v.Event.Slug+"#received", flash)
}

// askedSlot reports whether the request id, of those received, waited for an answer at a
// free common slot when the page was read: accepted now without a meeting booked, that
// slot was taken meanwhile (AnswerRequest). One answered already (a second click) is not.
func askedSlot(received []*passerelle.EventRequest, id int64) bool {
	for _, rq := range received {
		if rq.ID == id {
			return rq.Status == passerelle.RequestPending && !rq.Slot.IsZero()
		}
	}
	return false
}

// participantSignout ends the participant's session and goes to their event's sign-in
// page (the form's return): "/" is the members' sign-in, which is no way back for them.
func (s *Server) participantSignout(w http.ResponseWriter, r *http.Request) error {
	if sessionLoaded(r) {
		s.endParticipantSession(r.Context())
	}
	to := localReturn(r.PostFormValue("return"))
	if !strings.HasPrefix(to, "/e/") {
		to = "/"
	}
	return s.redirect(w, r, to, "")
}

// requestsClosed says, in l's language, why no meeting request can be sent now (the
// event is over, or the requests phase the organiser dated is not open), or "": the
// pages that offer requests (the participant's, the free common slots) then offer none.
func requestsClosed(e *passerelle.Event, now time.Time, l *Localizer) string {
	if ends := e.Ends(); !ends.IsZero() && !now.Before(ends) {
		return l.Error(passerelle.Errorf(passerelle.ECONFLICT, "the event is over: meeting requests are closed"))
	}
	if err := e.PhaseClosed("requests", now); err != nil {
		return l.Error(err)
	}
	return ""
}
