package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"passerelle"
)

// ParticipationFields are the fields of a participations file, each with the headers
// that name it without a --map (folded: case, accents and punctuation do not matter).
// The first headers are those of the European Commission's CORDIS open-data
// organisation files (projectID, projectAcronym, organisationID, name, country, role,
// ecContribution…) and project files (id, acronym, title, frameworkProgramme, call,
// topics, startDate, endDate).
var ParticipationFields = []struct {
	Field   string
	Headers []string
}{
	{"project_id", []string{"project_id", "projectid", "project id"}},
	{"acronym", []string{"acronym", "projectacronym", "project acronym"}},
	{"title", []string{"title", "projecttitle", "project title"}},
	{"programme", []string{"programme", "frameworkprogramme", "framework programme", "program"}},
	{"call", []string{"call", "mastercall", "call id", "call_id", "subcall"}},
	{"topic", []string{"topic", "topics"}},
	{"start", []string{"start", "startdate", "start date"}},
	{"end", []string{"end", "enddate", "end date"}},
	{"organization_name", []string{"organization_name", "name", "organisation name", "organization name", "legalname", "legal name"}},
	{"organization_id", []string{"organization_id", "organisationid", "organizationid", "organisation id", "pic"}},
	{"country", []string{"country", "country code"}},
	{"role", []string{"role"}},
	{"amount_eur", []string{"amount_eur", "eccontribution", "ec contribution", "netEcContribution"}},
	{"city", []string{"city"}},
	{"activity_type", []string{"activity_type", "activitytype", "activity type"}},
}

// projectFileFields are the columns read from a CORDIS project file, joined to the
// organisation file by the project's id.
var projectFileFields = []struct {
	Field   string
	Headers []string
}{
	{"project_id", []string{"id", "projectid", "project_id"}},
	{"acronym", []string{"acronym"}},
	{"title", []string{"title"}},
	{"programme", []string{"frameworkprogramme", "programme"}},
	{"call", []string{"call", "mastercall"}},
	{"topic", []string{"topics", "topic"}},
	{"start", []string{"startdate", "start"}},
	{"end", []string{"enddate", "end"}},
}

// MaxParticipationRows bounds one participations file: it is read whole before anything
// is saved.
const MaxParticipationRows = 500000

// ParticipationFile is a participations file read into rows.
type ParticipationFile struct {
	Rows         []passerelle.ParticipationRow
	Ignored      []string // columns no field uses
	ProjectsFile string   // the CORDIS project file joined, if any
}

// ParticipationOptions say how to read a participations file: Mapping names the column
// of a field, Set gives a field's value where the file has none, ProjectsFile names a
// CORDIS project file to join ("" looks for one next to the file when no Mapping is
// given: the file's name with "organization" or "organisation" replaced by "project").
type ParticipationOptions struct {
	Mapping      map[string]string
	Set          map[string]string
	ProjectsFile string
}

// ReadParticipationsFile reads a participations file, CSV (UTF-8, with or without a
// byte-order mark, ';' or ',' or tab as the file's first line shows) or XLSX. Every bad
// row is reported with its line and field, and then nothing is returned.
func ReadParticipationsFile(path string, opt ParticipationOptions) (*ParticipationFile, error) {
	known := map[string]bool{}
	for _, f := range ParticipationFields {
		known[f.Field] = true
	}
	for field := range opt.Mapping {
		if !known[field] {
			return nil, passerelle.FieldError("map", "unknown field %q (fields: %s)", field, participationFieldNames())
		}
	}
	for field := range opt.Set {
		if !known[field] {
			return nil, passerelle.FieldError("set", "unknown field %q (fields: %s)", field, participationFieldNames())
		}
	}
	table, lines, err := readTable(path)
	if err != nil {
		return nil, err
	}
	if table, lines = skipBlankTop(table, lines); len(table) == 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "the file is empty")
	}
	header := table[0]
	col, ignored, err := mapColumns(header, ParticipationFields, opt.Mapping)
	if err != nil {
		return nil, err
	}
	for _, need := range []string{"project_id", "organization_name"} {
		if _, ok := col[need]; ok || need == "project_id" && opt.Set[need] != "" {
			continue
		}
		// A title above the header is the usual cause: say which line would do.
		for k := 1; k < len(table) && k <= 10; k++ {
			c, _, err := mapColumns(table[k], ParticipationFields, opt.Mapping)
			if _, ok := c[need]; err == nil && ok {
				return nil, passerelle.Errorf(passerelle.EINVALID, "line %d, read as the header: no column for %s (or --map %s=COLUMN); its cells are: %s. Line %d has one: delete the lines above it", lines[0], need, need, columnList(header), lines[k])
			}
		}
		return nil, passerelle.Errorf(passerelle.EINVALID, "line %d, read as the header: no column for %s (or --map %s=COLUMN); its cells are: %s", lines[0], need, need, columnList(header))
	}
	out := &ParticipationFile{Ignored: ignored}
	projects := map[string]map[string]string{}
	pf := opt.ProjectsFile
	if pf == "" && len(opt.Mapping) == 0 {
		pf = projectFileBeside(path)
	}
	if pf != "" {
		if projects, err = readProjectFile(pf); err != nil {
			return nil, err
		}
		out.ProjectsFile = pf
	}
	res := &passerelle.ImportResult{}
	bad := func(line int, field string, m passerelle.Msg) {
		res.AddProblems(passerelle.ImportProblem{Line: line, Field: field, Message: m})
	}
	for k, r := range table[1:] {
		line := lines[k+1]
		if blank(r) {
			continue
		}
		if p, bad := rowProblem(header, r, col, line); bad {
			res.AddProblems(p)
			continue
		}
		get := func(field string) string {
			v := ""
			if i, ok := col[field]; ok && i < len(r) {
				v = RepairMojibake(strings.TrimSpace(r[i]))
			}
			if v == "" {
				v = strings.TrimSpace(opt.Set[field])
			}
			return v
		}
		ref := get("project_id")
		proj := projects[ref]
		pget := func(field string) string {
			if v := get(field); v != "" {
				return v
			}
			return proj[field]
		}
		row := passerelle.ParticipationRow{Line: line, ProjectRef: ref, Acronym: pget("acronym"), Title: pget("title"),
			Programme: pget("programme"), CallID: pget("call"), Topic: pget("topic"), OrganizationID: get("organization_id")}
		if ref == "" {
			bad(line, "project_id", passerelle.M("required"))
		}
		var ok bool
		if row.StartDate, ok = ParseDay(pget("start")); !ok {
			bad(line, "start", passerelle.M("a date such as 2019-03-01 or 01.03.2019, not %q", pget("start")))
		}
		if row.EndDate, ok = ParseDay(pget("end")); !ok {
			bad(line, "end", passerelle.M("a date such as 2019-03-01 or 01.03.2019, not %q", pget("end")))
		}
		o := &passerelle.Organization{Name: get("organization_name"), City: get("city"), Kind: activityKinds[strings.ToUpper(get("activity_type"))]}
		if o.Name == "" {
			bad(line, "organization_name", passerelle.M("required"))
		}
		if c := get("country"); c != "" {
			o.Country = passerelle.EUCountry(CountryCode(c))
			if !passerelle.IsCountry(o.Country) {
				bad(line, "country", passerelle.M("unknown country code %q (use ISO 3166-1 alpha-2, e.g. FR)", c))
			}
		}
		if picRe.MatchString(row.OrganizationID) {
			o.PIC = row.OrganizationID
		}
		row.Organization = o
		row.Role = ParticipationRole(get("role"))
		if a := get("amount_eur"); a != "" {
			c, err := ParseEuroCents(a)
			if err != nil {
				bad(line, "amount_eur", passerelle.ErrorMsg(err))
			}
			row.AmountCents = c
		}
		out.Rows = append(out.Rows, row)
	}
	if err := badRows(res); err != nil {
		return nil, err
	}
	return out, nil
}

var picRe = regexp.MustCompile(`^[0-9]{9}$`)

// activityKinds maps CORDIS activity types to organisation kinds.
var activityKinds = map[string]passerelle.OrgKind{"HES": passerelle.KindUniversity, "REC": passerelle.KindResearchInstitute,
	"PRC": passerelle.KindCompany, "PUB": passerelle.KindGovernment, "OTH": passerelle.KindOther}

func participationFieldNames() string {
	var fs []string
	for _, f := range ParticipationFields {
		fs = append(fs, f.Field)
	}
	return strings.Join(fs, ", ")
}

// projectFileBeside names the CORDIS project file next to an organisation file, or "".
func projectFileBeside(path string) string {
	dir, base := filepath.Split(path)
	low := strings.ToLower(base)
	for _, w := range []string{"organizations", "organisations", "organization", "organisation"} {
		if i := strings.Index(low, w); i >= 0 {
			p := filepath.Join(dir, base[:i]+"projects"+base[i+len(w):])
			if _, err := os.Stat(p); err == nil {
				return p
			}
			p = filepath.Join(dir, base[:i]+"project"+base[i+len(w):])
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

// readProjectFile reads a CORDIS project file into its projects' fields by id.
func readProjectFile(path string) (map[string]map[string]string, error) {
	table, lines, err := readTable(path)
	if err != nil {
		return nil, err
	}
	if table, lines = skipBlankTop(table, lines); len(table) == 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "%s: the file is empty", path)
	}
	col, _, _ := mapColumns(table[0], projectFileFields, nil)
	if _, ok := col["project_id"]; !ok {
		return nil, passerelle.Errorf(passerelle.EINVALID, "%s, line %d, read as the header: no column id in the project file; its cells are: %s", path, lines[0], columnList(table[0]))
	}
	out := map[string]map[string]string{}
	for _, r := range table[1:] {
		m := map[string]string{}
		for f, i := range col {
			if i < len(r) {
				m[f] = RepairMojibake(strings.TrimSpace(r[i]))
			}
		}
		if m["project_id"] != "" {
			out[m["project_id"]] = m
		}
	}
	return out, nil
}

// readTable reads a CSV or XLSX file into rows, with the line each row starts on.
func readTable(path string) ([][]string, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(4)
	if strings.EqualFold(filepath.Ext(path), ".xlsx") || bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		table, _, err := readOrgXLSX(br)
		lines := make([]int, len(table))
		for i := range table {
			lines[i] = i + 1
		}
		return table, lines, err
	}
	return readCSVTable(sniffedCSV(br), MaxParticipationRows, "save the file as UTF-8")
}

// sniffedCSV is a CSV reader of br with the separator its header line uses most (a
// spreadsheet saved in a French locale separates with semicolons) and rows of any
// length, which the readers check against the header themselves.
func sniffedCSV(br *bufio.Reader) *csv.Reader {
	head, _ := br.Peek(64 << 10)
	// The first line that holds anything (blank lines may come above the header), or,
	// when it has no separator at all (a title above the header: titleRows), the first of
	// the next ten that has one.
	var first []byte
	for seen := 0; len(head) > 0 && seen <= 10; {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if len(bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\ufeff")))) == 0 {
			continue
		}
		if first == nil {
			first = line
		}
		if seen++; bytes.ContainsAny(line, ",;\t") {
			first = line
			break
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(string(first))
	cr.FieldsPerRecord = -1
	return cr
}

// sniffComma chooses the separator that the header line uses most, outside quotes.
func sniffComma(header string) rune {
	counts := map[rune]int{}
	in := false
	for _, r := range header {
		switch {
		case r == '"':
			in = !in
		case !in && (r == ';' || r == ',' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// ParseDay reads a day as ISO (2019-03-01, with or without a time) or dd.mm.yyyy
// (01.03.2019, 1.3.2019, 01/03/2019, with or without a time) and returns it as ISO; ""
// stays "".
func ParseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	day, _, _ := strings.Cut(s, " ")
	day, _, _ = strings.Cut(day, "T")
	for _, layout := range []string{"2006-01-02", "2.1.2006", "2/1/2006", "2-1-2006", "2006/01/02"} {
		if t, err := time.Parse(layout, day); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// ParseEuroCents reads an amount in euros with at most 2 decimals: "1234.5",
// "1234,50", "1 234 567,89", "1.234.567,89", "1,234,567.89", "1'234.50", with "€" or
// "EUR" before or after. A thousands separator (space, no-break space, narrow no-break
// space, '.', ',' or an apostrophe) counts only between groups of three digits, and one
// '.' or ',' followed by 1 or 2 digits is the decimal separator. A lone '.' or ','
// followed by exactly three digits ("1,234", "12.500") is refused: it is 1234 in one
// country and 1.234 in another, and a guess would store an amount a thousand times off
// without a word. So are more than 2 decimals, a negative amount, and anything but
// digits, separators and a sign (fractions, exponents, hexadecimal).
func ParseEuroCents(s string) (int64, error) {
	orig := s
	bad := passerelle.Errorf(passerelle.EINVALID, "an amount such as 1234.50 or 1234,50, not %q", orig)
	s = strings.TrimSpace(s)
	for _, unit := range []string{"€", "EUR"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, unit), unit))
	}
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	for _, c := range s {
		if (c < '0' || c > '9') && !strings.ContainsRune(amountSeparators, c) {
			return 0, bad
		}
	}
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		sep, tail := s[i:i+1], s[i+1:]
		switch {
		case tail == "" || strings.ContainsAny(tail, amountSeparators):
			return 0, bad
		case len(tail) == 3 && groupedDigits(s) != "":
			// Thousands, unless this separator is the only one: then it may as well
			// be a decimal point.
			if strings.Count(s, sep) == 1 {
				return 0, passerelle.Errorf(passerelle.EINVALID, "%q can be read two ways (thousands or decimals): write it without the separator, such as 1234, or with two decimals, such as 1234,00 or 1,23", orig)
			}
		default:
			if strings.Contains(s[:i], sep) {
				return 0, bad // 1,234,56: one character cannot be both separators
			}
			whole, frac = s[:i], tail
		}
	}
	digits, ok := wholeDigits(whole)
	if !ok || digits+frac == "" {
		return 0, bad
	}
	// More than two decimals, where the separator can only be the decimal point
	// (250000.505: no group of thousands has six digits before it), are rounded to the
	// cent, half up: funding tables computed by shares carry them.
	up := false
	if len(frac) > 2 {
		up, frac = frac[2] >= '5', frac[:2]
	}
	digits = strings.TrimLeft(digits+frac+strings.Repeat("0", 2-len(frac)), "0")
	if digits == "" {
		digits = "0"
	}
	c, err := strconv.ParseInt(digits, 10, 64)
	if up {
		c++
	}
	if err != nil || c > passerelle.MaxAmountCents {
		return 0, passerelle.Errorf(passerelle.EINVALID, "an amount of at least 0 and at most %s", passerelle.FormatCents(passerelle.MaxAmountCents))
	}
	if neg && c != 0 {
		return 0, bad
	}
	return c, nil
}

// amountSeparators are the thousands and decimal separators of an amount, no-break
// spaces made plain.
const amountSeparators = " .,'"

// wholeDigits returns the digits of the whole part of an amount: plain digits, or
// groupedDigits; "" is no digit.
func wholeDigits(s string) (string, bool) {
	if !strings.ContainsAny(s, amountSeparators) {
		return s, true
	}
	d := groupedDigits(s)
	return d, d != ""
}

// groupedDigits returns the digits of s when s is a first group of 1 to 3 digits (not
// starting with 0) and groups of three, all separated by one same separator; else "".
func groupedDigits(s string) string {
	i := strings.IndexAny(s, amountSeparators)
	if i < 1 || i > 3 || s[0] == '0' {
		return ""
	}
	groups := strings.Split(s, s[i:i+1])
	for k, g := range groups {
		if (k > 0 && len(g) != 3) || strings.ContainsAny(g, amountSeparators) {
			return ""
		}
	}
	return strings.Join(groups, "")
}

// ParticipationRole reads a role: coordinator (coordinator, coordinateur, Koordinator,
// COORDINATOR…) or the role as written, in lower case; participant when empty.
func ParticipationRole(s string) string {
	f := passerelle.Fold(s)
	switch {
	case f == "":
		return passerelle.ProjectParticipant
	case strings.HasPrefix(f, "coord") || strings.HasPrefix(f, "koord"):
		return passerelle.ProjectCoordinator
	}
	return strings.ReplaceAll(f, " ", "_")
}

// cp1252 are the characters that Windows-1252 puts at 0x80-0x9F, by byte.
var cp1252 = map[rune]byte{'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89,
	'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F}

// RepairMojibake undoes UTF-8 text that was read as Latin-1 or Windows-1252 and encoded
// again ("Parc des CÃ¨dres" -> "Parc des Cèdres"). Text that does not decode back to
// valid UTF-8 that way is returned unchanged, so correct text is never touched.
func RepairMojibake(s string) string {
	if !strings.ContainsAny(s, "ÃÂÅÄâ") {
		return s
	}
	for range 2 { // some files were encoded twice over
		b := make([]byte, 0, len(s))
		for _, r := range s {
			switch {
			case r < 0x100:
				b = append(b, byte(r))
			case cp1252[r] != 0:
				b = append(b, cp1252[r])
			default:
				return s
			}
		}
		if !utf8.Valid(b) || bytes.Equal(b, []byte(s)) {
			return s
		}
		t := string(b)
		// Only a repair when the result has fewer characters (two became one).
		if utf8.RuneCountInString(t) >= utf8.RuneCountInString(s) {
			return s
		}
		s = t
		if !strings.ContainsAny(s, "ÃÂÅÄâ") {
			break
		}
	}
	return s
}
