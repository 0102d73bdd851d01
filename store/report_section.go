package store

import (
	"context"
	"strconv"

	"passerelle"
)

// The written text of the annual report (table report_sections, docs/reports.md): an
// introduction and titled sections per year, for the network's report (member_id NULL)
// or one member's. Read by whoever reads that report (Actor.CanReadReport), written by
// coordinators, administrators and the member's own users of role member
// (Actor.CanWriteReport). A section of a report the actor may not read is not found,
// whatever the route; every statement names the actor's workspace.

// ReportSectionService reads and writes the reports' written text.
type ReportSectionService struct{ db *DB }

func NewReportSectionService(db *DB) *ReportSectionService { return &ReportSectionService{db: db} }

const reportSectionColumns = `s.id, s.year, s.kind, COALESCE(s.member_id, 0), s.position, s.title, s.countries, s.body,
	COALESCE(u.email, ''), s.created_at, s.updated_at`

const reportSectionFrom = ` FROM report_sections s LEFT JOIN users u ON u.id = s.author_id`

// reportSectionOrder puts the introduction first, then the sections in their order.
const reportSectionOrder = ` ORDER BY CASE s.kind WHEN 'intro' THEN 0 ELSE 1 END, s.position, s.id`

func scanReportSection(sc interface{ Scan(...any) error }) (*passerelle.ReportSection, error) {
	x := &passerelle.ReportSection{}
	var countries string
	if err := sc.Scan(&x.ID, &x.Year, &x.Kind, &x.MemberID, &x.Position, &x.Title, &countries, &x.Body, &x.Author, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	x.Countries = parseList(countries)
	return x, nil
}

// reportCond selects the report of member (0: the network's) in a query whose first
// two arguments are the workspace and the year.
func reportCond(memberID int64) (string, []any) {
	if memberID == 0 {
		return ` AND s.member_id IS NULL`, nil
	}
	return ` AND s.member_id = $3`, []any{memberID}
}

// FindReportSections returns the written text of the report of year for member (0: the
// network's), the introduction first. A report the actor may not read is refused as
// report.Gather refuses it.
func (s *ReportSectionService) FindReportSections(ctx context.Context, year int, memberID int64) ([]*passerelle.ReportSection, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.CanReadReport(memberID) {
		if memberID == 0 {
			return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "only administrators and coordinators may do this")
		}
		return nil, passerelle.Errorf(passerelle.EFORBIDDEN, "you may read the report of your own member only")
	}
	return findReportSections(ctx, s.db.read, a, year, memberID)
}

func findReportSections(ctx context.Context, q queryer, a *passerelle.Actor, year int, memberID int64) ([]*passerelle.ReportSection, error) {
	cond, more := reportCond(memberID)
	rows, err := q.QueryContext(ctx, `SELECT `+reportSectionColumns+reportSectionFrom+` WHERE s.workspace_id = $1 AND s.year = $2`+cond+reportSectionOrder,
		append([]any{a.WorkspaceID, year}, more...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*passerelle.ReportSection
	for rows.Next() {
		x, err := scanReportSection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// FindReportSection returns one section of a report the actor may read; any other is
// not found.
func (s *ReportSectionService) FindReportSection(ctx context.Context, id int64) (*passerelle.ReportSection, error) {
	a, err := passerelle.RequireActor(ctx)
	if err != nil {
		return nil, err
	}
	return findReportSection(ctx, s.db.read, a, id)
}

func findReportSection(ctx context.Context, q queryer, a *passerelle.Actor, id int64) (*passerelle.ReportSection, error) {
	x, err := scanReportSection(q.QueryRowContext(ctx, `SELECT `+reportSectionColumns+reportSectionFrom+` WHERE s.workspace_id = $1 AND s.id = $2`,
		a.WorkspaceID, id))
	if err != nil {
		return nil, classify(err, "section")
	}
	if !a.CanReadReport(x.MemberID) {
		return nil, passerelle.Errorf(passerelle.ENOTFOUND, "section not found")
	}
	return x, nil
}

// reportAudit writes a section's audit entry. A member's report's entries are private
// to that member, as its report is; the network's are shared, and FindAuditEntries
// keeps them for the managers, who alone read the network's report.
func reportAudit(ctx context.Context, tx *Tx, a *passerelle.Actor, action string, x *passerelle.ReportSection, changes map[string]passerelle.Change) error {
	summary := strconv.Itoa(x.Year) + " · " + x.Title
	if x.Kind == passerelle.ReportSectionIntro {
		summary = strconv.Itoa(x.Year) + " · introduction"
	}
	vis := passerelle.VisibilityShared
	if x.MemberID != 0 {
		vis = passerelle.VisibilityPrivate
	}
	return writeAudit(ctx, tx, a, action, "report_section", x.ID, summary, changes, vis, x.MemberID)
}

func reportSectionFields(x *passerelle.ReportSection) map[string]any {
	return map[string]any{"title": x.Title, "countries": jsonList(x.Countries), "body": x.Body}
}

// CreateReportSection adds a section at the end of its report (an introduction goes
// first, one per report). Bad input is refused naming its field, nothing saved.
func (s *ReportSectionService) CreateReportSection(ctx context.Context, x *passerelle.ReportSection) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		if x.MemberID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, x.MemberID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return passerelle.Errorf(passerelle.ENOTFOUND, "member %s not found", strconv.FormatInt(x.MemberID, 10))
			}
		}
		if err := a.MayWriteReport(x.MemberID); err != nil {
			return err
		}
		list, err := findReportSections(ctx, tx, a, x.Year, x.MemberID)
		if err != nil {
			return err
		}
		if len(list) >= passerelle.MaxReportSections {
			return passerelle.FieldError("title", "at most %d sections in a report", passerelle.MaxReportSections)
		}
		x.Position = 1
		for _, o := range list {
			if x.Kind == passerelle.ReportSectionIntro && o.Kind == passerelle.ReportSectionIntro {
				return passerelle.FieldError("kind", "the report has an introduction already")
			}
			x.Position = max(x.Position, o.Position+1)
		}
		x.CreatedAt, x.UpdatedAt = tx.now, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO report_sections (workspace_id, year, member_id, kind, position, title, countries, body, author_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			a.WorkspaceID, x.Year, nullID(x.MemberID), x.Kind, x.Position, x.Title, jsonList(x.Countries), x.Body, nullID(a.UserID), tx.now).Scan(&x.ID); err != nil {
			if passerelle.ErrorCode(classify(err, "")) == passerelle.ECONFLICT {
				return passerelle.FieldError("kind", "the report has an introduction already")
			}
			return classify(err, "section")
		}
		return reportAudit(ctx, tx, a, "create", x, diff(nil, reportSectionFields(x)))
	})
}

// UpdateReportSection changes a section's title, countries and text; its report, kind
// and place stay.
func (s *ReportSectionService) UpdateReportSection(ctx context.Context, x *passerelle.ReportSection) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findReportSection(ctx, tx, a, x.ID)
		if err != nil {
			return err
		}
		if err := a.MayWriteReport(old.MemberID); err != nil {
			return err
		}
		x.Year, x.MemberID, x.Kind, x.Position, x.CreatedAt = old.Year, old.MemberID, old.Kind, old.Position, old.CreatedAt
		if err := x.Validate(); err != nil {
			return err
		}
		changes := diff(reportSectionFields(old), reportSectionFields(x))
		if len(changes) == 0 {
			x.Author, x.UpdatedAt = old.Author, old.UpdatedAt
			return nil
		}
		x.UpdatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE report_sections SET title = $1, countries = $2, body = $3, author_id = $4, updated_at = $5
			WHERE workspace_id = $6 AND id = $7`, x.Title, jsonList(x.Countries), x.Body, nullID(a.UserID), tx.now, a.WorkspaceID, x.ID); err != nil {
			return classify(err, "section")
		}
		return reportAudit(ctx, tx, a, "update", x, changes)
	})
}

// DeleteReportSection removes a section; the others keep their order.
func (s *ReportSectionService) DeleteReportSection(ctx context.Context, id int64) error {
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		old, err := findReportSection(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.MayWriteReport(old.MemberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_sections WHERE workspace_id = $1 AND id = $2`, a.WorkspaceID, id); err != nil {
			return err
		}
		return reportAudit(ctx, tx, a, "delete", old, diff(reportSectionFields(old), nil))
	})
}

// MoveReportSection moves a section one place up (delta -1) or down (+1) among the
// sections of its report; the introduction stays first. The report's sections are
// numbered again from 1, so that two sections saved at once with one position take
// distinct ones.
func (s *ReportSectionService) MoveReportSection(ctx context.Context, id int64, delta int) error {
	if delta != -1 && delta != 1 {
		return passerelle.FieldError("direction", "up or down")
	}
	return s.db.update(ctx, func(tx *Tx, a *passerelle.Actor) error {
		x, err := findReportSection(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.MayWriteReport(x.MemberID); err != nil {
			return err
		}
		if x.Kind == passerelle.ReportSectionIntro {
			return passerelle.FieldError("direction", "the introduction stays first")
		}
		all, err := findReportSections(ctx, tx, a, x.Year, x.MemberID)
		if err != nil {
			return err
		}
		var list []*passerelle.ReportSection
		at := -1
		for _, o := range all {
			if o.Kind == passerelle.ReportSectionIntro {
				continue
			}
			if o.ID == id {
				at = len(list)
			}
			list = append(list, o)
		}
		to := at + delta
		if at < 0 || to < 0 || to >= len(list) {
			return nil // first or last already
		}
		list[at], list[to] = list[to], list[at]
		for i, o := range list {
			if o.Position == i+1 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE report_sections SET position = $1 WHERE workspace_id = $2 AND id = $3`, i+1, a.WorkspaceID, o.ID); err != nil {
				return err
			}
		}
		return reportAudit(ctx, tx, a, "move", x, map[string]passerelle.Change{"position": {Old: at + 1, New: to + 1}})
	})
}
