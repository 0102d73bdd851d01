package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"passerelle"
)

//go:embed templates
var templateFS embed.FS

// page is what every template receives.
type page struct {
	Title     string // catalogue key
	TitleText string // or a literal title (a record's name)
	L         *Localizer
	Actor     *passerelle.Actor
	Email     string
	Nav       []NavLink
	Path      string
	Query     string
	Flash     string
	Errors    map[string]string // field -> message, already in the page's language
	Data      any
	// Conflict lists, after a stale save, the saved values that differ from the form's.
	Conflict []conflictField
}

func (s *Server) newPage(r *http.Request, title string) *page {
	ri := info(r)
	a := passerelle.ActorFromContext(r.Context())
	p := &page{Title: title, L: newLocalizer(ri.lang), Actor: a, Email: ri.email, Path: r.URL.Path, Query: r.URL.RawQuery}
	lv := level(a)
	for _, n := range navLinks {
		if lv >= n.Min && (n.Show == nil || n.Show(a)) {
			p.Nav = append(p.Nav, n)
		}
	}
	if hasSession(r) {
		p.Flash = s.sessions.PopString(r.Context(), "flash")
	}
	return p
}

// CanWrite and CanManage let templates show only the controls the actor may use.
func (p *page) CanWrite() bool  { return p.Actor != nil && p.Actor.Role.CanWrite() }
func (p *page) CanManage() bool { return p.Actor != nil && p.Actor.Role.CanManage() }
func (p *page) IsAdmin() bool   { return p.Actor != nil && p.Actor.Role == passerelle.RoleAdmin }

// Err returns the error message of a form field.
func (p *page) Err(field string) string { return p.Errors[field] }

// NavActive reports whether a navigation link is the current section.
func (p *page) NavActive(path string) bool {
	if path == "/" {
		return p.Path == "/"
	}
	return p.Path == path || strings.HasPrefix(p.Path, path+"/")
}

// parseTemplates builds one template set per page: the layout and the shared partials
// (partials.html and partial_*.html), plus the page's own file.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset": s.assets.url,
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		// zone lets a time zone's name break at its slash ("Europe/" "Copenhagen"): in
		// the week's narrow columns it was cut inside a word ("Europe/Cope" "nhagen").
		"zone": func(z string) template.HTML {
			return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(z), "/", "/<wbr>"))
		},
		"has": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
		"deref": func(f *float64) any {
			if f == nil {
				return ""
			}
			return *f
		},
		"str": func(v any) string {
			switch x := v.(type) {
			case nil:
				return "∅"
			case []any:
				parts := make([]string, len(x))
				for i, e := range x {
					parts[i] = fmt.Sprint(e)
				}
				return strings.Join(parts, ", ")
			}
			return fmt.Sprint(v)
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	base := template.New("").Funcs(funcs)
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, n := range names {
		file := strings.TrimPrefix(n, "templates/")
		if file == "layout.html" || file == "partials.html" || strings.HasPrefix(file, "partial_") {
			if _, err := base.ParseFS(templateFS, n); err != nil {
				return nil, err
			}
			continue
		}
		pages = append(pages, file)
	}
	out := map[string]*template.Template{}
	for _, file := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, "templates/"+file); err != nil {
			return nil, fmt.Errorf("template %s: %w", file, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no \"content\"", file)
		}
		out[file] = t
	}
	return out, nil
}

// render writes a full page (the layout), or only the named fragment when htmx asks
// for it with HX-Target: the live search replaces its results without the rest.
func (s *Server) render(w http.ResponseWriter, r *http.Request, file string, p *page) error {
	return s.renderStatus(w, r, http.StatusOK, file, p)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, file string, p *page) error {
	t, ok := s.pages[file]
	if !ok {
		return fmt.Errorf("no template %s", file)
	}
	name := "layout"
	if target := r.Header.Get("HX-Target"); r.Header.Get("HX-Request") == "true" && target != "" && t.Lookup("fragment-"+target) != nil {
		name = "fragment-" + target
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, p); err != nil {
		s.log.Error("render", "template", file, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Add("Vary", "HX-Request, HX-Target")
	w.WriteHeader(code)
	_, err := w.Write(buf.Bytes())
	return err
}

// redirect sends the browser elsewhere after a change (post/redirect/get), with an
// optional flash message key shown on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" && hasSession(r) {
		s.sessions.Put(r.Context(), "flash", flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// redirectMsg is redirect with a flash message (a catalogue key) that takes arguments
// (a count): the key is kept with them (passerelle.EncodeMsg) and formatted in the next
// page's language.
func (s *Server) redirectMsg(w http.ResponseWriter, r *http.Request, to, flash string, args ...any) error {
	return s.redirect(w, r, to, passerelle.EncodeMsg(passerelle.Msg{Key: flash, Args: args}))
}

// FlashText is the flash message in the page's language: a catalogue key, or a key
// kept with its arguments by redirectMsg.
func (p *page) FlashText() string {
	m := passerelle.DecodeMsg(p.Flash)
	// A key with plural forms (key.one, key.other) counts its first argument: "1
	// participant", not "1 participants".
	if n, ok := firstInt(m.Args); ok {
		if _, plural := p.L.cat[m.Key+".one"]; plural {
			return p.L.N(m.Key, n, m.Args[1:]...)
		}
	}
	return p.L.T(m.Key, m.Args...)
}

func firstInt(args []any) (int, bool) {
	if len(args) == 0 {
		return 0, false
	}
	n, ok := args[0].(int)
	return n, ok
}
