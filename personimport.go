package passerelle

// PersonRow is one row of a contact list being imported: the person, and the
// organisation they work for and their role there, as the file names them.
type PersonRow struct {
	Line         int
	Person       *Person
	Organization string // the organisation's name, matched against the directory
	OrgCountry   string // the organisation's country, when the file gives one
	Role         string
}

// PersonMatchRef names a person of the workspace that a row matches or may match.
type PersonMatchRef struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Score float64 `json:"score,omitempty"`
}

// PersonRowDecision is what a contacts import does, or would do, with one row: new,
// match or ambiguous, with the person matched, the score and its reasons; the
// organisation of the row as it was resolved (matched in the directory, or new).
type PersonRowDecision struct {
	Line       int              `json:"line"`
	Name       string           `json:"name"`
	Decision   string           `json:"decision"`
	Match      *PersonMatchRef  `json:"match"`
	Score      float64          `json:"score"`
	Reasons    []string         `json:"reasons"`
	Candidates []PersonMatchRef `json:"candidates,omitempty"`
	// The row's organisation: Decision new, match or ambiguous as in an organisations
	// import; nil when the row names none.
	Organization *PersonRowOrg `json:"organization,omitempty"`
	SameAsLine   int           `json:"same_as_line,omitempty"`
	ID           int64         `json:"id,omitempty"`
	Action       string        `json:"action,omitempty"` // created, linked, updated, skipped
}

// PersonRowOrg is the organisation a row names, as the import resolves it; for an
// ambiguous one, the directory's records it may be.
type PersonRowOrg struct {
	Name       string        `json:"name"`
	Decision   string        `json:"decision"`
	Match      *OrgMatchRef  `json:"match"`
	Candidates []OrgMatchRef `json:"candidates,omitempty"`
}

// PersonImportOptions say what a contacts import does.
type PersonImportOptions struct {
	DryRun    bool   // decide every row, save nothing
	Ambiguous string // AmbiguousStop, AmbiguousNew or AmbiguousSkip
	// Choices settle ambiguous rows one by one, by the row's line, as in an
	// organisations import: the id of one of the row's candidates links it to that
	// person, ChoiceNew creates the person, ChoiceSkip leaves the row out.
	Choices map[int]int64
	// OrgChoices settle the rows whose organisation is ambiguous, by line: the id of one
	// of the organisation's candidates, or ChoiceNew to create it. Such a row is settled
	// by both choices (or skipped); rows without them follow Ambiguous.
	OrgChoices map[int]int64
}

// PersonImportReport is the outcome of a contacts import: every row's decision and
// the counts.
type PersonImportReport struct {
	Rows        []PersonRowDecision `json:"rows"`
	New         int                 `json:"new"`
	Matched     int                 `json:"matched"`
	Ambiguous   int                 `json:"ambiguous"`
	Created     int                 `json:"created"`
	Updated     int                 `json:"updated"` // matched people the file gave an email, phone, field or affiliation more
	Skipped     int                 `json:"skipped"`
	NewOrgs     int                 `json:"new_organizations"` // organisations the file names that the directory lacks, each once
	OrgsCreated int                 `json:"organizations_created"`
	DryRun      bool                `json:"dry_run"`
}
