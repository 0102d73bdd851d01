package web

import (
	"html/template"
	"strings"
	"sync"

	"passerelle"
	"passerelle/store"
)

// The participant's page lists up to 200 other participants of the event, most of its
// bytes, and executing the template for those rows was most of its CPU
// (docs/benchmarks.md, "Events"). What a row shows of a participant changes only with
// the event's directory, which the store keeps by a version; the rest of a row is the
// language, the workspace's theme labels and the event's address. So each row is
// rendered once per directory version and language, in three pieces kept apart from
// what is the viewer's own: whether a request is already between them (its status
// instead of the form), and whether requests are open at all. The viewer's own row is
// not in their list (Others leaves it out), so no piece is ever anyone's own.

// rowsCacheMax bounds the events × languages whose rows are kept. An entry holds at
// most one rendering of each participant of its event (about 1 KB each: 4 MB for a
// BIO-size event of 3,500, if every one of them was shown by some search).
const rowsCacheMax = 32

// rowsCache keeps the rendered directory rows by event and language.
type rowsCache struct {
	mu      sync.Mutex
	entries map[rowsSlot]*directoryRows
}

type rowsSlot struct {
	event int64
	lang  string
}

// rowsKey is everything a row's cached pieces are made of besides the participant:
// when any of it differs, the entry is rendered anew.
type rowsKey struct {
	count, stamp int64  // the directory's version (store.ParticipantView.DirectoryVersion)
	ws, slug     string // the event's address, in the rows' links and forms
	themes       string // the theme labels in the language, as themesKey writes them
}

type directoryRows struct {
	key   rowsKey
	mu    sync.Mutex
	byRef map[string]*rowPieces
}

// rowPieces are one participant's row: head up to the actions' cell, form the request
// form (left out when the viewer cannot send one), tail the free common slots link and
// the end of the row; between, rendered on demand, the status of a request between
// them in place of the form.
type rowPieces struct {
	head, form, tail string
	between          map[passerelle.RequestStatus]string
}

// rowData is what the participant-row templates receive.
type rowData struct {
	L          *Localizer
	P          *passerelle.EventParticipant
	WS, Slug   string
	ThemeLabel map[string]string
	Status     passerelle.RequestStatus
}

// themesKey writes the theme labels the rows show, in a stable order.
func themesKey(themes []*passerelle.Theme, label map[string]string) string {
	var b strings.Builder
	for _, t := range themes {
		b.WriteString(t.Code)
		b.WriteByte(0x1f)
		b.WriteString(label[t.Code])
		b.WriteByte(0x1e)
	}
	return b.String()
}

// entry returns the event's rows in that language under key, a new empty entry when
// what they were rendered from has changed.
func (c *rowsCache) entry(event int64, lang string, key rowsKey) *directoryRows {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[rowsSlot]*directoryRows{}
	}
	slot := rowsSlot{event, lang}
	if e := c.entries[slot]; e != nil && e.key == key {
		return e
	}
	if _, ok := c.entries[slot]; !ok && len(c.entries) >= rowsCacheMax {
		for k := range c.entries { // any one: the events viewed at once are few
			delete(c.entries, k)
			break
		}
	}
	e := &directoryRows{key: key, byRef: map[string]*rowPieces{}}
	c.entries[slot] = e
	return e
}

// participantRows renders d.Shown as the list's rows for the viewer: each row's
// pieces from the cache (rendered now if missing), with the viewer's own parts.
func (s *Server) participantRows(v *store.ParticipantView, d *participantHomeData, l *Localizer) (template.HTML, error) {
	if len(d.Shown) == 0 {
		return "", nil
	}
	count, stamp := v.DirectoryVersion()
	key := rowsKey{count: count, stamp: stamp, ws: d.WorkspaceSlug, slug: v.Event.Slug, themes: themesKey(d.Themes, d.ThemeLabel)}
	e := s.rows.entry(v.Event.ID, l.Lang, key)
	t := s.pages["event_participant.html"]
	rd := rowData{L: l, WS: key.ws, Slug: key.slug, ThemeLabel: d.ThemeLabel}
	var buf strings.Builder
	exec := func(name string) (string, error) {
		buf.Reset()
		err := t.ExecuteTemplate(&buf, name, rd)
		return buf.String(), err
	}
	var out strings.Builder
	out.Grow(len(d.Shown) * 1200) // about a row's size at a BIO-size event
	// Viewers of the same event and language wait for each other's first rendering of
	// a row rather than render it twice.
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, o := range d.Shown {
		rd.P = o
		pc := e.byRef[o.Ref]
		if pc == nil {
			pc = &rowPieces{}
			var err error
			if pc.head, err = exec("participant-row-head"); err != nil {
				return "", err
			}
			if pc.form, err = exec("participant-row-form"); err != nil {
				return "", err
			}
			if pc.tail, err = exec("participant-row-tail"); err != nil {
				return "", err
			}
			e.byRef[o.Ref] = pc
		}
		out.WriteString(pc.head)
		if st := d.Between[o.Ref]; st != "" {
			b, ok := pc.between[st]
			if !ok {
				rd.Status = st
				var err error
				if b, err = exec("participant-row-between"); err != nil {
					return "", err
				}
				if pc.between == nil {
					pc.between = map[passerelle.RequestStatus]string{}
				}
				pc.between[st] = b
			}
			out.WriteString(b)
		} else if d.RequestsClosed == "" {
			out.WriteString(pc.form)
		}
		out.WriteString(pc.tail)
	}
	return template.HTML(out.String()), nil
}
