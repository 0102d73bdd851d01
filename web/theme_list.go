package web

import (
	"net/http"
	"strings"

	"passerelle"
)

func (s *Server) themeList(w http.ResponseWriter, r *http.Request) error {
	return s.renderThemes(w, r, nil, nil)
}

func (s *Server) renderThemes(w http.ResponseWriter, r *http.Request, form *passerelle.Theme, saveErr error) error {
	themes, err := s.themes.FindThemes(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, "themes.title")
	if form == nil {
		form = &passerelle.Theme{}
	}
	p.Data = map[string]any{"Themes": themes, "Form": form}
	code := http.StatusOK
	if saveErr != nil {
		p.Errors, code = p.L.FormErrors(saveErr, "code"), status(saveErr)
	}
	return s.renderStatus(w, r, code, "theme_list.html", p)
}

func (s *Server) themeCreate(w http.ResponseWriter, r *http.Request) error {
	t := &passerelle.Theme{Code: strings.TrimSpace(r.PostFormValue("code")), ParentCode: r.PostFormValue("parent_code"),
		LabelFR: strings.TrimSpace(r.PostFormValue("label_fr")), LabelEN: strings.TrimSpace(r.PostFormValue("label_en"))}
	if err := s.themes.CreateTheme(r.Context(), t); err != nil {
		if formErr(err) {
			return s.renderThemes(w, r, t, err)
		}
		return err
	}
	return s.redirect(w, r, "/themes", "flash.saved")
}
