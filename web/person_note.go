package web

import (
	"net/http"

	"passerelle"
)

// A member's private note on a person (docs/missions.md): on the person's page for the
// users of a member, written by its writers; never another member's.

// personNoteLoad fills the person page's note of the reader's member, and that member's
// name; nothing for a user of no member.
func (s *Server) personNoteLoad(r *http.Request, d *personShowData) error {
	a := passerelle.ActorFromContext(r.Context())
	if a == nil || a.MemberID == 0 {
		return nil
	}
	note, err := s.people.MemberNote(r.Context(), d.Person.ID)
	if err != nil {
		return err
	}
	d.MemberNote = &note
	members, err := s.workspaces.FindMembers(r.Context())
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.ID == a.MemberID {
			d.MemberName = m.Name
		}
	}
	return nil
}

// personNoteSave writes the reader's member's note on the person.
func (s *Server) personNoteSave(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	if err := s.people.SetMemberNote(r.Context(), id, r.PostFormValue("note")); err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		// The page again, with the refusal beside the note (the affiliations' errors map).
		return s.renderPerson(w, r, id, map[string]string{"_note": s.newPage(r, "").L.Error(err)}, status(err))
	}
	return s.redirect(w, r, "/people/"+r.PathValue("person")+"#member-note", "flash.saved")
}

// personNote is a member's note as the API gives and takes it.
type personNote struct {
	Note string `json:"note"`
}

// apiPersonNoteGet is the caller's member's note on a person.
func (s *Server) apiPersonNoteGet(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	note, err := s.people.MemberNote(r.Context(), id)
	if err != nil {
		return err
	}
	return ok(w, personNote{Note: note})
}

// apiPersonNotePut writes the caller's member's note on a person ("" removes it).
func (s *Server) apiPersonNotePut(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "person")
	if err != nil {
		return err
	}
	var b personNote
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := s.people.SetMemberNote(r.Context(), id, b.Note); err != nil {
		return err
	}
	return s.apiPersonNoteGet(w, r)
}
