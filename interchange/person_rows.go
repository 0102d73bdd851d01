package interchange

import (
	"strings"
	"unicode"

	"passerelle"
)

// PersonFields are the fields a contact list may give, each with the headers that name
// it (folded: case, accents and punctuation do not matter). "nom" is the family name
// here, as in a French contact list beside "prénom".
var PersonFields = []fieldHeaders{
	{Field: "first_name", Headers: []string{"first name", "first_name", "firstname", "prenom", "given name", "forename"}},
	{Field: "last_name", Headers: []string{"last name", "last_name", "lastname", "nom", "nom de famille", "surname", "family name"}},
	{Field: "name", Headers: []string{"name", "full name", "nom complet", "contact", "person", "personne", "nom et prenom", "prenom nom"}},
	{Field: "emails", Headers: []string{"email", "emails", "e-mail", "e-mails", "mail", "courriel", "email address", "adresse email", "adresse e-mail", "adresse mail"}},
	{Field: "phones", Headers: []string{"phone", "phones", "telephone", "tel", "mobile", "portable", "phone number"}},
	{Field: "organization", Headers: []string{"organization", "organisation", "company", "societe", "entreprise", "institution", "etablissement", "employer", "structure", "organisme"}},
	{Field: "country", Headers: []string{"country", "pays", "country code", "code pays"}},
	{Field: "role", Headers: []string{"role", "fonction", "poste", "job title", "position"}},
	{Field: "languages", Headers: []string{"languages", "langues", "language", "langue"}},
	{Field: "topics", Headers: []string{"topics", "themes", "keywords", "mots cles", "sujets"}},
	{Field: "notes", Headers: []string{"notes", "note", "comments", "commentaires", "commentaire", "remarques"}},
}

// PersonFile is a contact list read into rows; Ignored lists the columns no field uses.
type PersonFile struct {
	Rows    []passerelle.PersonRow
	Ignored []string
	// Header, Columns, Sheet, OtherSheets, HeaderLine and Above are as in OrgFile.
	Header      []string
	Columns     map[string]string
	Sheet       string
	OtherSheets []string
	HeaderLine  int
	Above       []string
}

// ReadPersonFile reads a contact list, CSV (in enc, "" for UTF-8) or XLSX, as
// ReadOrgFile reads an organisations file. A row needs a name: first and last name
// columns, or one column of the full name. Every bad row is reported with its line and
// field, and then nothing is returned.
func ReadPersonFile(path, enc string, mapping map[string]string) (*PersonFile, error) {
	table, lines, sheet, err := readOrgTable(path, enc)
	if err != nil {
		return nil, err
	}
	return personRows(table, lines, sheet, mapping)
}

func personRows(table [][]string, lines []int, sheet sheetRead, mapping map[string]string) (*PersonFile, error) {
	if table, lines = skipBlankTop(table, lines); len(table) == 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "the file is empty")
	}
	hasName := func(r []string) bool {
		c, _, err := mapColumns(r, PersonFields, mapping)
		return err == nil && namesSomeone(c)
	}
	table, lines, above := titleRows(table, lines, hasName)
	header := table[0]
	col, ignored, err := mapColumns(header, PersonFields, mapping)
	if err != nil {
		return nil, err
	}
	_, first := col["first_name"]
	_, last := col["last_name"]
	_, full := col["name"]
	if !first && !last && !full {
		if sheet.Name != "" {
			return nil, noHeader(table, lines, sheet, hasName, false)
		}
		return nil, passerelle.Errorf(passerelle.EINVALID, "line 1: no column for the name (first name and last name, prénom and nom, or name; or --map last_name=COLUMN); the columns are: %s", strings.Join(header, ", "))
	}
	get := func(r []string, field string) string {
		i, ok := col[field]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	out := &PersonFile{Ignored: ignored, Header: header, Columns: headerOf(header, col), Sheet: sheet.Name, OtherSheets: sheet.Others,
		HeaderLine: lines[0], Above: above}
	res := &passerelle.ImportResult{}
	for k, r := range table[1:] {
		line := lines[k+1]
		if blank(r) {
			continue
		}
		if p, bad := rowProblem(header, r, col, line); bad {
			res.AddProblems(p)
			continue
		}
		p := &passerelle.Person{FirstName: get(r, "first_name"), LastName: get(r, "last_name"),
			Phones: splitList(get(r, "phones")), Languages: splitList(get(r, "languages")), Topics: splitList(get(r, "topics")),
			Country: CountryCode(get(r, "country")), Notes: get(r, "notes")}
		if p.FirstName == "" && p.LastName == "" {
			p.FirstName, p.LastName = SplitFullName(get(r, "name"))
		}
		for _, e := range strings.FieldsFunc(get(r, "emails"), func(r rune) bool { return r == ';' || r == '|' || r == ',' || unicode.IsSpace(r) }) {
			p.Emails = append(p.Emails, strings.ToLower(e))
		}
		for i, l := range p.Languages {
			p.Languages[i] = strings.ToLower(l)
		}
		if err := p.Validate(); err != nil {
			for f, m := range passerelle.ErrorFieldMsgs(err) {
				if f == "last_name" {
					f = "name"
				}
				res.AddProblems(passerelle.ImportProblem{Line: line, Field: f, Message: m})
			}
			continue
		}
		out.Rows = append(out.Rows, passerelle.PersonRow{Line: line, Person: p, Organization: get(r, "organization"),
			OrgCountry: p.Country, Role: get(r, "role")})
	}
	if err := badRows(res); err != nil {
		return nil, err
	}
	return out, nil
}

// SplitFullName reads one cell of a full name: "Last, First"; "First LAST" (the words
// in capitals are the family name, as French lists write it); else "First Last", the
// last word being the family name.
func SplitFullName(s string) (first, last string) {
	s = strings.Join(strings.Fields(s), " ")
	if l, f, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(l)
	}
	words := strings.Fields(s)
	if len(words) < 2 {
		return "", s
	}
	var upper, other []string
	for _, w := range words {
		if isUpperWord(w) {
			upper = append(upper, w)
		} else {
			other = append(other, w)
		}
	}
	if len(upper) > 0 && len(other) > 0 {
		return strings.Join(other, " "), strings.Join(upper, " ")
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}

// isUpperWord reports whether a word has two letters or more, all capitals.
func isUpperWord(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}
