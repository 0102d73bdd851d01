package interchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"passerelle"
)

// OrgFields are the fields an organisations file may give, each with the headers that
// name it (folded: case, accents and punctuation do not matter).
var OrgFields = []struct {
	Field   string
	Headers []string
}{
	{"name", []string{"name", "nom", "organisation", "organization", "raison sociale", "denomination", "nom de l organisation", "display name"}},
	{"country", []string{"country", "pays", "country code", "code pays", "country_code"}},
	{"city", []string{"city", "ville", "commune", "town"}},
	{"website", []string{"website", "site web", "site", "url", "web", "site internet", "homepage", "links"}},
	{"ror_id", []string{"ror id", "ror", "ror_id", "identifiant ror"}},
	{"acronyms", []string{"acronym", "acronyms", "sigle", "sigles", "acronyme", "acronymes"}},
	{"aliases", []string{"aliases", "alias", "autres noms", "other names"}},
	{"kind", []string{"kind", "type", "types", "categorie", "category"}},
}

// MaxOrgRows bounds the rows of one organisations file: the whole file is matched
// before anything is saved, in memory.
const MaxOrgRows = 200000

// OrgFile is an organisations file read into rows; Ignored lists the columns that no
// field uses.
type OrgFile struct {
	Rows    []passerelle.OrgRow
	Ignored []string
	// Header is the file's first line, and Columns the header that feeds each field
	// (by the mapping, else recognised), for a page to show and change.
	Header  []string
	Columns map[string]string
	// Sheet is the sheet read, in a workbook: the first with data; OtherSheets are the
	// workbook's other sheets with data, which are not read.
	Sheet       string
	OtherSheets []string
	// HeaderLine is the header's line (1 unless blank or title rows come first), and
	// Above the cells of the title rows above it, which were skipped (see titleRows).
	HeaderLine int
	Above      []string
}

// ReadOrgFile reads an organisations file, CSV (in enc, "" for UTF-8) or XLSX (by its
// extension or its first bytes). mapping names the column of a field
// ("name" -> "Raison sociale") where the usual headers do not. Every bad row is
// reported, with its line and field.
func ReadOrgFile(path, enc string, mapping map[string]string) (*OrgFile, error) {
	table, lines, sheet, err := readOrgTable(path, enc)
	if err != nil {
		return nil, err
	}
	return orgRows(table, lines, sheet, mapping, nil)
}

// TargetFields are the columns a mission's list of targets may add to an organisations
// file (ReadTargetFile): why meet it, its group (the rows of one group are met in one
// meeting), when it is available, the venue where it is met, and the members who want
// to meet it.
var TargetFields = []fieldHeaders{
	{"why", []string{"why", "pourquoi", "interest", "interet", "motif", "objet", "notes", "comment", "commentaire"}},
	{"group", []string{"group", "groupe", "meeting", "rendez vous", "reunion"}},
	{"availability", []string{"availability", "available", "disponibilite", "disponibilites", "disponible", "when", "quand"}},
	{"venue", []string{"venue", "lieu", "place", "site de rencontre"}},
	// The member institutes that want to meet it, by name, separated by ; or ,.
	{"members", []string{"members", "membres", "wanted by", "asked by", "demande par", "institutes", "instituts", "member", "membre"}},
}

// ReadTargetFile reads a mission's list of targets: an organisations file (ReadOrgFile)
// whose rows may also give TargetFields, kept in each row's Extra.
func ReadTargetFile(path, enc string, mapping map[string]string) (*OrgFile, error) {
	table, lines, sheet, err := readOrgTable(path, enc)
	if err != nil {
		return nil, err
	}
	return orgRows(table, lines, sheet, mapping, TargetFields)
}

// TargetColumns reads the header of a mission's list of targets and the column each
// field takes (ReadTargetFile's) with mapping, even when no column gives the name: for
// a page to offer the columns when the file was refused.
func TargetColumns(path, enc string, mapping map[string]string) (header []string, columns map[string]string, err error) {
	return fileColumns(path, enc, append(append([]fieldHeaders{}, OrgFields...), TargetFields...), mapping)
}

// OrgFileColumns is TargetColumns for an organisations file (ReadOrgFile's fields).
func OrgFileColumns(path, enc string, mapping map[string]string) (header []string, columns map[string]string, err error) {
	return fileColumns(path, enc, OrgFields, mapping)
}

// PersonFileColumns is TargetColumns for a contact list (ReadPersonFile's fields).
func PersonFileColumns(path, enc string, mapping map[string]string) (header []string, columns map[string]string, err error) {
	return fileColumns(path, enc, PersonFields, mapping)
}

// fileColumns reads a file's header and the header that feeds each of fields, by
// mapping or, when mapping names what the file lacks, by the headers alone.
func fileColumns(path, enc string, fields []fieldHeaders, mapping map[string]string) ([]string, map[string]string, error) {
	table, lines, _, err := readOrgTable(path, enc)
	if err != nil {
		return nil, nil, err
	}
	if table, lines = skipBlankTop(table, lines); len(table) == 0 {
		return nil, nil, passerelle.Errorf(passerelle.EINVALID, "the file is empty")
	}
	table, _, _ = titleRows(table, lines, func(r []string) bool {
		c, _, err := mapColumns(r, fields, mapping)
		if err != nil {
			c, _, err = mapColumns(r, fields, nil)
		}
		return err == nil && namesSomeone(c)
	})
	col, _, err := mapColumns(table[0], fields, mapping)
	if err != nil {
		col, _, err = mapColumns(table[0], fields, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	return table[0], headerOf(table[0], col), nil
}

// headerOf names the column of each field by its header.
func headerOf(header []string, col map[string]int) map[string]string {
	out := make(map[string]string, len(col))
	for f, i := range col {
		out[f] = header[i]
	}
	return out
}

// sheetRead says which sheet of a workbook a file's rows come from ("" for CSV), and
// which other sheets hold data.
type sheetRead struct {
	Name   string
	Others []string
}

// readOrgTable reads the cells of an organisations file, CSV or XLSX, each row with its
// line.
func readOrgTable(path, enc string) ([][]string, []int, sheetRead, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, sheetRead{}, err
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, sheetRead{}, err
	}
	var table [][]string
	var lines []int
	var sheet sheetRead
	if strings.EqualFold(filepath.Ext(path), ".xlsx") || bytes.Equal(head[:n], []byte("PK\x03\x04")) {
		table, sheet, err = readOrgXLSX(f)
		for i := range table {
			lines = append(lines, i+1)
		}
	} else {
		table, lines, err = readOrgCSV(f, enc)
	}
	if err != nil {
		return nil, nil, sheet, err
	}
	// The header's names go into messages and pages (the columns offered for each
	// field): bounded, so that a hostile header does not make pages of megabytes.
	for i, r := range table {
		if blank(r) {
			continue
		}
		size := 0
		for _, c := range r {
			size += utf8.RuneCountInString(c)
		}
		if size > maxHeaderText {
			return nil, nil, sheet, passerelle.Errorf(passerelle.EINVALID, "line %d, read as the header, holds more than %d characters: is it the header?", lines[i], maxHeaderText)
		}
		break
	}
	return table, lines, sheet, nil
}

// maxHeaderText bounds the text of a list's header row, all its cells together.
const maxHeaderText = 32768

// trimBlankTail returns r without its blank cells after the last that is not.
func trimBlankTail(r []string) []string {
	n := len(r)
	for n > 0 && strings.TrimSpace(r[n-1]) == "" {
		n--
	}
	return r[:n:n]
}

// skipBlankTop drops the blank rows above the header: a sheet may start lower down.
func skipBlankTop(table [][]string, lines []int) ([][]string, []int) {
	for len(table) > 0 && blank(table[0]) {
		table, lines = table[1:], lines[1:]
	}
	return table, lines
}

// titleRows finds the header under a sheet's title: when the first row names no column
// for the name (has) but one of the next ten does, and every row above that one holds
// at most two cells (a title, a date: not the header of other columns), the header is
// that row. It returns the table from the header on, and the cells of the rows above,
// which the import skips and names; otherwise the table as it was.
func titleRows(table [][]string, lines []int, has func([]string) bool) ([][]string, []int, []string) {
	if has(table[0]) {
		return table, lines, nil
	}
	for k := 1; k < len(table) && k <= 10; k++ {
		if filled(table[k-1]) > 2 {
			break
		}
		if !has(table[k]) {
			continue
		}
		var above []string
		for _, r := range table[:k] {
			for _, c := range r {
				if c = strings.TrimSpace(c); c != "" {
					above = append(above, c)
				}
			}
		}
		return table[k:], lines[k:], above
	}
	return table, lines, nil
}

// filled counts a row's cells that hold something.
func filled(r []string) int {
	n := 0
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// namesSomeone reports whether columns found by mapColumns give a name: an
// organisation's, or a person's in one column or two.
func namesSomeone(col map[string]int) bool {
	for _, f := range []string{"name", "first_name", "last_name"} {
		if _, ok := col[f]; ok {
			return true
		}
	}
	return false
}

// noHeader is the error of a sheet whose first row with data, taken as its header,
// names no column for the name: which sheet, which row, its cells, and a row below
// that would do (under a title, say), found by has.
func noHeader(table [][]string, lines []int, sheet sheetRead, has func([]string) bool, org bool) error {
	for k := 1; k < len(table) && k <= 10; k++ {
		if has(table[k]) {
			if org {
				return passerelle.Errorf(passerelle.EINVALID, "sheet %q, row %d, read as the header: no column for the name (name, nom…; or --map name=COLUMN); its cells are: %s. Row %d has one: delete the rows above it", sheet.Name, lines[0], columnList(table[0]), lines[k])
			}
			return passerelle.Errorf(passerelle.EINVALID, "sheet %q, row %d, read as the header: no column for the name (first name and last name, prénom and nom, or name; or --map last_name=COLUMN); its cells are: %s. Row %d has one: delete the rows above it", sheet.Name, lines[0], columnList(table[0]), lines[k])
		}
	}
	if org {
		return passerelle.Errorf(passerelle.EINVALID, "sheet %q, row %d, read as the header: no column for the name (name, nom…; or --map name=COLUMN); its cells are: %s", sheet.Name, lines[0], columnList(table[0]))
	}
	return passerelle.Errorf(passerelle.EINVALID, "sheet %q, row %d, read as the header: no column for the name (first name and last name, prénom and nom, or name; or --map last_name=COLUMN); its cells are: %s", sheet.Name, lines[0], columnList(table[0]))
}

func readOrgCSV(r io.Reader, enc string) ([][]string, []int, error) {
	enc, err := ParseEncoding(enc)
	if err != nil {
		return nil, nil, err
	}
	cr := sniffedCSV(bufio.NewReaderSize(decodeText(r, enc), 64<<10))
	return readCSVTable(cr, MaxOrgRows, "save the file as UTF-8, or give its encoding (windows-1252 or latin1)")
}

// readCSVTable reads every record of a CSV file, each with the line it starts on:
// strict quotes, text that must be UTF-8 (utf8Hint says how to fix it), no NUL, cells the
// export neutralised restored (RestoreCell), the header's byte-order mark dropped, at most
// maxRows rows. Each problem names its line.
func readCSVTable(cr *csv.Reader, maxRows int, utf8Hint string) ([][]string, []int, error) {
	var table [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			switch {
			case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote):
				return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: a quoted cell is not closed, or a quote inside it is not doubled (the reading stopped at line %d)", pe.StartLine, pe.Line)
			case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote):
				return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: a quote inside a cell that is not quoted; quote the cell and double the quotes inside it", pe.Line)
			case errors.As(err, &pe):
				return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: %v", pe.Line, pe.Err)
			}
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		for i, c := range rec {
			if !utf8.ValidString(c) {
				l, _ := cr.FieldPos(i)
				l += strings.Count(c[:invalidByte(c)], "\n")
				return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: the text is not UTF-8; %s", l, utf8Hint)
			}
			if passerelle.HasNUL(c) {
				return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: a cell holds a NUL character", line)
			}
			if len(table) > 0 {
				rec[i] = RestoreCell(c)
			}
		}
		if len(table) == 0 && len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
		}
		// Blank cells past a row's last value (a spreadsheet's trailing separators) are
		// no data; a value past column maxColumns is no list's.
		rec = trimBlankTail(rec)
		if len(rec) > maxColumns {
			return nil, nil, passerelle.Errorf(passerelle.EINVALID, "line %d: a cell in column %s, past column %s: a list has at most %d columns", line, columnName(len(rec)-1), columnName(maxColumns-1), maxColumns)
		}
		if len(table) > maxRows {
			return nil, nil, passerelle.Errorf(passerelle.EINVALID, "more than %d rows: split the file", maxRows)
		}
		table = append(table, rec)
		lines = append(lines, line)
	}
	return table, lines, nil
}

// readOrgXLSX reads the first sheet of a workbook that has data (an empty first sheet
// is common: data pasted into the second), and names the other sheets with data, which
// it does not read.
func readOrgXLSX(r io.Reader) (table [][]string, sheet sheetRead, err error) {
	defer func() {
		if p := recover(); p != nil {
			table, err = nil, passerelle.Errorf(passerelle.EINVALID, "not a readable XLSX file (%v)", p)
		}
	}()
	data, err := io.ReadAll(io.LimitReader(r, xlsxMaxFile+1))
	if err != nil {
		return nil, sheet, err
	}
	if len(data) > xlsxMaxFile {
		return nil, sheet, passerelle.Errorf(passerelle.EINVALID, "the workbook is larger than %d MB", xlsxMaxFile>>20)
	}
	if err := checkXLSXZip(data); err != nil {
		return nil, sheet, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, sheet, passerelle.Errorf(passerelle.EINVALID, "not an XLSX file: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, sheet, passerelle.Errorf(passerelle.EINVALID, "the workbook has no sheet")
	}
	for _, name := range sheets {
		has, err := sheetHasData(f, name)
		if err != nil {
			return nil, sheet, err
		}
		switch {
		case !has:
		case sheet.Name == "":
			sheet.Name = name
		default:
			sheet.Others = append(sheet.Others, name)
		}
	}
	if sheet.Name == "" {
		return nil, sheet, nil // the file is empty
	}
	table, err = readXLSXSheet(f, data, sheet.Name)
	if len(table) > MaxOrgRows+1 {
		return nil, sheet, passerelle.Errorf(passerelle.EINVALID, "more than %d rows: split the file", MaxOrgRows)
	}
	return table, sheet, err
}

// fileKinds maps the registry's types to kinds, for files exported from it.
var fileKinds = map[string]passerelle.OrgKind{"education": passerelle.KindUniversity, "healthcare": passerelle.KindHospital,
	"facility": passerelle.KindResearchInstitute, "government": passerelle.KindGovernment, "company": passerelle.KindCompany,
	"nonprofit": passerelle.KindOther, "funder": passerelle.KindOther, "archive": passerelle.KindOther, "other": passerelle.KindOther}

// fieldHeaders is a field of a file and the headers that name it.
type fieldHeaders = struct {
	Field   string
	Headers []string
}

// orgRows reads the rows of an organisations file; extra are further fields kept in
// each row's Extra.
func orgRows(table [][]string, lines []int, sheet sheetRead, mapping map[string]string, extra []fieldHeaders) (*OrgFile, error) {
	if table, lines = skipBlankTop(table, lines); len(table) == 0 {
		return nil, passerelle.Errorf(passerelle.EINVALID, "the file is empty")
	}
	fields := append(append([]fieldHeaders{}, OrgFields...), extra...)
	hasName := func(r []string) bool {
		c, _, err := mapColumns(r, fields, mapping)
		_, ok := c["name"]
		return err == nil && ok
	}
	table, lines, above := titleRows(table, lines, hasName)
	header := table[0]
	col, ignored, err := mapColumns(header, fields, mapping)
	if err != nil {
		return nil, err
	}
	if _, ok := col["name"]; !ok {
		if sheet.Name != "" {
			return nil, noHeader(table, lines, sheet, hasName, true)
		}
		return nil, passerelle.Errorf(passerelle.EINVALID, "line 1: no column for the name (name, nom…; or --map name=COLUMN); the columns are: %s", columnList(header))
	}
	out := &OrgFile{Ignored: ignored, Header: header, Columns: headerOf(header, col), Sheet: sheet.Name, OtherSheets: sheet.Others,
		HeaderLine: lines[0], Above: above}
	get := func(r []string, field string) string {
		i, ok := col[field]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
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
		o := &passerelle.Organization{Name: get(r, "name"), City: get(r, "city"), RORID: get(r, "ror_id")}
		o.Country = CountryCode(get(r, "country"))
		if w := get(r, "website"); w != "" {
			if !strings.Contains(w, "://") {
				w = "https://" + w
			}
			o.Website = w
		}
		o.Acronyms, o.Aliases = splitList(get(r, "acronyms")), splitList(get(r, "aliases"))
		if k := strings.ToLower(get(r, "kind")); k != "" {
			k = strings.Split(k, "|")[0]
			k = strings.TrimSpace(strings.Split(k, ";")[0])
			if rk, ok := fileKinds[k]; ok {
				o.Kind = rk
			} else if passerelle.OrgKind(k).Valid() {
				o.Kind = passerelle.OrgKind(k)
			} else {
				res.AddProblems(passerelle.ImportProblem{Line: line, Field: "kind", Message: passerelle.M("unknown kind %q", k)})
				continue
			}
		}
		row := passerelle.OrgRow{Line: line, Organization: o}
		for _, f := range extra {
			if v := get(r, f.Field); v != "" {
				if row.Extra == nil {
					row.Extra = map[string]string{}
				}
				row.Extra[f.Field] = v
			}
		}
		out.Rows = append(out.Rows, row)
	}
	if err := badRows(res); err != nil {
		return nil, err
	}
	return out, nil
}

// pastHeader is the problem of a row with cells past the header's last column: no field
// reads them, and in a CSV file they most often come from a separator inside a cell
// that is not quoted, which has shifted the row's other cells too. Blank cells there
// (trailing separators) are no problem.
func pastHeader(header, r []string, line int) (passerelle.ImportProblem, bool) {
	if len(r) <= len(header) || blank(r[len(header):]) {
		return passerelle.ImportProblem{}, false
	}
	return passerelle.ImportProblem{Line: line, Message: passerelle.M("cells past the header's last column, from column %s: a separator inside a cell that is not quoted, or a column without a header", columnName(len(header)))}, true
}

// rowProblem is the problem of a row that no field can be read from as it is: cells
// past the header (pastHeader), or a spreadsheet's error in a column a field reads
// (sheetErrorCells).
func rowProblem(header, r []string, col map[string]int, line int) (passerelle.ImportProblem, bool) {
	if p, bad := pastHeader(header, r, line); bad {
		return p, true
	}
	return sheetErrorCells(r, col, line)
}

// badRows is the error of a file with bad rows, every one listed with its line and
// field, or nil.
func badRows(res *passerelle.ImportResult) error {
	if res.ProblemCount() == 0 {
		return nil
	}
	// In line order: sorted as text, line 10 came before line 2.
	ps := slices.Clone(res.Problems)
	slices.SortStableFunc(ps, func(a, b passerelle.ImportProblem) int { return a.Line - b.Line })
	return passerelle.Errorf(passerelle.EINVALID, "nothing imported: %d bad row(s):\n%s", res.ProblemCount(), passerelle.ImportProblemList(ps, res.MoreProblems))
}

// mapColumns finds the column of each field: the one mapping names (FIELD -> header;
// an empty header: none), else the first unused column whose header is one of the
// field's. It returns the
// columns by field and the headers no field uses.
func mapColumns(header []string, fields []fieldHeaders, mapping map[string]string) (map[string]int, []string, error) {
	col := map[string]int{}
	used := map[int]bool{}
	known := map[string]bool{}
	var names []string
	for _, f := range fields {
		known[f.Field] = true
		names = append(names, f.Field)
	}
	none := map[string]bool{}
	for field, name := range mapping {
		if !known[field] {
			return nil, nil, passerelle.FieldError("map", "unknown field %q (fields: %s)", field, strings.Join(names, ", "))
		}
		if strings.TrimSpace(name) == "" {
			none[field] = true // FIELD= : no column, whatever the headers say
			continue
		}
		found := false
		for i, h := range header {
			if passerelle.Fold(h) == passerelle.Fold(name) {
				col[field], used[i], found = i, true, true
				break
			}
		}
		if !found {
			return nil, nil, passerelle.FieldError("map", "the file has no column %q for %s", passerelle.Clip(name, passerelle.EchoLength), field)
		}
	}
	for _, f := range fields {
		if _, ok := col[f.Field]; ok || none[f.Field] {
			continue
		}
	next:
		for _, h := range f.Headers {
			for i, x := range header {
				if !used[i] && passerelle.Fold(x) == passerelle.Fold(h) {
					col[f.Field], used[i] = i, true
					break next
				}
			}
		}
	}
	var ignored []string
	for i, h := range header {
		if !used[i] && strings.TrimSpace(h) != "" {
			ignored = append(ignored, h)
		}
	}
	return col, ignored, nil
}

// splitList reads a cell of several values, separated by semicolons or bars.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
