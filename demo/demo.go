// Package demo builds the demo workspace from the five seed documents: the GLOBAL CARE
// consortium and its Copenhagen mission, the Carnot network, Genopole's partner clusters,
// the LifeScience Corridor France – Kansai agreement and the Poitiers – Santa Fe
// cooperation. Companies that the seeds do not name are made up and marked fictional.
package demo

import (
	"context"
	"fmt"

	"passerelle"
	"passerelle/store"
)

// Slug is the demo workspace's slug.
const Slug = "global-care"

// A Loader adds a part of the demo (accounts, agreements...) once the directory exists.
type Loader struct {
	Name string
	Load func(ctx context.Context, db *store.DB, d *Directory) error
}

// loaders run in this order after the directory, once, when Load creates the workspace;
// they need not be idempotent one by one.
var loaders = []Loader{
	{Name: "accounts", Load: loadAccounts},
	{Name: "agreements", Load: loadAgreements},
	{Name: "events", Load: loadEvents},
	{Name: "missions", Load: loadMissions},
	{Name: "delegations", Load: loadDelegations},
	{Name: "pipeline", Load: loadPipeline},
	{Name: "abroad", Load: loadAbroad},
	{Name: "report text", Load: loadReportText},
}

// Directory is what the base loader created, for the other loaders to refer to.
type Directory struct {
	Workspace *passerelle.Workspace
	Members   map[string]*passerelle.Member       // by key, e.g. "pasteur"
	Orgs      map[string]*passerelle.Organization // by key
	People    map[string]*passerelle.Person       // by key
	// System is a context acting as the operator in the demo workspace.
	System context.Context
}

// Load creates the demo workspace unless it exists. It reports whether it created it.
func Load(ctx context.Context, db *store.DB) (*Directory, bool, error) {
	sys := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := store.NewWorkspaceService(db)
	if w, err := ws.FindWorkspaceBySlug(sys, Slug); err == nil {
		return &Directory{Workspace: w, System: passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))}, false, nil
	} else if passerelle.ErrorCode(err) != passerelle.ENOTFOUND {
		return nil, false, err
	}
	w := &passerelle.Workspace{Slug: Slug, Name: "GLOBAL CARE Initiative"}
	if err := ws.CreateWorkspace(sys, w); err != nil {
		return nil, false, err
	}
	d := &Directory{Workspace: w, Members: map[string]*passerelle.Member{}, Orgs: map[string]*passerelle.Organization{},
		People: map[string]*passerelle.Person{}, System: passerelle.NewContextWithActor(ctx, passerelle.SystemActor(w.ID))}
	if err := d.loadDirectory(db); err != nil {
		return nil, false, fmt.Errorf("demo directory: %w", err)
	}
	for _, l := range loaders {
		if err := l.Load(ctx, db, d); err != nil {
			return nil, false, fmt.Errorf("demo %s: %w", l.Name, err)
		}
	}
	return d, true, nil
}

type orgSeed struct {
	key  string
	org  passerelle.Organization
	link []linkSeed
}

type linkSeed struct {
	kind passerelle.LinkKind
	to   string
}

func f(v float64) *float64 { return &v }

func (d *Directory) loadDirectory(db *store.DB) error {
	orgs := store.NewOrganizationService(db)
	people := store.NewPersonService(db)
	ws := store.NewWorkspaceService(db)
	for _, s := range organizations {
		o := s.org
		if err := orgs.CreateOrganization(d.System, &o); err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
		d.Orgs[s.key] = &o
	}
	for _, s := range organizations {
		for _, l := range s.link {
			if err := orgs.CreateLink(d.System, &passerelle.OrgLink{Kind: l.kind, FromID: d.Orgs[s.key].ID, ToID: d.Orgs[l.to].ID, Source: "demo"}); err != nil {
				return fmt.Errorf("link %s %s %s: %w", s.key, l.kind, l.to, err)
			}
		}
	}
	for _, key := range []string{"pasteur-mi", "curie-cancer", "icm", "voir-entendre", "calym"} {
		m := &passerelle.Member{Name: d.Orgs[key].Name, OrganizationID: d.Orgs[key].ID}
		if err := ws.CreateMember(d.System, m); err != nil {
			return err
		}
		d.Members[key] = m
	}
	for _, s := range contacts {
		p := s.person
		if s.private != "" {
			p.Visibility, p.OwnerMemberID = passerelle.VisibilityPrivate, d.Members[s.private].ID
		}
		if err := people.CreatePerson(d.System, &p); err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
		d.People[s.key] = &p
		for _, af := range s.at {
			a := af
			a.PersonID, a.OrganizationID = p.ID, d.Orgs[af.OrganizationName].ID
			a.OrganizationName = ""
			if err := people.CreateAffiliation(d.System, &a); err != nil {
				return fmt.Errorf("%s at %s: %w", s.key, af.OrganizationName, err)
			}
		}
	}
	// A debrief note of one member, private to it: the other institutes must not see it.
	note := &passerelle.Organization{Name: "Fictional: Kronborg Diagnostics ApS (prospect of Pasteur MI)", Kind: passerelle.KindCompany,
		Country: "DK", City: "Helsingør", Fictional: true, Tags: []string{"fictional", "prospect"},
		Description: "Private to Carnot Pasteur MI: interested in rapid diagnostics of infections; follow up after the Copenhagen mission.",
		Visibility:  passerelle.VisibilityPrivate, OwnerMemberID: d.Members["pasteur-mi"].ID}
	if err := orgs.CreateOrganization(d.System, note); err != nil {
		return err
	}
	d.Orgs["kronborg"] = note
	return nil
}
