package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"passerelle"
	"passerelle/store"
)

// A participant's profile on their page (docs/events.md): summary, themes, typed offers
// and requests; the other participants' profiles with a search by theme, type and text.

// profileRow is one offer or request line of the profile form.
type profileRow struct {
	Index int
	passerelle.EventOffer
	Theme string // the form names one theme per line; an import may give more
}

// profileForm is the profile being edited: the stored one, or what was typed when a
// save was refused.
type profileForm struct {
	Summary string
	Themes  []string
	Rows    []profileRow
}

func newProfileForm(p *passerelle.EventProfile) profileForm {
	f := profileForm{}
	if p != nil {
		f.Summary, f.Themes = p.Summary, p.Themes
		for _, o := range p.Offers {
			r := profileRow{EventOffer: o}
			if len(o.Themes) > 0 {
				r.Theme = o.Themes[0]
			}
			f.Rows = append(f.Rows, r)
		}
	}
	for range 2 { // blank lines for new offers
		f.Rows = append(f.Rows, profileRow{})
	}
	for i := range f.Rows {
		f.Rows[i].Index = i
	}
	return f
}

// profileFromForm reads the form: offers[N].kind (offer, request), .type, .title,
// .description, .theme, .ref (kept across edits). Blank lines are dropped.
func profileFromForm(r *http.Request, old *passerelle.EventProfile) *passerelle.EventProfile {
	p := &passerelle.EventProfile{Summary: r.PostFormValue("summary"), Themes: r.PostForm["themes"]}
	for i := 0; i < 100; i++ {
		at := fmt.Sprintf("offers[%d].", i)
		if _, ok := r.PostForm[at+"title"]; !ok {
			break
		}
		o := passerelle.EventOffer{Ref: r.PostFormValue(at + "ref"), Type: passerelle.OfferType(r.PostFormValue(at + "type")),
			Title: r.PostFormValue(at + "title"), Description: r.PostFormValue(at + "description"), Request: r.PostFormValue(at+"kind") == "request"}
		if strings.TrimSpace(o.Title) == "" && strings.TrimSpace(o.Description) == "" {
			continue
		}
		if t := strings.TrimSpace(r.PostFormValue(at + "theme")); t != "" {
			o.Themes = []string{t}
		}
		// The form shows one theme per line: the others an import gave stay.
		if prev := old.Offer(o.Ref); prev != nil && o.Ref != "" && len(prev.Themes) > 1 && len(o.Themes) == 1 && o.Themes[0] == prev.Themes[0] {
			o.Themes = prev.Themes
		}
		p.Offers = append(p.Offers, o)
	}
	return p
}

// participantProfile saves the signed-in participant's profile; a refused one comes
// back with what was typed and each problem named.
func (s *Server) participantProfile(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantView(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	old := v.Me.Profile
	if old == nil {
		old = &passerelle.EventProfile{}
	}
	prof := profileFromForm(r, old)
	if err := s.eventService().SaveProfile(r.Context(), v.Event.WorkspaceID, v.Me.ID, prof); err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		f := newProfileForm(prof)
		return s.renderParticipantPage(w, r, v, err, &f)
	}
	return s.redirect(w, r, strings.TrimSuffix(r.URL.Path, "/profile")+"#profile", "flash.event_profile_saved")
}

// profileMatches reports whether a participant answers the search: a theme (or one
// within it) in their profile, an offer or request of the type, the words in their name,
// organisation, summary or offers.
func profileMatches(p *passerelle.EventParticipant, q, theme, typ string) bool {
	prof := p.Profile
	if prof == nil {
		prof = &passerelle.EventProfile{}
	}
	if theme != "" {
		ok := false
		within := func(c string) bool { return c == theme || strings.HasPrefix(c, theme+".") }
		for _, c := range prof.Themes {
			ok = ok || within(c)
		}
		for _, o := range prof.Offers {
			for _, c := range o.Themes {
				ok = ok || within(c)
			}
		}
		if !ok {
			return false
		}
	}
	if typ != "" {
		ok := false
		for _, o := range prof.Offers {
			ok = ok || string(o.Type) == typ
		}
		if !ok {
			return false
		}
	}
	if q == "" {
		return true
	}
	text := []string{p.Name, p.Organization.Name, prof.Summary}
	for _, o := range prof.Offers {
		text = append(text, o.Title, o.Description)
	}
	hay := passerelle.Fold(strings.Join(text, " "))
	for _, w := range strings.Fields(q) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// sortedThemes lists the workspace's themes by code (parents before their children).
func sortedThemes(m map[string]*passerelle.Theme) []*passerelle.Theme {
	out := make([]*passerelle.Theme, 0, len(m))
	for _, t := range m {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// recommended is one participant worth meeting, with the reason in the reader's
// language and the offer a request would be about.
type recommended struct {
	Participant *passerelle.EventParticipant
	Reason      string
	About       string // the ref of their offer or request that matches, if any
}

// recommendations ranks the other participants for the signed-in one with
// passerelle.Recommend (those already requested, either way, left out) and says why:
// "you both work on …; they request what you offer: …". about gives the title of the
// offer each of the participant's requests (sent and received) is about.
func recommendations(v *store.ParticipantView, l *Localizer, themeLabel map[string]string) ([]recommended, map[int64]string) {
	requested := map[string]bool{}
	about := map[int64]string{}
	for _, r := range v.Sent {
		requested[r.To] = true
		if o := v.Other(r.To); o != nil && r.OfferRef != "" && o.Profile.Offer(r.OfferRef) != nil {
			about[r.ID] = o.Profile.Offer(r.OfferRef).Title
		}
	}
	for _, r := range v.Received {
		// One its sender withdrew leaves the participant free to ask them (Stands).
		requested[r.From] = requested[r.From] || v.Stands(r)
		if r.OfferRef != "" && v.Me.Profile.Offer(r.OfferRef) != nil {
			about[r.ID] = v.Me.Profile.Offer(r.OfferRef).Title
		}
	}
	if v.Me.Profile == nil {
		return nil, about
	}
	var out []recommended
	for _, rc := range v.Recommend(requested, 10) {
		var why []string
		if len(rc.SharedThemes) > 0 {
			names := make([]string, len(rc.SharedThemes))
			for i, c := range rc.SharedThemes {
				names[i] = themeLabel[c]
			}
			why = append(why, l.T("event.why_themes", strings.Join(names, ", ")))
		}
		x := recommended{Participant: v.Other(rc.Ref)}
		for _, m := range rc.Mine {
			why = append(why, l.T("event.why_mine", m.Request.Title, m.Offer.Title))
			if x.About == "" {
				x.About = m.Request.Ref
			}
		}
		for _, m := range rc.Theirs {
			why = append(why, l.T("event.why_theirs", m.Offer.Title, m.Request.Title))
			if x.About == "" {
				x.About = m.Offer.Ref
			}
		}
		x.Reason = strings.Join(why, "; ")
		if x.Participant != nil {
			out = append(out, x)
		}
	}
	return out, about
}
