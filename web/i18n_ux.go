package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"passerelle"
)

// Plurals, field labels and partial dates (issue 20): what a reader met as "1 results",
// "country: → GB" and "2024-03".

// pluralOne says whether n takes the "one" form: English for 1 only; French for 0 and 1
// (CLDR's rule for integers).
func (l *Localizer) pluralOne(n int) bool {
	if l.Lang == "fr" {
		return n == 0 || n == 1
	}
	return n == 1
}

// N renders key+".one" or key+".other" by the language's plural rule for n; n, grouped
// as the language writes numbers, is the first argument, then args.
func (l *Localizer) N(key string, n int, args ...any) string {
	form := ".other"
	if l.pluralOne(n) {
		form = ".one"
	}
	return l.T(key+form, append([]any{l.Num(n)}, args...)...)
}

// Plural renders key+".one" or key+".other" for n, without n: a label written next to
// a number shown apart (the dashboard's cards).
func (l *Localizer) Plural(key string, n int) string {
	if l.pluralOne(n) {
		return l.T(key + ".one")
	}
	return l.T(key + ".other")
}

// Person names a person of the contact book: an erased person's record keeps an English
// name (passerelle.ErasedPersonName), shown in the page's language.
func (l *Localizer) Person(name string) string {
	if name == passerelle.ErasedPersonName {
		return l.T("person.erased")
	}
	return name
}

// Reason names a reason the matching engine gives ("same website") in the page's
// language; one the catalogue lacks shows as the engine says it.
func (l *Localizer) Reason(r string) string {
	if t, ok := l.cat["reason."+r]; ok {
		return t
	}
	return r
}

// Field names a field of the audit log's changes ("country" → "Pays"); a field the
// catalogue does not name shows as it is stored.
func (l *Localizer) Field(k string) string {
	if m, ok := l.cat["field."+k]; ok {
		return m
	}
	return k
}

// Value renders an old or new value of the audit log's changes: codes of the domain by
// their label (country, kind, visibility, role, type, status), amounts in cents as
// amounts, the rest as text.
func (l *Localizer) Value(k string, v any) string {
	// An amount in cents (an opportunity's expected value) reads as the amount.
	if f, ok := v.(float64); ok && strings.HasSuffix(k, "_cents") {
		return l.units(int64(f))
	}
	s, ok := v.(string)
	if !ok {
		switch x := v.(type) {
		case nil:
			return "∅"
		case bool:
			if x {
				return l.T("value.yes")
			}
			return l.T("value.no")
		case []any:
			parts := make([]string, len(x))
			for i, e := range x {
				parts[i] = fmt.Sprint(e)
			}
			return strings.Join(parts, ", ")
		}
		return fmt.Sprint(v)
	}
	if s == "" {
		return "∅"
	}
	var key string
	switch k {
	case "amounts":
		// A project's amounts by year, as the store records them ("2027:10000000"): each
		// year with its amount, in the project's currency.
		return l.yearAmounts(s)
	case "country":
		return l.Country(s)
	case "kind":
		key = "kind." + s
	case "visibility":
		key = "visibility." + s
	case "role":
		key = "role." + s
	case "type":
		key = "agr.type." + s
	case "status":
		key = "agr.status." + s
		if _, ok := l.cat[key]; !ok {
			key = "meeting.status." + s
		}
	case "start_date", "end_date", "signed_date":
		return l.PartialDate(s)
	}
	if m, ok := l.cat[key]; ok && key != "" {
		return m
	}
	return s
}

// PartialDate renders a date of the Atlas's fields, which may be a year ("2013"), a
// month ("2013-09") or a day ("2013-09-27"), in the language; anything else as it is.
func (l *Localizer) PartialDate(s string) string {
	switch len(s) {
	case 4:
		return s
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return s
		}
		if l.Lang == "fr" {
			return monthsFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
		}
		return t.Format("January 2006")
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s
		}
		return l.Date(t)
	}
	return s
}

// auditFields lists the fields the audit log records, so that the catalogue test finds
// a label for each.
var auditFields = []string{
	// organisations
	"kind", "name", "names", "acronyms", "aliases", "ror_id", "siren", "siret", "vat", "pic", "website",
	"country", "city", "lat", "lng", "themes", "tags", "description", "established", "visibility",
	// people
	"first_name", "last_name", "emails", "phones", "languages", "topics", "notes",
	// agreements
	"ref", "title", "type", "signed_year", "signed_date", "start_date", "end_date", "status", "triennial",
	"theme", "other_themes", "context", "history", "objectives", "form", "project_owner",
	"contracting_authority", "beneficiaries", "partners", "contacts", "funding", "phases", "evaluation",
	"communication_france", "communication_abroad", "volunteers", "documents", "published",
	// meetings
	"start", "end", "time_zone", "location", "room", "video_url", "origin", "origin_id", "outcome",
	"follow_up", "person_ids", "organization_ids", "attendee_ids",
	// memberships
	"role", "member",
	// events
	"questions", "days", "tables", "max_meetings", "followup_months", "pinned", "registration_open",
	"max_participants", "notify_email", "notify_lang", "approval", "left", "removed", "waiting_list", "meetings_cancelled",
	// the outbox's "Send again"
	"mail", "recipient", "recipients", "attempts", "last_error", "skipped",
	// opportunities and projects
	"stage", "member_id", "expected_value_cents", "currency", "programme", "call_id", "topic", "deadline",
	"next_action", "next_action_date", "opened_on", "won_on", "meeting_ids", "mission_ids", "event_ids",
	"acronym", "client_organization_id", "client_country", "signed_on", "rate", "opportunity_id",
	"amounts", "participations", "shares",
}

// yearAmounts writes a project's recorded amounts, "YEAR:CENTS" separated by spaces,
// as "2027: 100,000; 2028: 50,000"; a part it cannot read stays as it is.
func (l *Localizer) yearAmounts(s string) string {
	parts := strings.Fields(s)
	for i, p := range parts {
		y, c, ok := strings.Cut(p, ":")
		if n, err := strconv.ParseInt(c, 10, 64); ok && err == nil {
			parts[i] = y + l.T("audit.colon") + l.units(n)
		}
	}
	return strings.Join(parts, "; ")
}

// Euros writes an amount in cents in euros as the language writes numbers ("1,234.50 €",
// "1 234,50 €"), the cents only when there are some, as the report writes the same
// figures.
func (l *Localizer) Euros(c int64) string { return l.units(c) + " €" }

// Amount writes an amount in cents of a currency as the language writes numbers: euros,
// and an amount without a currency, as Euros does; another currency by its code after
// the figure ("1,250,000 USD", "1 250 000 USD"). Pages write every amount with it or
// Euros; exports keep the stored figures (passerelle.FormatCents), which programs read.
func (l *Localizer) Amount(c int64, currency string) string {
	if currency == "" || currency == "EUR" {
		return l.Euros(c)
	}
	return l.units(c) + " " + currency
}

// units writes cents as units with the language's grouping and decimal sign, the cents
// only when there are some.
func (l *Localizer) units(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	s := sign + l.Num(int(c/100))
	if c%100 != 0 {
		s += l.decimal() + fmt.Sprintf("%02d", c%100)
	}
	return s
}

// Pct writes a percentage with one decimal, with the language's decimal sign.
func (l *Localizer) Pct(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', 1, 64), ".", l.decimal(), 1) + " %"
}

func (l *Localizer) decimal() string {
	if l.Lang == "fr" {
		return ","
	}
	return "."
}

// ImportTable names a table of the agreements' interchange files ("funding") for a
// problem or a note of the import page: in French by its French name, which the import
// reads too, with the file's name beside it ("financements (funding)"), since an export
// names its sheets and files in English. "file" is the file itself.
func (l *Localizer) ImportTable(s string) string {
	if s == "file" {
		return l.T("agr.import.file")
	}
	t, ok := l.cat["agr.table."+s]
	if !ok || t == s {
		return s
	}
	return t + " (" + s + ")"
}

// importFieldLabels are the form's labels of the columns whose label key is not
// "agr.f." followed by the column's name.
var importFieldLabels = map[string]string{
	"partners.name": "agr.f.partner_name", "funding.year": "agr.f.funding_year", "funding.water_amount": "agr.f.water",
	"actions.title": "agr.f.action", "contacts.organization": "agr.f.contact_organization", "contacts.role": "agr.f.contact_role",
	"contacts.kind": "agr.f.contact_kind", "volunteers.kind": "agr.f.volunteer_kind", "documents.title": "agr.f.doc_title",
	"documents.date": "agr.f.doc_date",
}

// ImportField names a column of a table of the agreements' interchange files for a
// problem of the import page: the column's name in English, which is the file's header;
// in French the form's label for it beside that name ("Montant en euros (amount)"). A
// column the catalogue does not label shows as it is named.
func (l *Localizer) ImportField(table, field string) string {
	if l.Lang == "en" || field == "" {
		return field
	}
	key, ok := importFieldLabels[table+"."+field]
	if !ok {
		key = "agr.f." + field
	}
	t, ok := l.cat[key]
	if !ok {
		if t, ok = l.cat["field."+field]; !ok {
			return field
		}
	}
	return t + " (" + field + ")"
}
