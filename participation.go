package passerelle

// ParticipationRow is one row of a participations file (docs/pipeline.md): an
// organisation in an EU project, with the project's fields as the row gives them. Line
// is the file's line (the header is line 1).
type ParticipationRow struct {
	Line           int
	ProjectRef     string // the programme's project identifier (CORDIS projectID)
	Acronym        string
	Title          string
	Programme      string
	CallID         string
	Topic          string
	StartDate      string // YYYY-MM-DD
	EndDate        string
	Organization   *Organization // name, country, kind, PIC, city as the file gives them
	OrganizationID string        // the file's identifier of the organisation, if any
	Role           string        // coordinator, participant…, lower case
	AmountCents    int64         // the organisation's EU contribution, euro cents
}

// ParticipationImportOptions say how a participations file is imported.
type ParticipationImportOptions struct {
	DryRun    bool   // do everything, then save nothing and tell what would have happened
	Ambiguous string // what to do with organisations that match several records: AmbiguousStop, AmbiguousNew or AmbiguousSkip
}

// ParticipationImportReport is the outcome of a participations import.
type ParticipationImportReport struct {
	Rows                 int              `json:"rows"`
	Projects             int              `json:"projects"`
	ProjectsCreated      int              `json:"projects_created"`
	ProjectsUpdated      int              `json:"projects_updated"`
	ProjectsUnchanged    int              `json:"projects_unchanged"`
	MemberProjects       int              `json:"member_projects"` // projects where a member's organisation takes part
	Organizations        int              `json:"organizations"`   // distinct organisations of the file
	OrganizationsNew     int              `json:"organizations_new"`
	OrganizationsMatched int              `json:"organizations_matched"`
	OrganizationsSkipped int              `json:"organizations_skipped"`
	Decisions            []OrgRowDecision `json:"decisions"` // one per distinct organisation, at its first line
	DryRun               bool             `json:"dry_run"`
}
