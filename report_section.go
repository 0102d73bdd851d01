package passerelle

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The written text of an annual report (docs/reports.md, "Written text"): its
// introduction and titled sections (a country, a region, a theme), in the order their
// writers choose, for one year of the network's report or of one member's.
const (
	ReportSectionIntro   = "intro"   // the introduction: at most one per report, shown first, no title of its own
	ReportSectionSection = "section" // a titled section

	// MaxReportTitle and MaxReportBody bound a section's title and text, in characters.
	MaxReportTitle = 200
	MaxReportBody  = 10000
	// MaxReportCountries bounds the countries a section is about.
	MaxReportCountries = 20
	// MaxReportSections bounds the sections of one report.
	MaxReportSections = 100
	// ReportFirstYear and ReportLastYear bound a report's year, as report.Gather does.
	ReportFirstYear, ReportLastYear = 1900, 2200
)

// ReportSection is one part of a report's written text. Its text is plain: paragraphs
// separated by blank lines, no markup; every format writes it as text.
type ReportSection struct {
	ID   int64  `json:"id"`
	Year int    `json:"year"`
	Kind string `json:"kind"` // ReportSectionIntro or ReportSectionSection
	// MemberID is the member whose report it is part of; 0 for the network's report.
	MemberID  int64    `json:"member_id,omitempty"`
	Position  int      `json:"position"`
	Title     string   `json:"title,omitempty"`
	Countries []string `json:"countries,omitempty"` // ISO 3166-1 alpha-2 codes it is about
	Body      string   `json:"body"`
	// Author is the email of who wrote it last; UpdatedAt when.
	Author    string    `json:"author,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Paragraphs splits the text at its blank lines; each paragraph keeps its single line
// breaks.
func (s *ReportSection) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(s.Body, "\n\n") {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// CanReadReport reports whether the actor may read the report of member (0: the
// network's): the network's is for coordinators and administrators, a member's for them
// and its own users (docs/reports.md, "Who reads which report").
func (a *Actor) CanReadReport(memberID int64) bool {
	if a.System || a.Role.CanManage() {
		return true
	}
	return memberID != 0 && a.MemberID == memberID
}

// CanWriteReport reports whether the actor may write the text of the report of member
// (0: the network's): coordinators and administrators any report's, a member's users
// (role member, not viewer) their own member's.
func (a *Actor) CanWriteReport(memberID int64) bool {
	if a.System || a.Role.CanManage() {
		return true
	}
	return memberID != 0 && a.MemberID == memberID && a.Role == RoleMember
}

// MayWriteReport returns nil if the actor may write the text of the report of member
// (0: the network's), else why not (EFORBIDDEN).
func (a *Actor) MayWriteReport(memberID int64) error {
	switch {
	case a.CanWriteReport(memberID):
		return nil
	case memberID == 0:
		return Errorf(EFORBIDDEN, "only administrators and coordinators may do this")
	case a.MemberID == memberID:
		return Errorf(EFORBIDDEN, "your role does not allow changes")
	}
	return Errorf(EFORBIDDEN, "you may write the report of your own member only")
}

// Validate normalises and checks a section, naming each field: the text's line breaks
// become "\n", its lines lose their trailing spaces, and no control character (but the
// line break and the tab) nor any character that breaks a line elsewhere stays.
func (s *ReportSection) Validate() error {
	p := Problems{}
	if s.Year < ReportFirstYear || s.Year > ReportLastYear {
		p.Add("year", "a year from %d to %d", ReportFirstYear, ReportLastYear)
	}
	if s.Kind == "" {
		s.Kind = ReportSectionSection
	}
	if s.Kind != ReportSectionIntro && s.Kind != ReportSectionSection {
		p.Add("kind", "intro or section")
	}
	switch {
	case !utf8.ValidString(s.Title):
		p.AddMsg("title", NotUTF8Error("title").Fields["title"])
	case s.Kind == ReportSectionIntro:
		s.Title = "" // the introduction's heading is the report's own
	default:
		s.Title = strings.TrimSpace(OneLine(s.Title))
		if s.Title == "" {
			p.Add("title", "required")
		} else if utf8.RuneCountInString(s.Title) > MaxReportTitle {
			p.Add("title", "at most %d characters", MaxReportTitle)
		}
	}
	var cs []string
	for _, c := range s.Countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || slices.Contains(cs, c) {
			continue
		}
		if !IsCountry(c) {
			p.Add("countries", "unknown country code %q", OneLine(c))
			continue
		}
		cs = append(cs, c)
	}
	if len(cs) > MaxReportCountries {
		p.Add("countries", "at most %d countries", MaxReportCountries)
	}
	if _, bad := p["countries"]; !bad {
		s.Countries = cs // a refused list stays as typed, for the form
	}
	if !utf8.ValidString(s.Body) {
		p.AddMsg("body", NotUTF8Error("body").Fields["body"])
	} else {
		s.Body = cleanText(s.Body)
		switch n := utf8.RuneCountInString(s.Body); {
		case n == 0:
			p.Add("body", "required")
		case n > MaxReportBody:
			p.Add("body", "at most %d characters", MaxReportBody)
		}
	}
	return p.Err()
}

// cleanText makes a typed text plain: "\r\n", "\r" and the other line breaks become
// "\n", other control characters (a NUL among them) a space, trailing spaces go, and
// more than one blank line between paragraphs becomes one.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r), r == '\ufeff':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	blank := 0
	for _, ln := range lines {
		ln = strings.TrimRightFunc(ln, unicode.IsSpace)
		if ln == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, ln)
	}
	return strings.Trim(strings.Join(out, "\n"), "\n ")
}
