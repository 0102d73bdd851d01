package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"passerelle"
)

// agrShowData is an agreement laid out like a record of the Atlas: facts, texts,
// programme of actions, partners, contacts, funding table and chart, evaluation and
// communication, volunteers, documents.
type agrShowData struct {
	A           *passerelle.Agreement
	Public      bool
	Base        string // /agreements or /public/{workspace}/agreements
	PublicURL   string // the public page of this agreement, when published
	ThemePath   string
	OtherThemes []Option // path, priority
	Texts       []agrText
	Closing     []agrText // evaluation, communication in France and abroad
	French      []passerelle.AgreementPartner
	Foreign     []passerelle.AgreementPartner
	Lines       []fundingView
	ByFunder    []Option // funder, amount
	ByYear      []Option // year, amount
	Total       string
	ChartFunder template.HTML
	ChartYear   template.HTML
	Phases      []phaseView
	History     []*passerelle.AuditEntry
}

type agrText struct {
	ID, Label string // element id, catalogue key
	Blocks    []textBlock
	Empty     string // catalogue key shown when there is no text, as the Atlas says it
}

type fundingView struct {
	passerelle.FundingLine
	AmountText, WaterText string
	CategoryText          string // the category's name, or what was typed
}

type phaseView struct {
	passerelle.Phase
	Blocks []textBlock
}

func (s *Server) agreementShow(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	p := s.newPage(r, "")
	a, err := s.agreementStore().FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderAgreement(w, r, p, a, http.StatusOK)
}

func (s *Server) renderAgreement(w http.ResponseWriter, r *http.Request, p *page, a *passerelle.Agreement, code int) error {
	ctx := r.Context()
	d, err := s.agreementShowData(ctx, p.L, a, "/agreements", false)
	if err != nil {
		return err
	}
	if d.History, err = s.audit.FindAuditEntries(ctx, passerelle.AuditFilter{Entity: "agreement", EntityID: a.ID, Limit: 50}); err != nil {
		return err
	}
	if a.Published {
		act := passerelle.ActorFromContext(ctx)
		if ws, err := s.workspaces.FindWorkspaceByID(ctx, act.WorkspaceID); err == nil {
			d.PublicURL = "/public/" + url.PathEscape(ws.Slug) + "/agreements/" + strconv.FormatInt(a.ID, 10)
		}
	}
	p.TitleText = a.Title
	p.Data = d
	return s.renderStatus(w, r, code, "agreement_show.html", p)
}

func (s *Server) agreementShowData(ctx context.Context, l *Localizer, a *passerelle.Agreement, base string, public bool) (*agrShowData, error) {
	themes, _, err := s.themeIndex(ctx)
	if err != nil {
		return nil, err
	}
	if public {
		a = a.Public()
	}
	d := &agrShowData{A: a, Public: public, Base: base, ThemePath: themePath(themes, a.Theme, l.Lang)}
	for _, t := range a.OtherThemes {
		d.OtherThemes = append(d.OtherThemes, Option{Value: themePath(themes, t.Code, l.Lang), Label: strconv.Itoa(t.Priority)})
	}
	d.Texts = []agrText{
		{ID: "context", Label: "agr.f.context", Blocks: richText(a.Context)},
		{ID: "history", Label: "agr.f.history", Blocks: richText(a.History)},
		{ID: "objectives", Label: "agr.f.objectives", Blocks: richText(a.Objectives)},
		{ID: "description", Label: "agr.f.description", Blocks: richText(a.Description)},
	}
	d.Closing = []agrText{
		{ID: "evaluation", Label: "agr.f.evaluation", Blocks: richText(a.Evaluation), Empty: "agr.none.evaluation"},
		{ID: "communication-france", Label: "agr.f.communication_france", Blocks: richText(a.CommunicationFrance), Empty: "agr.none.communication_france"},
		{ID: "communication-abroad", Label: "agr.f.communication_abroad", Blocks: richText(a.CommunicationAbroad), Empty: "agr.none.communication_abroad"},
	}
	for _, p := range a.Partners {
		if p.Side == passerelle.SideFrench {
			d.French = append(d.French, p)
		} else {
			d.Foreign = append(d.Foreign, p)
		}
	}
	for _, f := range a.Funding {
		v := fundingView{FundingLine: f, AmountText: l.Amount(f.AmountCents, f.Currency), CategoryText: l.FundingCategory(f.Category)}
		if f.WaterCents != nil {
			v.WaterText = l.Euros(*f.WaterCents)
		}
		d.Lines = append(d.Lines, v)
	}
	byFunder, byYear, total := a.FundingTotals()
	for _, t := range byFunder {
		d.ByFunder = append(d.ByFunder, Option{Value: t.Key, Label: l.Euros(t.AmountCents)})
	}
	for _, t := range byYear {
		k := t.Key
		if k == "0" {
			k = l.T("agr.funding.no_year")
		}
		d.ByYear = append(d.ByYear, Option{Value: k, Label: l.Euros(t.AmountCents)})
	}
	if len(a.Funding) > 0 {
		d.Total = l.Euros(total)
		d.ChartFunder = fundingChart(l, l.T("agr.funding.by_funder"), byFunder, false)
		if len(byYear) > 1 {
			d.ChartYear = fundingChart(l, l.T("agr.funding.by_year"), byYear, true)
		}
	}
	for _, ph := range a.Phases {
		d.Phases = append(d.Phases, phaseView{Phase: ph, Blocks: richText(ph.Description)})
	}
	return d, nil
}

// agreementPublish puts the agreement on the workspace's public page, or takes it off.
func (s *Server) agreementPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := agreementID(r)
	if err != nil {
		return err
	}
	svc := s.agreementStore()
	a, err := svc.FindAgreementByID(r.Context(), id)
	if err != nil {
		return err
	}
	a.Published = r.PostFormValue("published") == "1"
	if err := svc.UpdateAgreement(r.Context(), a); err != nil {
		if passerelle.ErrorCode(err) != passerelle.EINVALID {
			return err
		}
		p := s.newPage(r, "")
		p.Errors = p.L.FormErrors(err, "published")
		a, ferr := svc.FindAgreementByID(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		return s.renderAgreement(w, r, p, a, status(err))
	}
	flash := "agr.flash.unpublished"
	if a.Published {
		flash = "agr.flash.published"
	}
	return s.redirect(w, r, "/agreements/"+strconv.FormatInt(id, 10), flash)
}
