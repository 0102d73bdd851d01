package web

import (
	"context"
	"net/http"
	"net/url"

	"passerelle"
)

// The public page of a workspace's agreements, like the Atlas: no sign-in, only the
// agreements published (and shared), and never their private fields (notes, contact
// e-mails, documents not marked public, history). It reads as an anonymous reader of
// the workspace, a viewer of no member: shared records only, so a partner that a
// member keeps private is "a partner kept private" here as for any other reader.

// publicContext returns a context reading the workspace named by {workspace}.
func (s *Server) publicContext(r *http.Request) (context.Context, string, error) {
	slug := r.PathValue("workspace")
	root := passerelle.NewContextWithActor(r.Context(), &passerelle.Actor{System: true})
	ws, err := s.workspaces.FindWorkspaceBySlug(root, slug)
	if err != nil {
		return nil, "", passerelle.Errorf(passerelle.ENOTFOUND, "page not found")
	}
	anon := &passerelle.Actor{WorkspaceID: ws.ID, Role: passerelle.RoleViewer}
	return passerelle.NewContextWithActor(r.Context(), anon), "/public/" + url.PathEscape(ws.Slug) + "/agreements", nil
}

func (s *Server) publicAgreementList(w http.ResponseWriter, r *http.Request) error {
	ctx, base, err := s.publicContext(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "agr.public_title")
	d, err := s.agreementListData(ctx, r, p.L, base, true)
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(w, r, "agreement_list.html", p)
}

func (s *Server) publicAgreementShow(w http.ResponseWriter, r *http.Request) error {
	ctx, base, err := s.publicContext(r)
	if err != nil {
		return err
	}
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	a, err := s.agreementStore().FindAgreementByID(ctx, id)
	if err != nil || !a.Published || a.Visibility != passerelle.VisibilityShared {
		return passerelle.Errorf(passerelle.ENOTFOUND, "page not found")
	}
	p := s.newPage(r, "")
	d, err := s.agreementShowData(ctx, p.L, a, base, true)
	if err != nil {
		return err
	}
	p.TitleText = a.Title
	p.Data = d
	return s.render(w, r, "agreement_show.html", p)
}
