package passerelle

// OrgRow is one data row of an organisations file, with the file's line it starts on
// (the header is line 1).
type OrgRow struct {
	Line         int
	Organization *Organization
	// Extra holds the row's cells of fields beyond the organisation's, by field, for
	// imports that take more (a mission's targets: why, group, availability, venue).
	Extra map[string]string
}

// Import decisions of a row.
const (
	DecisionNew       = "new"
	DecisionMatch     = "match"
	DecisionAmbiguous = "ambiguous"
)

// OrgMatchRef names the record a row matches, or a candidate of an ambiguous row.
type OrgMatchRef struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	ROR   string  `json:"ror"`
	Score float64 `json:"score,omitempty"`
}

// OrgRowDecision is what an import does, or would do, with one row: its decision, the
// record it matches, the score and the reasons, and for an ambiguous row the
// candidates to choose from. SameAsLine names an earlier row of the file that is the
// same new organisation: the import creates one record for both.
type OrgRowDecision struct {
	Line       int           `json:"line"`
	Name       string        `json:"name"`
	Decision   string        `json:"decision"`
	Match      *OrgMatchRef  `json:"match"`
	Score      float64       `json:"score"`
	Reasons    []string      `json:"reasons"`
	Candidates []OrgMatchRef `json:"candidates,omitempty"`
	SameAsLine int           `json:"same_as_line,omitempty"`
	// Set by an import that ran: the record created or linked, or "skipped".
	ID     int64  `json:"id,omitempty"`
	Action string `json:"action,omitempty"` // created, linked, updated, skipped
}

// What an import does with the ambiguous rows.
const (
	AmbiguousStop = ""     // refuse the import and list them
	AmbiguousNew  = "new"  // create each as a new record
	AmbiguousSkip = "skip" // leave them out
)

// OrgImportOptions say how an organisations file is imported.
type OrgImportOptions struct {
	DryRun    bool   // decide every row, save nothing
	Ambiguous string // AmbiguousStop, AmbiguousNew or AmbiguousSkip
	// Choices settle ambiguous rows one by one, by the row's line: the id of one of the
	// row's candidates links it to that record, ChoiceNew creates it, ChoiceSkip leaves it
	// out. Rows without a choice follow Ambiguous.
	Choices map[int]int64
}

// Choices of an ambiguous row other than one of its candidates.
const (
	ChoiceNew  int64 = -1
	ChoiceSkip int64 = -2
)

// OrgImportReport is the outcome of an organisations import, row by row.
type OrgImportReport struct {
	Rows      []OrgRowDecision `json:"rows"`
	New       int              `json:"new"`
	Matched   int              `json:"matched"`
	Ambiguous int              `json:"ambiguous"`
	Created   int              `json:"created"`
	Updated   int              `json:"updated"` // matched records whose empty fields the file filled
	Skipped   int              `json:"skipped"`
	DryRun    bool             `json:"dry_run"`
}

// DuplicatePair is two organisations of a workspace that may be one, with the
// engine's score and reasons; Likely when the score reaches the "same" threshold.
type DuplicatePair struct {
	A       OrgMatchRef `json:"a"`
	B       OrgMatchRef `json:"b"`
	Score   float64     `json:"score"`
	Reasons []string    `json:"reasons"`
	Likely  bool        `json:"likely"`
}
