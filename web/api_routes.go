package web

import (
	"passerelle"
	"passerelle/store"
)

var orgFilters = []string{"q", "country", "kind", "theme", "cursor", "limit"}

// apiRoutes is the JSON API. Bodies and replies are example values whose types the
// OpenAPI document describes.
var apiRoutes = []Route{
	{Method: "GET", Path: "/api/v1/openapi.json", Name: "openapi", Summary: "This OpenAPI document", Access: Public, API: true, Handle: (*Server).apiOpenAPI},
	{Method: "GET", Path: "/api/v1/me", Name: "me", Summary: "The caller: user, workspace, member and role", Access: Reader, API: true, Reply: meReply{}, Handle: (*Server).apiMe},
	{Method: "GET", Path: "/api/v1/organizations", Name: "listOrganizations", Summary: "Search and filter organisations", Access: Reader, API: true, Query: orgFilters, Reply: list[passerelle.Organization]{}, Handle: (*Server).apiOrgList},
	{Method: "POST", Path: "/api/v1/organizations", Name: "createOrganization", Summary: "Create an organisation", Access: Writer, API: true, Body: passerelle.Organization{}, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgCreate},
	{Method: "GET", Path: "/api/v1/organizations/{org}", Name: "getOrganization", Summary: "One organisation", Access: Reader, API: true, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgGet},
	{Method: "PATCH", Path: "/api/v1/organizations/{org}", Name: "updateOrganization", Summary: "Change the fields given", Access: Writer, API: true, Body: passerelle.Organization{}, Reply: passerelle.Organization{}, Handle: (*Server).apiOrgUpdate},
	{Method: "DELETE", Path: "/api/v1/organizations/{org}", Name: "deleteOrganization", Summary: "Delete an organisation", Access: Writer, API: true, Handle: (*Server).apiOrgDelete},
	{Method: "GET", Path: "/api/v1/organizations/{org}/links", Name: "listOrganizationLinks", Summary: "Links of an organisation, both directions", Access: Reader, API: true, Reply: list[passerelle.OrgLink]{}, Handle: (*Server).apiLinkList},
	{Method: "POST", Path: "/api/v1/organizations/{org}/links", Name: "createOrganizationLink", Summary: "Link the organisation to another", Access: Writer, API: true, Body: passerelle.OrgLink{}, Reply: passerelle.OrgLink{}, Handle: (*Server).apiLinkCreate},
	{Method: "DELETE", Path: "/api/v1/organizations/{org}/links/{link}", Name: "deleteOrganizationLink", Summary: "Remove a link", Access: Writer, API: true, Handle: (*Server).apiLinkDelete},
	{Method: "GET", Path: "/api/v1/organizations/{org}/people", Name: "listOrganizationPeople", Summary: "Affiliations of the organisation's people", Access: Reader, API: true, Reply: list[passerelle.Affiliation]{}, Handle: (*Server).apiOrgPeople},
	{Method: "GET", Path: "/api/v1/organizations/{org}/history", Name: "organizationHistory", Summary: "Audit entries of an organisation", Access: Reader, API: true, Reply: list[passerelle.AuditEntry]{}, Handle: (*Server).apiOrgHistory},
	{Method: "GET", Path: "/api/v1/people", Name: "listPeople", Summary: "Search people", Access: Reader, API: true, Query: []string{"q", "country", "organization_id", "cursor", "limit"}, Reply: list[passerelle.Person]{}, Handle: (*Server).apiPersonList},
	{Method: "POST", Path: "/api/v1/people", Name: "createPerson", Summary: "Create a person", Access: Writer, API: true, Body: passerelle.Person{}, Reply: passerelle.Person{}, Handle: (*Server).apiPersonCreate},
	{Method: "GET", Path: "/api/v1/people/{person}", Name: "getPerson", Summary: "One person with affiliations", Access: Reader, API: true, Reply: passerelle.Person{}, Handle: (*Server).apiPersonGet},
	{Method: "PATCH", Path: "/api/v1/people/{person}", Name: "updatePerson", Summary: "Change the fields given", Access: Writer, API: true, Body: passerelle.Person{}, Reply: passerelle.Person{}, Handle: (*Server).apiPersonUpdate},
	{Method: "DELETE", Path: "/api/v1/people/{person}", Name: "deletePerson", Summary: "Delete a person", Access: Writer, API: true, Handle: (*Server).apiPersonDelete},
	{Method: "POST", Path: "/api/v1/people/{person}/affiliations", Name: "createAffiliation", Summary: "Affiliate the person to an organisation", Access: Writer, API: true, Body: passerelle.Affiliation{}, Reply: passerelle.Affiliation{}, Handle: (*Server).apiAffCreate},
	{Method: "DELETE", Path: "/api/v1/people/{person}/affiliations/{affiliation}", Name: "deleteAffiliation", Summary: "Remove an affiliation", Access: Writer, API: true, Handle: (*Server).apiAffDelete},
	{Method: "GET", Path: "/api/v1/themes", Name: "listThemes", Summary: "The theme taxonomy", Access: Reader, API: true, Reply: list[passerelle.Theme]{}, Handle: (*Server).apiThemeList},
	{Method: "POST", Path: "/api/v1/themes", Name: "createTheme", Summary: "Add a theme", Access: Manager, API: true, Body: passerelle.Theme{}, Reply: passerelle.Theme{}, Handle: (*Server).apiThemeCreate},
	{Method: "GET", Path: "/api/v1/search", Name: "search", Summary: "Search organisations and people", Access: Reader, API: true, Query: []string{"q", "limit"}, Reply: list[passerelle.SearchHit]{}, Handle: (*Server).apiSearch},
	{Method: "GET", Path: "/api/v1/members", Name: "listMembers", Summary: "Member organisations of the workspace", Access: Reader, API: true, Reply: list[passerelle.Member]{}, Handle: (*Server).apiMembers},
	{Method: "GET", Path: "/api/v1/users", Name: "listUsers", Summary: "Users and their roles", Access: Manager, API: true, Reply: list[passerelle.Membership]{}, Handle: (*Server).apiUsers},
	{Method: "GET", Path: "/api/v1/audit", Name: "listAudit", Summary: "The workspace's audit log, newest first", Access: Manager, API: true, Query: []string{"entity", "entity_id", "cursor", "limit"}, Reply: list[passerelle.AuditEntry]{}, Handle: (*Server).apiAudit},
	{Method: "GET", Path: "/api/v1/tokens", Name: "listTokens", Summary: "The caller's API tokens", Access: Reader, API: true, Reply: list[store.APIToken]{}, Handle: (*Server).apiTokens},
}
