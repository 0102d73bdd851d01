package interchange

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// A date typed into a spreadsheet is stored as a number of days (2026-01-01 is 46023)
// with a date format; read raw, it would reach the import as "46023" and be refused.
// The row iterator gives no cell's style, so xlsxDateCells reads the sheet's XML a
// second time, in a stream, for the numeric cells whose format is a date or a time,
// and gives their text as the import reads dates: 2026-01-01, 2026-01-01 09:30, 09:30.

// xlsxCell is a cell's column and row, from 1.
type xlsxCell struct{ col, row int }

// xlsxDateCells returns the text of the date cells of a sheet, by cell. A workbook
// whose parts it cannot find gives none: its cells are then read as they are stored.
func xlsxDateCells(f *excelize.File, data []byte, sheet string) (map[xlsxCell]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	part := xlsxSheetPart(zr, sheet)
	if part == nil {
		return nil, nil
	}
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	kinds := map[int]dateKind{} // by style
	kindOf := func(s int) dateKind {
		k, ok := kinds[s]
		if !ok {
			if st, err := f.GetStyle(s); err == nil {
				code := ""
				if st.CustomNumFmt != nil {
					code = *st.CustomNumFmt
				}
				k = numFmtKind(st.NumFmt, code)
			}
			kinds[s] = k
		}
		return k
	}
	rc, err := part.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	out := map[xlsxCell]string{}
	dec := xml.NewDecoder(rc)
	var row, col int
	var kind dateKind // of the cell being read; 0 when it is no date
	inV := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = row+1, 0
				if r, err := strconv.Atoi(xmlAttr(t, "r")); err == nil {
					row = r
				}
			case "c":
				col++
				if ref := xmlAttr(t, "r"); ref != "" {
					if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
						col, row = c, r
					}
				}
				kind = 0
				if typ := xmlAttr(t, "t"); typ == "" || typ == "n" {
					if s, err := strconv.Atoi(xmlAttr(t, "s")); err == nil && s > 0 {
						kind = kindOf(s)
					}
				}
			case "v":
				inV = kind != 0
			}
		case xml.CharData:
			if inV {
				if v, err := strconv.ParseFloat(strings.TrimSpace(string(t)), 64); err == nil && v >= 0 {
					if tm, err := excelize.ExcelDateToTime(v, date1904); err == nil {
						out[xlsxCell{col, row}] = kind.format(tm)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "v" {
				inV = false
			}
		}
	}
}

func xmlAttr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xlsxSheetPart finds the part of a sheet: its relationship in xl/workbook.xml, and
// that relationship's target in xl/_rels/workbook.xml.rels.
func xlsxSheetPart(zr *zip.Reader, sheet string) *zip.File {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xmlPart(zr, "xl/workbook.xml", &wb) != nil || xmlPart(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return nil
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID != s.ID {
				continue
			}
			name := path.Join("xl", r.Target)
			if strings.HasPrefix(r.Target, "/") {
				name = strings.TrimPrefix(r.Target, "/")
			}
			for _, f := range zr.File {
				if strings.EqualFold(f.Name, name) {
					return f
				}
			}
		}
	}
	return nil
}

func xmlPart(zr *zip.Reader, name string, v any) error {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			defer rc.Close()
			return xml.NewDecoder(rc).Decode(v)
		}
	}
	return io.ErrUnexpectedEOF
}

// dateKind says what of a date and time a number format shows.
type dateKind int

const (
	notDate dateKind = iota
	dateOnly
	dateTime
	timeOnly
)

// numFmtKind classes a number format: the built-in ones by id (14-17 and 27-36, 50-58
// in East Asian workbooks, are dates; 18-21, 45 and 47 times; 22 both), a custom one by
// its code, once its literal text ("...", \x, _x, *x) and its brackets ([Red],
// [$€-40C]) are set aside: y or d is a date, h or s a time. A duration ([h]:mm, id 46)
// may pass 24 hours: it is no time of day, and stays a number.
func numFmtKind(id int, code string) dateKind {
	switch {
	case id == 22:
		return dateTime
	case id >= 14 && id <= 17, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return dateOnly
	case id >= 18 && id <= 21, id == 45, id == 47:
		return timeOnly
	case code == "":
		return notDate
	}
	code, _, _ = strings.Cut(code, ";") // the format of positive numbers
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			if in := strings.ToLower(code[i+1 : i+j]); in != "" && strings.Trim(in, "hms") == "" {
				return notDate
			}
			i += j
		default:
			b.WriteByte(c | 0x20) // lower case, for letters
		}
	}
	s := b.String()
	date := strings.ContainsAny(s, "yd")
	clock := strings.ContainsAny(s, "hs")
	switch {
	case date && clock:
		return dateTime
	case date:
		return dateOnly
	case clock:
		return timeOnly
	}
	return notDate
}

// format writes a date as the import reads it: a day, a day and a time when the time is
// not midnight, or a time. Seconds are written only when there are some.
func (k dateKind) format(t time.Time) string {
	clock := "15:04"
	if t.Second() != 0 {
		clock = "15:04:05"
	}
	switch {
	case k == timeOnly:
		return t.Format(clock)
	case k == dateTime && (t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0):
		return t.Format("2006-01-02 " + clock)
	}
	return t.Format(time.DateOnly)
}
