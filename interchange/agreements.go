package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"passerelle"
)

// Agreements travel as tables in the Atlas's fields: one row per agreement in the
// "agreements" table, and one table per list (partners, funding lines, phases and
// actions, contacts, volunteers, documents) whose rows point to their agreement by the
// "agreement" column, the agreement row's "key". The same tables are the sheets of an
// XLSX workbook and the files of a CSV export; docs/agreements.md maps each column to
// the Atlas's label.

// Table is one sheet: a header and rows of text.
type Table struct {
	Name   string
	Header []string
	Rows   [][]string
	ix     map[string]int // headerIndex of the columns readRow reads, made once per table
}

// AgreementSheets are the tables of an agreements export, in order.
var AgreementSheets = []string{"agreements", "partners", "funding", "actions", "contacts", "volunteers", "documents"}

// column reads and writes one column of a table about T.
type column[T any] struct {
	name  string
	alias []string // other headers accepted on import, such as the Atlas's French labels
	get   func(*T) string
	set   func(*T, string) error // nil: written for people, ignored on import
}

func str[T any](name string, f func(*T) *string, alias ...string) column[T] {
	return column[T]{name: name, alias: alias, get: func(t *T) string { return *f(t) },
		set: func(t *T, s string) error { *f(t) = s; return nil }}
}

func num[T any](name string, f func(*T) *int, alias ...string) column[T] {
	return column[T]{name: name, alias: alias,
		get: func(t *T) string {
			if *f(t) == 0 {
				return ""
			}
			return strconv.Itoa(*f(t))
		},
		set: func(t *T, s string) error {
			if s == "" {
				*f(t) = 0
				return nil
			}
			n, err := strconv.Atoi(strings.TrimSuffix(s, ".0"))
			if err != nil {
				return passerelle.Errorf(passerelle.EINVALID, "%q is not a whole number", s)
			}
			*f(t) = n
			return nil
		}}
}

func flag[T any](name string, f func(*T) *bool, alias ...string) column[T] {
	return column[T]{name: name, alias: alias,
		get: func(t *T) string {
			if *f(t) {
				return "yes"
			}
			return ""
		},
		set: func(t *T, s string) error {
			switch strings.ToLower(s) {
			case "", "no", "non", "false", "0", "n":
				*f(t) = false
			case "yes", "oui", "true", "1", "y", "x":
				*f(t) = true
			default:
				return passerelle.Errorf(passerelle.EINVALID, "%q: use yes or no", s)
			}
			return nil
		}}
}

// The column tables below use unexported aliases of the record types they describe, to
// keep each column on one line; nothing outside the package sees them.
type agreementT = passerelle.Agreement

var agreementColumns = []column[agreementT]{
	str("ref", func(a *agreementT) *string { return &a.Ref }),
	str("title", func(a *agreementT) *string { return &a.Title }, "titre"),
	{name: "type", get: func(a *agreementT) string { return string(a.Type) }, set: func(a *agreementT, s string) error { a.Type = passerelle.AgreementType(s); return nil }},
	num("signed_year", func(a *agreementT) *int { return &a.SignedYear }, "année de première signature de la convention"),
	str("signed_date", func(a *agreementT) *string { return &a.SignedDate }),
	str("start_date", func(a *agreementT) *string { return &a.StartDate }, "année de début du partenariat"),
	str("end_date", func(a *agreementT) *string { return &a.EndDate }, "date de fin du partenariat"),
	{name: "status", alias: []string{"le partenariat est"}, get: func(a *agreementT) string { return string(a.Status) },
		set: func(a *agreementT, s string) error { a.Status = passerelle.AgreementStatus(s); return nil }},
	{name: "current_status", get: func(a *agreementT) string { return string(a.CurrentStatus) }},
	flag("triennial", func(a *agreementT) *bool { return &a.Triennial }),
	str("theme", func(a *agreementT) *string { return &a.Theme }, "thématique d'intervention"),
	{name: "other_themes", get: func(a *agreementT) string {
		parts := make([]string, len(a.OtherThemes))
		for i, t := range a.OtherThemes {
			parts[i] = t.Code + ":" + strconv.Itoa(t.Priority)
		}
		return strings.Join(parts, "; ")
	}, set: func(a *agreementT, s string) error {
		a.OtherThemes = nil
		for _, p := range strings.Split(s, ";") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			code, pr, ok := strings.Cut(p, ":")
			t := passerelle.AgreementTheme{Code: strings.TrimSpace(code)}
			if ok {
				n, err := strconv.Atoi(strings.TrimSpace(pr))
				if err != nil {
					return passerelle.Errorf(passerelle.EINVALID, "%q: write code:priority; code:priority", s)
				}
				t.Priority = n
			}
			a.OtherThemes = append(a.OtherThemes, t)
		}
		return nil
	}},
	str("context", func(a *agreementT) *string { return &a.Context }, "contexte"),
	str("history", func(a *agreementT) *string { return &a.History }, "historique"),
	str("objectives", func(a *agreementT) *string { return &a.Objectives }, "objectif du partenariat"),
	str("description", func(a *agreementT) *string { return &a.Description }, "description détaillée du partenariat"),
	str("form", func(a *agreementT) *string { return &a.Form }, "votre partenariat prend la forme d'un(e)"),
	str("project_owner", func(a *agreementT) *string { return &a.ProjectOwner }, "maître(s) d'œuvre"),
	str("contracting_authority", func(a *agreementT) *string { return &a.ContractingAuthority }, "maître(s) d'ouvrage"),
	str("beneficiaries", func(a *agreementT) *string { return &a.Beneficiaries }, "bénéficiaire(s)"),
	str("evaluation", func(a *agreementT) *string { return &a.Evaluation }),
	str("communication_france", func(a *agreementT) *string { return &a.CommunicationFrance }),
	str("communication_abroad", func(a *agreementT) *string { return &a.CommunicationAbroad }),
	str("notes", func(a *agreementT) *string { return &a.Notes }),
	flag("published", func(a *agreementT) *bool { return &a.Published }),
	{name: "visibility", get: func(a *agreementT) string { return string(a.Visibility) }, set: func(a *agreementT, s string) error { a.Visibility = passerelle.Visibility(s); return nil }},
	{name: "funding_total", get: func(a *agreementT) string { _, _, t := a.FundingTotals(); return passerelle.FormatCents(t) }},
}

type partnerT = passerelle.AgreementPartner

var partnerColumns = []column[partnerT]{
	str("side", func(p *partnerT) *string { return &p.Side }),
	str("name", func(p *partnerT) *string { return &p.Name }, "nom de la collectivité étrangère", "nom de la collectivité territoriale"),
	{name: "country", alias: []string{"pays"}, get: func(p *partnerT) string { return p.Country },
		set: func(p *partnerT, s string) error { p.Country = CountryCode(s); return nil }},
	str("ror_id", func(p *partnerT) *string { return &p.RORID }),
	str("kind", func(p *partnerT) *string { return &p.Kind }),
	str("role", func(p *partnerT) *string { return &p.Role }),
}

type fundingT = passerelle.FundingLine

var fundingColumns = []column[fundingT]{
	str("funder", func(l *fundingT) *string { return &l.Funder }, "nom du financeur"),
	{name: "amount", alias: []string{"montant en euros"}, get: func(l *fundingT) string { return passerelle.FormatCents(l.AmountCents) },
		set: func(l *fundingT, s string) error {
			c, err := passerelle.ParseAmount(s)
			if err != nil {
				return passerelle.Errorf(passerelle.EINVALID, "%q is not an amount", s)
			}
			l.AmountCents, l.Amount = c, ""
			return nil
		}},
	str("currency", func(l *fundingT) *string { return &l.Currency }),
	{name: "water_amount", alias: []string{"montant 1% eau (loi oudin 2005)"}, get: func(l *fundingT) string {
		if l.WaterCents == nil {
			return ""
		}
		return passerelle.FormatCents(*l.WaterCents)
	}, set: func(l *fundingT, s string) error {
		l.WaterCents = nil
		if s == "" {
			return nil
		}
		c, err := passerelle.ParseAmount(s)
		if err != nil {
			return passerelle.Errorf(passerelle.EINVALID, "%q is not an amount", s)
		}
		l.WaterCents = &c
		return nil
	}},
	num("year", func(l *fundingT) *int { return &l.Year }, "année"),
	str("category", func(l *fundingT) *string { return &l.Category }),
}

type Ac = passerelle.Action

var actionColumns = []column[Ac]{
	str("title", func(a *Ac) *string { return &a.Title }),
	str("description", func(a *Ac) *string { return &a.Description }),
	str("start_date", func(a *Ac) *string { return &a.StartDate }),
	str("end_date", func(a *Ac) *string { return &a.EndDate }),
	str("owner", func(a *Ac) *string { return &a.Owner }),
	{name: "status", get: func(a *Ac) string { return string(a.Status) }, set: func(a *Ac, s string) error { a.Status = passerelle.ActionStatus(s); return nil }},
	str("outcome", func(a *Ac) *string { return &a.Outcome }),
}

type contactT = passerelle.AgreementContact

var contactColumns = []column[contactT]{
	str("kind", func(c *contactT) *string { return &c.Kind }),
	str("organization", func(c *contactT) *string { return &c.Organization }, "nom de la collectivité étrangère"),
	str("first_name", func(c *contactT) *string { return &c.FirstName }, "prénom"),
	str("last_name", func(c *contactT) *string { return &c.LastName }, "nom"),
	str("role", func(c *contactT) *string { return &c.Role }, "fonction"),
	str("email", func(c *contactT) *string { return &c.Email }, "courriel"),
	// person_id keeps the link to the contact book through a round trip; the import
	// keeps it only for a person the importer may read whose name is the contact's.
	{name: "person_id", get: func(c *contactT) string {
		if c.PersonID == 0 {
			return ""
		}
		return strconv.FormatInt(c.PersonID, 10)
	}, set: func(c *contactT, s string) error {
		c.PersonID = 0
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(s, ".0"), 10, 64)
		if err != nil || n < 0 {
			return passerelle.Errorf(passerelle.EINVALID, "%q is not a whole number", s)
		}
		c.PersonID = n
		return nil
	}},
}

type volunteerT = passerelle.Volunteer

var volunteerColumns = []column[volunteerT]{
	str("first_name", func(v *volunteerT) *string { return &v.FirstName }, "prénom"),
	str("last_name", func(v *volunteerT) *string { return &v.LastName }, "nom"),
	str("kind", func(v *volunteerT) *string { return &v.Kind }),
	str("mission", func(v *volunteerT) *string { return &v.Mission }),
	str("field", func(v *volunteerT) *string { return &v.Field }, "champs d'action"),
	str("assignment", func(v *volunteerT) *string { return &v.Assignment }, "entité d'affectation"),
}

type documentT = passerelle.Document

var documentColumns = []column[documentT]{
	str("title", func(d *documentT) *string { return &d.Title }),
	str("file_name", func(d *documentT) *string { return &d.FileName }),
	str("url", func(d *documentT) *string { return &d.URL }),
	str("media_type", func(d *documentT) *string { return &d.MediaType }),
	{name: "size", get: func(d *documentT) string {
		if d.Size == 0 {
			return ""
		}
		return strconv.FormatInt(d.Size, 10)
	}, set: func(d *documentT, s string) error {
		d.Size = 0
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return passerelle.Errorf(passerelle.EINVALID, "%q is not a number of bytes", s)
		}
		d.Size = n
		return nil
	}},
	str("date", func(d *documentT) *string { return &d.Date }),
	flag("public", func(d *documentT) *bool { return &d.Public }),
}

func header[T any](lead []string, cols []column[T]) []string {
	h := append([]string(nil), lead...)
	for _, c := range cols {
		h = append(h, c.name)
	}
	return h
}

func cells[T any](lead []string, cols []column[T], v *T) []string {
	r := append([]string(nil), lead...)
	for _, c := range cols {
		r = append(r, c.get(v))
	}
	return r
}

// AgreementHeaders returns the header of each table.
func AgreementHeaders() map[string][]string {
	return map[string][]string{
		"agreements": header([]string{"key"}, agreementColumns),
		"partners":   header([]string{"agreement"}, partnerColumns),
		"funding":    header([]string{"agreement"}, fundingColumns),
		"actions":    header([]string{"agreement", "phase", "action"}, actionColumns),
		"contacts":   header([]string{"agreement"}, contactColumns),
		"volunteers": header([]string{"agreement"}, volunteerColumns),
		"documents":  header([]string{"agreement"}, documentColumns),
	}
}

// AgreementRows turns one agreement into its rows, table by table; key is its key in
// the file (its position in the export).
func AgreementRows(a *passerelle.Agreement, key string) map[string][][]string {
	k := []string{key}
	out := map[string][][]string{"agreements": {cells(k, agreementColumns, a)}}
	for i := range a.Partners {
		out["partners"] = append(out["partners"], cells(k, partnerColumns, &a.Partners[i]))
	}
	for i := range a.Funding {
		out["funding"] = append(out["funding"], cells(k, fundingColumns, &a.Funding[i]))
	}
	for i, ph := range a.Phases {
		pa := passerelle.Action{Title: ph.Title, Description: ph.Description, StartDate: ph.StartDate, EndDate: ph.EndDate,
			Owner: ph.Owner, Status: ph.Status, Outcome: ph.Outcome}
		out["actions"] = append(out["actions"], cells([]string{key, strconv.Itoa(i + 1), ""}, actionColumns, &pa))
		for j := range ph.Actions {
			out["actions"] = append(out["actions"], cells([]string{key, strconv.Itoa(i + 1), strconv.Itoa(j + 1)}, actionColumns, &ph.Actions[j]))
		}
	}
	for i := range a.Contacts {
		out["contacts"] = append(out["contacts"], cells(k, contactColumns, &a.Contacts[i]))
	}
	for i := range a.Volunteers {
		out["volunteers"] = append(out["volunteers"], cells(k, volunteerColumns, &a.Volunteers[i]))
	}
	for i := range a.Documents {
		out["documents"] = append(out["documents"], cells(k, documentColumns, &a.Documents[i]))
	}
	return out
}

// headerIndex maps each known column to its position in a file's header, by name or
// alias, ignoring case, spaces and a byte-order mark.
func headerIndex(h []string, names []string, alias map[string][]string) map[string]int {
	norm := func(s string) string {
		return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	}
	pos := map[string]int{}
	for i, x := range h {
		pos[norm(x)] = i
	}
	out := map[string]int{}
	for _, n := range names {
		if i, ok := pos[n]; ok {
			out[n] = i
			continue
		}
		for _, al := range alias[n] {
			if i, ok := pos[al]; ok {
				out[n] = i
				break
			}
		}
	}
	return out
}

func cell(r []string, i int, ok bool) string {
	if !ok || i >= len(r) {
		return ""
	}
	return r[i]
}

// readRow fills v from row r of table t; it reports the cells it could not read.
func readRow[T any](t *Table, r []string, row int, lead []string, cols []column[T], v *T) (map[string]string, []passerelle.ImportProblem) {
	if t.ix == nil {
		// Each table is read with one set of columns: index its header once, not per row.
		names := append([]string(nil), lead...)
		alias := map[string][]string{}
		for _, c := range cols {
			names = append(names, c.name)
			alias[c.name] = c.alias
		}
		t.ix = headerIndex(t.Header, names, alias)
	}
	ix := t.ix
	leadv := map[string]string{}
	for _, l := range lead {
		i, ok := ix[l]
		leadv[l] = strings.TrimSpace(cell(r, i, ok))
	}
	var ps []passerelle.ImportProblem
	for _, c := range cols {
		i, ok := ix[c.name]
		if !ok || c.set == nil {
			continue
		}
		s := cell(r, i, ok)
		if passerelle.HasNUL(s) {
			ps = append(ps, passerelle.ImportProblem{Line: row, Field: t.Name + "." + c.name, Message: passerelle.M("must not contain a NUL character")})
			continue
		}
		if v := strings.TrimSpace(s); sheetErrors[v] {
			ps = append(ps, passerelle.ImportProblem{Line: row, Field: t.Name + "." + c.name, Message: passerelle.M("the spreadsheet error %s, not a value: mend the formula or clear the cell", v)})
			continue
		}
		if c.name != "context" && c.name != "history" && c.name != "objectives" && c.name != "description" {
			s = strings.TrimSpace(s)
		}
		if err := c.set(v, s); err != nil {
			ps = append(ps, passerelle.ImportProblem{Line: row, Field: t.Name + "." + c.name, Message: passerelle.ErrorMsg(err)})
		}
	}
	return leadv, ps
}

// AgreementItems reads the tables of an agreements file into import items. Rows are
// numbered as a spreadsheet shows them: the header is row 1. Every unreadable cell and
// every row that points to no agreement is reported; none stops the reading.
func AgreementItems(tables map[string]*Table) iter.Seq2[*passerelle.AgreementImportItem, error] {
	return func(yield func(*passerelle.AgreementImportItem, error) bool) {
		if err := checkAgreementTables(tables); err != nil {
			yield(&passerelle.AgreementImportItem{Sheet: "agreements", Row: 1}, err)
			return
		}
		main := tables["agreements"]
		var items []*passerelle.AgreementImportItem
		byKey := map[string]*passerelle.AgreementImportItem{}
		for i, r := range main.Rows {
			row := i + 2
			if blank(r) {
				continue
			}
			a := &passerelle.Agreement{}
			lead, ps := readRow(main, r, row, []string{"key"}, agreementColumns, a)
			it := &passerelle.AgreementImportItem{Sheet: "agreements", Row: row, Rows: map[string]string{"": fmt.Sprintf("agreements:%d", row)}, Agreement: a, Problems: ps}
			key := lead["key"]
			if key == "" {
				key = a.Ref
			}
			if key == "" {
				key = "row " + strconv.Itoa(row)
			}
			if byKey[key] != nil {
				it.Problems = append(it.Problems, passerelle.ImportProblem{Line: row, Field: "agreements.key", Message: passerelle.M("key %q used twice", key)})
			} else {
				byKey[key] = it
			}
			items = append(items, it)
		}
		var orphans []passerelle.ImportProblem
		child := func(sheet string, lead []string, each func(it *passerelle.AgreementImportItem, lead map[string]string, r []string, row int) []passerelle.ImportProblem) {
			t := tables[sheet]
			if t == nil {
				return
			}
			ix := headerIndex(t.Header, []string{"agreement"}, nil)
			for i, r := range t.Rows {
				row := i + 2
				if blank(r) {
					continue
				}
				key := strings.TrimSpace(cell(r, ix["agreement"], true))
				it := byKey[key]
				if it == nil {
					orphans = append(orphans, passerelle.ImportProblem{Line: row, Field: sheet + ".agreement", Message: passerelle.M("no agreement with key %q", key)})
					continue
				}
				it.Problems = append(it.Problems, each(it, nil, r, row)...)
			}
		}
		child("partners", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var p passerelle.AgreementPartner
			_, ps := readRow(tables["partners"], r, row, nil, partnerColumns, &p)
			it.Rows[fmt.Sprintf("partners[%d]", len(it.Agreement.Partners))] = fmt.Sprintf("partners:%d", row)
			it.Agreement.Partners = append(it.Agreement.Partners, p)
			return ps
		})
		child("funding", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var l passerelle.FundingLine
			_, ps := readRow(tables["funding"], r, row, nil, fundingColumns, &l)
			it.Rows[fmt.Sprintf("funding[%d]", len(it.Agreement.Funding))] = fmt.Sprintf("funding:%d", row)
			it.Agreement.Funding = append(it.Agreement.Funding, l)
			return ps
		})
		// Phases and actions: a row with no action number is a phase; an action row
		// belongs to the phase with its number, which may come later in the sheet.
		type phaseRef struct {
			it    *passerelle.AgreementImportItem
			phase string
		}
		phaseIdx := map[phaseRef]int{}
		type pending struct {
			it        *passerelle.AgreementImportItem
			phase     string
			row       int
			action    passerelle.Action
			actionKey string
		}
		var actions []pending
		child("actions", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var ac passerelle.Action
			lead, ps := readRow(tables["actions"], r, row, []string{"phase", "action"}, actionColumns, &ac)
			ph := lead["phase"]
			if ph == "" {
				return append(ps, passerelle.ImportProblem{Line: row, Field: "actions.phase", Message: passerelle.M("required: the number of the phase")})
			}
			if lead["action"] != "" {
				actions = append(actions, pending{it, ph, row, ac, lead["action"]})
				return ps
			}
			if _, dup := phaseIdx[phaseRef{it, ph}]; dup {
				return append(ps, passerelle.ImportProblem{Line: row, Field: "actions.phase", Message: passerelle.M("phase %s given twice", ph)})
			}
			phaseIdx[phaseRef{it, ph}] = len(it.Agreement.Phases)
			it.Rows[fmt.Sprintf("phases[%d]", len(it.Agreement.Phases))] = fmt.Sprintf("actions:%d", row)
			it.Agreement.Phases = append(it.Agreement.Phases, passerelle.Phase{Title: ac.Title, Description: ac.Description,
				StartDate: ac.StartDate, EndDate: ac.EndDate, Owner: ac.Owner, Status: ac.Status, Outcome: ac.Outcome})
			return ps
		})
		for _, p := range actions {
			i, ok := phaseIdx[phaseRef{p.it, p.phase}]
			if !ok {
				p.it.Problems = append(p.it.Problems, passerelle.ImportProblem{Line: p.row, Field: "actions.phase", Message: passerelle.M("no phase %s for this agreement", p.phase)})
				continue
			}
			ph := &p.it.Agreement.Phases[i]
			p.it.Rows[fmt.Sprintf("phases[%d].actions[%d]", i, len(ph.Actions))] = fmt.Sprintf("actions:%d", p.row)
			ph.Actions = append(ph.Actions, p.action)
		}
		child("contacts", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var c passerelle.AgreementContact
			_, ps := readRow(tables["contacts"], r, row, nil, contactColumns, &c)
			it.Rows[fmt.Sprintf("contacts[%d]", len(it.Agreement.Contacts))] = fmt.Sprintf("contacts:%d", row)
			it.Agreement.Contacts = append(it.Agreement.Contacts, c)
			return ps
		})
		child("volunteers", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var v passerelle.Volunteer
			_, ps := readRow(tables["volunteers"], r, row, nil, volunteerColumns, &v)
			it.Rows[fmt.Sprintf("volunteers[%d]", len(it.Agreement.Volunteers))] = fmt.Sprintf("volunteers:%d", row)
			it.Agreement.Volunteers = append(it.Agreement.Volunteers, v)
			return ps
		})
		child("documents", nil, func(it *passerelle.AgreementImportItem, _ map[string]string, r []string, row int) []passerelle.ImportProblem {
			var d passerelle.Document
			_, ps := readRow(tables["documents"], r, row, nil, documentColumns, &d)
			it.Rows[fmt.Sprintf("documents[%d]", len(it.Agreement.Documents))] = fmt.Sprintf("documents:%d", row)
			it.Agreement.Documents = append(it.Agreement.Documents, d)
			return ps
		})
		for _, p := range orphans {
			sheet, field, _ := strings.Cut(p.Field, ".")
			if !yield(&passerelle.AgreementImportItem{Sheet: sheet, Row: p.Line}, passerelle.FieldError(field, "%s", p.Message)) {
				return
			}
		}
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

// checkAgreementTables refuses the tables that no import can use, whatever it may
// skip: no agreements sheet, no title column, or a sheet whose rows have no agreement
// column to say whose they are. The message lists the columns read, which shows a
// header that is not the export's or a separator misread.
func checkAgreementTables(tables map[string]*Table) error {
	main := tables["agreements"]
	if main == nil {
		return passerelle.Errorf(passerelle.EINVALID, "no agreements sheet")
	}
	if _, ok := headerIndex(main.Header, []string{"title"}, map[string][]string{"title": {"titre"}})["title"]; !ok {
		return passerelle.Errorf(passerelle.EINVALID, "the agreements sheet has no title column (title or titre); its columns are: %s", columnList(main.Header))
	}
	for _, s := range AgreementSheets[1:] {
		t := tables[s]
		if t == nil || len(t.Rows) == 0 {
			continue
		}
		if _, ok := headerIndex(t.Header, []string{"agreement"}, nil)["agreement"]; !ok {
			return passerelle.Errorf(passerelle.EINVALID, "the %s sheet has no agreement column, the key of each row's agreement; its columns are: %s", s, columnList(t.Header))
		}
	}
	return nil
}

// columnList writes a header for a message: each column quoted, a byte-order mark off;
// the first maxListedColumns only, each cut at maxListedName characters, so that a
// hostile header does not make a message of megabytes.
func columnList(h []string) string {
	if len(h) == 0 {
		return "none"
	}
	q := make([]string, 0, min(len(h), maxListedColumns)+1)
	for _, c := range h[:min(len(h), maxListedColumns)] {
		c = strings.TrimPrefix(c, "\ufeff")
		if utf8.RuneCountInString(c) > maxListedName {
			c = string([]rune(c)[:maxListedName]) + "…"
		}
		q = append(q, strconv.Quote(c))
	}
	if len(h) > maxListedColumns {
		q = append(q, "…")
	}
	return strings.Join(q, ", ")
}

// CellList writes cells for a message as columnList writes a header: quoted, bounded.
func CellList(cells []string) string { return columnList(cells) }

// maxListedColumns and maxListedName bound a header written in a message.
const (
	maxListedColumns = 50
	maxListedName    = 100
)

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// AgreementsJSON is the JSON form of an export: {"agreements": [...]}, as the API
// returns it.
type AgreementsJSON struct {
	Agreements []*passerelle.Agreement `json:"agreements"`
}

// ReadAgreementsJSON reads {"agreements": [...]} or a bare list. Each agreement is an
// item whose row is its position in the list (from 1). A file that cannot be read as
// such a list is one error, on an item of row 0 (OpenAgreementFile returns it instead,
// so that an import never counts it as one skipped agreement).
func ReadAgreementsJSON(r io.Reader) iter.Seq2[*passerelle.AgreementImportItem, error] {
	return func(yield func(*passerelle.AgreementImportItem, error) bool) {
		b, err := io.ReadAll(io.LimitReader(r, 1<<30))
		if err != nil {
			yield(nil, err)
			return
		}
		list, err := agreementsJSONList(b)
		if err != nil {
			yield(&passerelle.AgreementImportItem{Sheet: "agreements"}, err)
			return
		}
		agreementsFromJSON(list)(yield)
	}
}

// agreementsJSONList returns the agreements of a JSON file, each still to decode. Text
// that is not UTF-8 or not JSON is an error with its line (and column); JSON that is
// neither a list nor an object with the list under "agreements" is an error that says
// what it holds: a misspelt key must not import nothing without a word.
func agreementsJSONList(b []byte) ([]json.RawMessage, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff")) // a byte-order mark, as Windows tools write
	if line := invalidUTF8Line(b); line > 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "line %d: the text is not UTF-8, which JSON must be", line)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "the file is empty")
	}
	var top json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, jsonError("", b, err)
	}
	var list []json.RawMessage
	switch top[0] {
	case '[':
		if err := json.Unmarshal(top, &list); err != nil {
			return nil, jsonError("", b, err)
		}
		return list, nil
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(top, &obj); err != nil {
			return nil, jsonError("", b, err)
		}
		raw, ok := obj["agreements"]
		if !ok {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, strconv.Quote(k))
			}
			sort.Strings(keys)
			return nil, passerelle.Errorf(passerelle.EINVALID, `no key "agreements" with the list of agreements; the object's keys are: %s`, strings.Join(keys, ", "))
		}
		if string(raw) == "null" {
			return nil, nil
		}
		if raw[0] != '[' {
			return nil, passerelle.FieldError("agreements", "expected a JSON %s, found %s", "array", jsonKind(raw))
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, jsonError("agreements", b, err)
		}
		return list, nil
	}
	return nil, passerelle.FieldError("$", "expected a JSON %s, found %s", `list of agreements or {"agreements": [...]}`, jsonKind(top))
}

// jsonKind names the kind of a JSON value, as encoding/json's errors do.
func jsonKind(v json.RawMessage) string {
	switch v[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// agreementsFromJSON decodes the agreements of a list, one item each.
func agreementsFromJSON(list []json.RawMessage) iter.Seq2[*passerelle.AgreementImportItem, error] {
	return func(yield func(*passerelle.AgreementImportItem, error) bool) {
		for i, raw := range list {
			a := &passerelle.Agreement{}
			it := &passerelle.AgreementImportItem{Sheet: "agreements", Row: i + 1, Agreement: a}
			if path, bad := passerelle.JSONNULPath(raw); bad {
				if !yield(it, passerelle.NULError(path)) {
					return
				}
				continue
			}
			if err := json.Unmarshal(raw, a); err != nil {
				if !yield(it, passerelle.Errorf(passerelle.EINVALID, "%v", err)) {
					return
				}
				continue
			}
			if !yield(it, nil) {
				return
			}
		}
	}
}

// ReadAgreementCSV reads a CSV table. Quotes follow RFC 4180, as spreadsheets write
// them: a lenient reader would let a quote that is never closed swallow the rows after
// it into one cell, without a word.
func ReadAgreementCSV(name string, r io.Reader) (*Table, error) {
	return ReadAgreementCSVIn(name, r, "utf-8")
}

// ReadAgreementCSVIn reads a CSV table written in enc (see Encodings). In UTF-8, a
// line that is not valid UTF-8 is an error that names it and suggests the encoding.
func ReadAgreementCSVIn(name string, r io.Reader, enc string) (*Table, error) {
	enc, err := ParseEncoding(enc)
	if err != nil {
		return nil, err
	}
	cr := sniffedCSV(bufio.NewReaderSize(decodeText(r, enc), 64<<10))
	t := &Table{Name: name}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote):
				return nil, passerelle.Errorf(passerelle.EINVALID, "%s line %d: a quoted cell is not closed, or a quote inside it is not doubled (the reading stopped at line %d)", name, pe.StartLine, pe.Line)
			case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote):
				return nil, passerelle.Errorf(passerelle.EINVALID, "%s line %d: a quote inside a cell that is not quoted; quote the cell and double the quotes inside it", name, pe.Line)
			case errors.As(err, &pe):
				return nil, passerelle.Errorf(passerelle.EINVALID, "%s line %d: %v", name, pe.Line, pe.Err)
			}
			return nil, err
		}
		for i, c := range rec {
			if !utf8.ValidString(c) {
				line, _ := cr.FieldPos(i)
				line += strings.Count(c[:invalidByte(c)], "\n")
				return nil, passerelle.Errorf(passerelle.EINVALID, "%s line %d: the text is not UTF-8; save the file as UTF-8, or give its encoding (windows-1252 or latin1)", name, line)
			}
		}
		if t.Header == nil {
			t.Header = rec
			continue
		}
		for i, c := range rec {
			rec[i] = RestoreCell(c) // undo the writer's neutralising quote (csvcell.go)
		}
		t.Rows = append(t.Rows, rec)
	}
	if t.Header == nil {
		return nil, passerelle.Errorf(passerelle.EINVALID, "%s is empty", name)
	}
	return t, nil
}

// ReadAgreementCSVFiles reads the agreements CSV at path and the tables beside it: a
// directory holds agreements.csv, partners.csv, ...; a file named PREFIXagreements.csv
// has PREFIXpartners.csv, ... beside it. The French names (partenaires.csv, ...) are
// read too (agreementSheetNames).
func ReadAgreementCSVFiles(path, enc string) (map[string]*Table, error) {
	tables, _, err := readAgreementCSVFiles(path, enc)
	return tables, err
}

// readAgreementCSVFiles is ReadAgreementCSVFiles that also returns the CSV files that
// are no table: in a directory, every other one; beside PREFIXagreements.csv, the
// others named PREFIX....csv. Two files for one table are refused.
func readAgreementCSVFiles(path, enc string) (map[string]*Table, []string, error) {
	dir, prefix := path, ""
	if st, err := os.Stat(path); err != nil {
		return nil, nil, err
	} else if !st.IsDir() {
		dir = filepath.Dir(path)
		base := filepath.Base(path)
		prefix = strings.TrimSuffix(base, "agreements.csv")
		if prefix == base {
			// Another name: that file is the agreements table, alone.
			tables := map[string]*Table{}
			f, err := os.Open(path)
			if err != nil {
				return nil, nil, err
			}
			defer f.Close()
			t, err := ReadAgreementCSVIn("agreements", f, enc)
			if err != nil {
				return nil, nil, err
			}
			tables["agreements"] = t
			if err := checkAgreementTables(tables); err != nil {
				return nil, nil, err
			}
			return tables, nil, nil
		}
	}
	// A directory is read whole; beside a file whose name is agreements.csv alone, only
	// the tables are looked for, not every CSV file of a downloads folder.
	report := path == dir || prefix != ""
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	files := map[string]string{} // table -> file name
	var ignored []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		s := agreementSheet(strings.TrimPrefix(name[:len(name)-len(".csv")], prefix))
		switch {
		case s == "":
			if report {
				ignored = append(ignored, name)
			}
		case files[s] != "":
			return nil, nil, passerelle.Errorf(passerelle.EINVALID, "the files %s and %s are both the %s table: keep one", files[s], name, s)
		default:
			files[s] = name
		}
	}
	if files["agreements"] == "" {
		files["agreements"] = prefix + "agreements.csv" // for the error that it is missing
	}
	tables := map[string]*Table{}
	for _, s := range AgreementSheets {
		if files[s] == "" {
			continue
		}
		f, err := os.Open(filepath.Join(dir, files[s]))
		if err != nil {
			return nil, nil, err
		}
		t, err := ReadAgreementCSVIn(s, f, enc)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		tables[s] = t
	}
	if err := checkAgreementTables(tables); err != nil {
		return nil, nil, err
	}
	return tables, ignored, nil
}

// agreementSheetNames are the names a sheet or a CSV file may take for each table
// (folded: case, accents and punctuation do not matter): the export's, and the French
// ones a register kept in French uses.
var agreementSheetNames = map[string][]string{
	"agreements": {"agreements", "conventions", "partenariats"},
	"partners":   {"partners", "partenaires"},
	"funding":    {"funding", "financements", "financement"},
	"actions":    {"actions", "phases"},
	"contacts":   {"contacts"},
	"volunteers": {"volunteers", "volontaires", "benevoles"},
	"documents":  {"documents"},
}

// agreementSheet returns the table a sheet or file of this name holds, or "".
func agreementSheet(name string) string {
	f := passerelle.Fold(name)
	for _, s := range AgreementSheets {
		for _, n := range agreementSheetNames[s] {
			if f == n {
				return s
			}
		}
	}
	return ""
}

// AgreementIgnored is what an agreements file holds that the import does not read, for
// the importer to be told: nothing is dropped without a word.
type AgreementIgnored struct {
	Sheets  []string            // sheets of the workbook that are no table
	Files   []string            // CSV files of the directory that are no table
	Columns map[string][]string // by table: the headers no column reads
	Beyond  map[string][]int    // by table: the rows with cells past the header's last one
}

// Empty reports whether nothing is ignored.
func (ig *AgreementIgnored) Empty() bool {
	return ig == nil || len(ig.Sheets)+len(ig.Files)+len(ig.Columns)+len(ig.Beyond) == 0
}

func colNames[T any](lead []string, cols []column[T]) ([]string, map[string][]string) {
	names := append([]string(nil), lead...)
	alias := map[string][]string{}
	for _, c := range cols {
		names = append(names, c.name)
		alias[c.name] = c.alias
	}
	return names, alias
}

// agreementTableColumns are the columns of a table the import knows, those it reads and
// those the export writes for people only (current_status, funding_total).
func agreementTableColumns(s string) ([]string, map[string][]string) {
	a := []string{"agreement"}
	switch s {
	case "agreements":
		return colNames([]string{"key"}, agreementColumns)
	case "partners":
		return colNames(a, partnerColumns)
	case "funding":
		return colNames(a, fundingColumns)
	case "actions":
		return colNames([]string{"agreement", "phase", "action"}, actionColumns)
	case "contacts":
		return colNames(a, contactColumns)
	case "volunteers":
		return colNames(a, volunteerColumns)
	case "documents":
		return colNames(a, documentColumns)
	}
	return nil, nil
}

// IgnoredInTables lists, table by table, the columns no field reads (an unknown header,
// the second of two columns for one field, a column without a header that holds data)
// and the rows with cells past the header's last column.
func IgnoredInTables(tables map[string]*Table) *AgreementIgnored {
	ig := &AgreementIgnored{}
	for _, s := range AgreementSheets {
		t := tables[s]
		if t == nil {
			continue
		}
		names, alias := agreementTableColumns(s)
		used := map[int]bool{}
		for _, i := range headerIndex(t.Header, names, alias) {
			used[i] = true
		}
		for i, h := range t.Header {
			h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
			switch {
			case used[i]:
			case h != "":
				ig.add(&ig.Columns, s, h)
			case columnHasData(t.Rows, i):
				ig.add(&ig.Columns, s, "column "+columnName(i)+" (no header)")
			}
		}
		for i, r := range t.Rows {
			if len(r) > len(t.Header) && !blank(r[len(t.Header):]) {
				if ig.Beyond == nil {
					ig.Beyond = map[string][]int{}
				}
				ig.Beyond[s] = append(ig.Beyond[s], i+2)
			}
		}
	}
	return ig
}

func (ig *AgreementIgnored) add(m *map[string][]string, table, v string) {
	if *m == nil {
		*m = map[string][]string{}
	}
	(*m)[table] = append((*m)[table], v)
}

func columnHasData(rows [][]string, i int) bool {
	for _, r := range rows {
		if i < len(r) && strings.TrimSpace(r[i]) != "" {
			return true
		}
	}
	return false
}
