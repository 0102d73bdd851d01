package store

import (
	"context"
	"strings"
	"testing"

	"passerelle"
)

// TestPartnerConflict checks the message DeleteOrganization can give when agreements
// name the organisation: their titles, never those the actor may not see.
func TestPartnerConflict(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	root := passerelle.NewContextWithActor(ctx, &passerelle.Actor{System: true})
	ws := &passerelle.Workspace{Slug: "w", Name: "W"}
	if err := NewWorkspaceService(db).CreateWorkspace(root, ws); err != nil {
		t.Fatal(err)
	}
	sys := passerelle.NewContextWithActor(ctx, passerelle.SystemActor(ws.ID))
	m := &passerelle.Member{Name: "M"}
	if err := NewWorkspaceService(db).CreateMember(sys, m); err != nil {
		t.Fatal(err)
	}
	o := &passerelle.Organization{Name: "Ville de Santa Fe", Kind: passerelle.KindLocalAuthority, Country: "AR"}
	if err := NewOrganizationService(db).CreateOrganization(sys, o); err != nil {
		t.Fatal(err)
	}
	svc := NewAgreementService(db)
	for _, a := range []*passerelle.Agreement{
		{Title: "Poitiers – Santa Fe"},
		{Title: "Secret convention", Visibility: passerelle.VisibilityPrivate, OwnerMemberID: m.ID},
	} {
		a.Partners = []passerelle.AgreementPartner{{OrganizationID: o.ID, Side: passerelle.SideForeign}}
		if err := svc.CreateAgreement(sys, a); err != nil {
			t.Fatal(err)
		}
	}
	other := &passerelle.Actor{WorkspaceID: ws.ID, MemberID: m.ID + 100, Role: passerelle.RoleMember}
	err = partnerConflict(ctx, db.read, other, o.ID, o.Name)
	msg := passerelle.ErrorMessage(err)
	if passerelle.ErrorCode(err) != passerelle.ECONFLICT || !strings.Contains(msg, "Poitiers – Santa Fe") || strings.Contains(msg, "Secret") || !strings.Contains(msg, "1 you cannot see") {
		t.Errorf("conflict: %v", err)
	}
	if err := partnerConflict(ctx, db.read, other, o.ID+1000, "none"); err != nil {
		t.Errorf("no agreement: %v", err)
	}
}
